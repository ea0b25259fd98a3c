"""Atomic output: a file or folder appears complete or not at all.

Temporary names say whose they are: `.NAME.campaign-PID-RANDOM.part`, so that one left behind
by a run that was killed can be told from anything else and removed by a later run (see
`remove_stale_parts`)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# A temporary left this long is stale even if its process id is in use again.
STALE_SECONDS = 24 * 3600
_PART = re.compile(r"^\.(?P<name>.+)\.campaign-(?P<pid>\d+)-[a-z0-9_]+\.part$")
# What versions before the process id was named in them left: `tempfile`'s eight characters.
_OLD_PART = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.part$")


def _prefix(path: Path) -> str:
    return f".{path.name}.campaign-{os.getpid()}-"


@contextlib.contextmanager
def atomic_file(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_prefix(path), suffix=".part", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp makes owner-only files; output should get the usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


@contextlib.contextmanager
def atomic_folder(path: Path | str) -> Iterator[Path]:
    """Yield an empty temporary folder beside `path`; it replaces `path` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=_prefix(path), suffix=".part", dir=path.parent))
    try:
        yield tmp
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=_prefix(path), suffix=".part", dir=path.parent))
            os.replace(path, old / path.name)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


def remove_stale_parts(path: Path | str) -> list[Path]:
    """Remove the temporaries that interrupted writes left in `path`'s folder: only names this
    module makes, and only when the process that made them is gone (or, for a name without
    one, an hour has passed; for any, a day)."""
    folder = Path(path).parent
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _PART.match(entry.name)
        legacy = None if match else _OLD_PART.match(entry.name)
        if not (match or legacy) or entry.is_symlink():
            continue
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        if match and _alive(int(match["pid"])) and age < STALE_SECONDS:
            continue  # another run may be writing it right now
        if legacy and age < 3600:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed
