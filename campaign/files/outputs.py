"""The one gate every file or folder the tool writes goes through: it writes only what it made.

Rules, for every writer (charts, call lists, work-search logs, report workbooks, calendar
files, week folders, batch and letter folders, and the email/ folder of .eml files and
outbox.mbox inside a week or batch folder):

- The campaign folder's own files are never an output path: campaign.db (and its -wal/-shm/
  -journal), campaign.toml, templates/ and anything in it, the campaign folder itself, a folder
  above it, or any other campaign folder. They change only through the commands made for them
  (templates/NAME.txt through `template import`, which keeps a template unless --replace).
- A path that exists is replaced only if the tool made it, as read back from a mark it left:
  a file's own mark (an .xlsx's Subject property, a chart's PNG text chunk or PDF Creator, a
  calendar's PRODID) through the `ours` test the writer passes; a folder's mark file
  `.campaign-output`. An empty folder is free to use, and so is a folder inside the campaign's
  own out/ (where week and batch folders made before the mark existed live). Anything else is
  refused in one line naming the path, before anything is computed or recorded.
- The last part of an output path must not be a symbolic link: the link would be replaced, or
  written through, and what it points at is not the tool's to judge.
- Writes are atomic (files/atomic.py): a file or folder appears whole or not at all, and the
  temporaries an interrupted run left beside it are removed by the next run.

API:
    check_file(path, campaign, ours=..., what="a chart")      refuse early, or return the path
    write_file(path, campaign, ours=..., what=...)            context manager: check, then
                                                              yield a temporary to write into
    check_folder(path, campaign)                              refuse early, or return the path
    build_folder(path, campaign, label=...)                   context manager: a new folder,
                                                              marked, swapped in whole
    filling_folder(path, campaign, label=...)                 context manager: check, mark,
                                                              and yield a folder to fill file
                                                              by file (each file atomic)
    mark_folder(path, label)                                  leave the folder mark
    workbook_subject(path)                                    an .xlsx's Subject, "" if none
    png_text(path, key) / pdf_creator(path)                   read a chart's mark back
A writer states what it makes with a MARK string and an `ours` test reading it back; a new
writer adds both beside its own code and calls check_file early (before recording anything)
and write_file (or build_folder) to write.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file, atomic_folder, remove_stale_parts

# Mirrors of config.CONFIG_NAME, store.database.DB_NAME and jobs.init.TEMPLATES_DIR, named
# here so that checking a path imports neither settings nor the store.
CAMPAIGN_FILES = ("campaign.toml", "campaign.db")
TEMPLATES_DIR = "templates"
FOLDER_MARK = ".campaign-output"
OUT_DIR = "out"  # where outputs go by default, inside the campaign folder
# Every mark the tool leaves starts so; an .xlsx Subject, a PNG Software text, a PDF Creator.
MARK = "campaign"

_UNCHANGED = "nothing was changed"


def _real(path: Path) -> Path:
    """`path` made absolute with every part but the last resolved: a link there stays a link."""
    path = Path(os.path.abspath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def _is_campaign_folder(path: Path) -> bool:
    return path.is_dir() and any((path / name).is_file() for name in CAMPAIGN_FILES)


def campaign_own(path: Path | str, campaign: Path | str) -> str | None:
    """Why `path` belongs to a campaign and is no output (a reason to show), or None."""
    path, home = _real(Path(path)), Path(os.path.realpath(campaign))
    if path == home:
        return "is the campaign folder itself"
    if path in home.parents:
        return f"holds the campaign folder {home}"
    if path.parent == home and (path.name in CAMPAIGN_FILES or any(
            path.name.startswith(f"{name}-") for name in CAMPAIGN_FILES)):
        return "is one of the campaign's own files"
    if (path.parent == home and path.name == TEMPLATES_DIR) or home / TEMPLATES_DIR in path.parents:
        return "belongs to the campaign's templates"
    if _is_campaign_folder(path) or (path.name in CAMPAIGN_FILES
                                     and _is_campaign_folder(path.parent)):
        return "belongs to a campaign folder"
    return None


def _refuse(path: Path, reason: str) -> CampaignError:
    return CampaignError(f"{path}: {reason}; {_UNCHANGED}")


def _check_common(path: Path, campaign: Path | str) -> None:
    reason = campaign_own(path, campaign)
    if reason:
        raise _refuse(path, f"{reason}, not an output; write elsewhere")
    if path.is_symlink():
        raise _refuse(path, "is a symbolic link; give the real path (the tool does not write "
                            "through or over links)")
    probe = path.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise _refuse(path, f"cannot write there ({probe} is a file)")
    if not os.access(probe, os.W_OK):
        raise _refuse(path, "cannot write there (no permission)")


def check_file(path: Path | str, campaign: Path | str, *, ours: Callable[[Path], bool],
               what: str) -> Path:
    """Refuse `path` unless it is new or is `what` (e.g. "a chart") the tool made itself."""
    _check_common(Path(path), campaign)
    shown, path = path, Path(os.path.abspath(path))
    if path.is_dir():
        raise _refuse(Path(shown), "is a folder; give a file name")
    if path.exists():
        try:
            mine = ours(path)
        except OSError:
            mine = False
        if not mine:
            raise _refuse(Path(shown), f"exists and is not {what} made by campaign; choose "
                                       "another file name or move it away")
    return path


@contextlib.contextmanager
def write_file(path: Path | str, campaign: Path | str, *, ours: Callable[[Path], bool],
               what: str) -> Iterator[Path]:
    """Check `path` as `check_file` does, then yield a temporary that replaces it on success."""
    path = check_file(path, campaign, ours=ours, what=what)
    remove_stale_parts(path)
    with atomic_file(path) as tmp:
        yield tmp


def folder_is_ours(path: Path) -> bool:
    return (path / FOLDER_MARK).is_file() and not (path / FOLDER_MARK).is_symlink()


def check_folder(path: Path | str, campaign: Path | str) -> Path:
    """Refuse `path` as an output folder unless it is new, empty or one the tool marked."""
    _check_common(Path(path), campaign)
    shown, path = path, Path(os.path.abspath(path))
    here = Path(os.path.realpath("."))
    if _real(path) == here or _real(path) in here.parents:
        # Replacing the folder one stands in would pull it from under the shell.
        raise _refuse(Path(shown), "is the current folder (or holds it); give a folder inside it")
    if path.exists() and not path.is_dir():
        raise _refuse(Path(shown), "is a file, not a folder")
    home_out = Path(os.path.realpath(campaign)) / OUT_DIR
    # Folders in the campaign's own out/ were made by the tool before folders carried a mark.
    legacy = home_out in _real(path).parents
    if path.is_dir() and not (folder_is_ours(path) or legacy) and any(path.iterdir()):
        raise _refuse(Path(shown), f"is a folder campaign did not make (it has no "
                                   f"{FOLDER_MARK} mark and is not empty); give a new or empty "
                                   "folder")
    return path


def mark_folder(path: Path | str, label: str) -> Path:
    """Leave the mark that makes `path` the tool's own output folder (kept if already there)."""
    Path(path).mkdir(parents=True, exist_ok=True)
    mark = Path(path) / FOLDER_MARK
    remove_stale_parts(mark)  # what an interrupted run left in the folder
    if not mark.exists():
        with atomic_file(mark) as tmp:
            tmp.write_text(f"Made by {MARK}: {label}. Files here are rewritten when it is made "
                           "again; other files you add are kept.\n", encoding="utf-8")
    return mark


@contextlib.contextmanager
def filling_folder(path: Path | str, campaign: Path | str, *, label: str) -> Iterator[Path]:
    """Check `path`, mark it and yield it to be filled file by file (each file atomic). If the
    block fails in a folder it made, the folder goes again rather than stay empty."""
    path = check_folder(path, campaign)
    made = not path.exists()
    mark_folder(path, label)  # first: a run cut short leaves a folder the next may write again
    try:
        yield path
    except BaseException:
        if made and [p.name for p in path.iterdir()] == [FOLDER_MARK]:
            (path / FOLDER_MARK).unlink()
            path.rmdir()
        raise


@contextlib.contextmanager
def build_folder(path: Path | str, campaign: Path | str, *, label: str) -> Iterator[Path]:
    """Check `path`, then yield a new marked folder that replaces it whole on success. Folders
    that an interrupted build of the same path left behind are removed first."""
    path = check_folder(path, campaign)
    remove_stale_parts(path)
    with atomic_folder(path) as build:
        mark_folder(build, label)
        yield build


# -- reading marks back -------------------------------------------------------------------------
# Namespace declarations may sit on the element itself (openpyxl writes them there when lxml
# is installed), and the prefix is the writer's choice: match the element by its local name.
_SUBJECT = re.compile(rb"<(?:[\w.-]+:)?subject\b[^>]*>([^<]*)</(?:[\w.-]+:)?subject>")


def workbook_subject(path: Path | str) -> str:
    """The Subject property of an .xlsx (where the tool writes its mark), "" if none or not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")[:65536]
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):
        return ""
    found = _SUBJECT.search(core)
    if not found:
        return ""
    from html import unescape

    return unescape(found.group(1).decode("utf-8", "replace"))


def png_text(path: Path | str, key: str) -> str:
    """The value of a PNG tEXt chunk (where a chart keeps its mark), "" if none."""
    with open(path, "rb") as handle:
        if handle.read(8) != b"\x89PNG\r\n\x1a\n":
            return ""
        while True:
            head = handle.read(8)
            if len(head) < 8:
                return ""
            length, kind = struct.unpack(">I4s", head)
            if kind == b"IDAT" or length > 1 << 20:
                return ""  # text chunks that matter come before the image data
            body = handle.read(length)
            handle.read(4)  # CRC
            if kind == b"tEXt":
                name, _, value = body.partition(b"\x00")
                if name.decode("latin-1") == key:
                    return value.decode("latin-1")


_CREATOR = re.compile(rb"/Creator\s*\(([^)]*)\)")


def pdf_creator(path: Path | str) -> str:
    """The Creator of a PDF's info dictionary (a chart's mark), "" if none is found."""
    with open(path, "rb") as handle:
        head = handle.read(5)
        if head != b"%PDF-":
            return ""
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        # The info dictionary sits near the end in what the tool writes; read the tail only.
        handle.seek(max(0, size - 65536))
        found = _CREATOR.findall(handle.read())
    return found[-1].decode("latin-1") if found else ""
