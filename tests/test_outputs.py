"""Every command that writes a file or folder writes only what it made: a test that walks the
Click command tree, so a new command with an output path is caught too."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import click
import pytest

from campaign.cli import OutputPath, cli
from campaign.errors import CampaignError
from campaign.files.outputs import (
    FOLDER_MARK,
    campaign_own,
    check_file,
    check_folder,
    workbook_subject,
)

# Paths that a command reads, never writes.
# (`template import` writes templates/NAME.txt, the campaign's own folder no output may touch:
# it is the command made for that, and keeps a template there unless --replace; see
# test_templates.py. Its LETTER is the Word file it reads.)
INPUTS = {("-C",), ("init", "directory"), ("import", "file"), ("batch", "--enclose"),
          ("letter", "--enclose"), ("week", "--enclose"), ("contacts", "import", "file"),
          ("template", "import", "letter")}
# Option names that say "a file comes out here": they must be declared as OutputPath.
OUTPUT_WORDS = {"out", "xlsx", "chart", "ics", "mbox", "eml", "report", "png", "pdf", "csv",
                "output", "save", "export"}

# How to run each command with an output path; a new output option needs a line here.
RECIPES = {
    ("status", "--chart"): lambda p: ["status", "--on", "2026-11-30", "--chart", p],
    ("week", "--out"): lambda p: ["week", "--on", "2026-11-30", "--out", p],
    ("batch", "--out"): lambda p: ["batch", "next", "--on", "2026-11-30", "--out", p],
    ("letter", "--out"): lambda p: ["letter", "marketing", "1", "--on", "2026-11-30", "--out", p],
    ("calls", "--xlsx"): lambda p: ["calls", "--on", "2026-11-30", "--xlsx", p],
    ("worklog", "--xlsx"): lambda p: ["worklog", "--xlsx", p],
    ("calendar", "--ics"): lambda p: ["calendar", "--on", "2026-11-30", "--ics", p],
    ("report", "--xlsx"): lambda p: ["report", "--on", "2026-11-30", "--xlsx", p],
}
SWEEP = ("calls --sweep", lambda p: ["calls", "--sweep", "--on", "2026-11-30", "--xlsx", p])


@pytest.fixture
def small(run, tmp_path):
    """A campaign of three employers: enough for every writer, quick to print."""
    from .conftest import write_csv

    rows = [["Company", "Contact", "Address", "City", "State", "Zip", "Phone"]]
    rows += [[f"Firm {n}", f"Ann Lee {n}", "1 Main St", "Boston", "MA", f"0213{n}",
              "617-555-0100"] for n in range(3)]
    run("import", str(write_csv(tmp_path / "firms.csv", rows)))
    run("log", "1", "call", "--on", "2026-11-27", "--outcome", "no-answer")
    return run


def walk(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*prefix, name))


def output_params() -> list[tuple[tuple[str, ...], click.Parameter]]:
    found = []
    for path, command in walk(cli):
        for param in command.params:
            if isinstance(param.type, OutputPath):
                found.append(((*path, param.opts[0]), param))
    return found


def test_every_path_parameter_is_an_input_or_a_declared_output():
    for path, command in [((), cli), *walk(cli)]:
        for param in command.params:
            where = (*path, param.opts[0] if param.opts[0].startswith("-") else param.name)
            words = {w.lstrip("-") for w in param.opts}
            if isinstance(param.type, OutputPath):
                continue
            assert not (words & OUTPUT_WORDS), f"{' '.join(where)} looks like an output path: " \
                "declare it with output_option and route it through files/outputs.py"
            if isinstance(param.type, click.Path):
                assert where in INPUTS, f"{' '.join(where)}: a path that is neither a known " \
                    "input nor an OutputPath"


def test_every_output_option_has_a_recipe():
    found = {key for key, _ in output_params()}
    assert found == set(RECIPES), "add a recipe for each new output option"


def digest(*roots: Path) -> dict[str, str]:
    out = {}
    for root in roots:
        for p in sorted([root, *root.rglob("*")]):
            if p.is_symlink():
                out[str(p)] = "link:" + os.readlink(p)
            elif p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            elif p.is_dir():
                out[str(p)] = "dir"
    return out


def bad_targets(root: Path, folder: Path, kind: str) -> list[tuple[str, Path]]:
    """(what, path): every path that must be refused, made under `root`."""
    foreign = root / "mine"
    foreign.mkdir(exist_ok=True)
    resume = foreign / "resume.pdf"
    resume.write_bytes(b"%PDF-1.4\n my resume, no mark of campaign\n%%EOF\n")
    sheet = foreign / "budget.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not a workbook the tool made")
    photos = foreign / "photos"
    photos.mkdir(exist_ok=True)
    (photos / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n cat")
    link = root / ("link" if kind == "folder" else "link.pdf")
    if not link.is_symlink():
        link.symlink_to(photos if kind == "folder" else resume)
    targets = [("a file of the user's", resume), ("a foreign workbook", sheet),
               ("a symbolic link", link),
               ("campaign.db", folder / "campaign.db"), ("campaign.toml", folder / "campaign.toml"),
               ("templates/", folder / "templates"),
               ("a template", folder / "templates" / "marketing.txt"),
               ("the campaign folder", folder), ("a parent of it", folder.parent)]
    if kind == "folder":
        targets.append(("a folder of the user's", photos))
    return targets


@pytest.mark.parametrize("key", sorted(RECIPES) + [SWEEP[0]])
def test_each_output_refuses_foreign_and_campaign_files(small, tmp_path, key):
    recipe = SWEEP[1] if key == SWEEP[0] else RECIPES[key]
    kind = "file" if key == SWEEP[0] else dict(output_params())[key].type.kind
    folder = small.folder
    for what, target in bad_targets(tmp_path, folder, kind):
        before = digest(folder, tmp_path / "mine")
        result = small(*recipe(str(target)), ok=False)
        assert result.exit_code == 1, f"{key} over {what}: exit {result.exit_code}\n{result.output}"
        lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(lines) == 1 and str(target) in lines[0], (key, what, result.output)
        assert digest(folder, tmp_path / "mine") == before, f"{key} changed something: {what}"
    assert "(printed)" not in small("plan", "--on", "2026-11-30").output  # no batch recorded


@pytest.mark.parametrize("key", [("week", "--out"), ("batch", "--out")])
def test_out_dot_in_the_campaign_folder_is_refused_before_anything_is_recorded(
        small, monkeypatch, key):
    monkeypatch.chdir(small.folder)
    before = digest(small.folder)
    result = small(*RECIPES[key]("."), ok=False)
    assert result.exit_code == 1 and "is the campaign folder itself" in result.output
    assert digest(small.folder) == before
    assert "(printed)" not in small("plan", "--on", "2026-11-30").output


def test_outputs_are_made_again_over_their_own_earlier_copies(small, tmp_path):
    # (The chart is drawn over its own copy in test_chart.py; matplotlib is slow to load.)
    for key, recipe in [*((k, r) for k, r in RECIPES.items() if k[0] != "status"), SWEEP]:
        name = f"{'-'.join(key) if isinstance(key, tuple) else key.replace(' ', '')}"
        target = tmp_path / (name + (".png" if "chart" in name else
                                     ".xlsx" if "xlsx" in name or "sweep" in name else
                                     ".ics" if "ics" in name else ""))
        small(*recipe(str(target)))
        small(*recipe(str(target)))  # the second run replaces what the first made
        assert target.exists()
        if target.is_dir():
            assert (target / FOLDER_MARK).is_file()
    assert not list(tmp_path.rglob("*.part"))


def test_a_symlinked_week_folder_is_not_replaced_through_the_link(small, tmp_path):
    elsewhere = tmp_path / "dropbox"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine")
    (small.folder / "out").mkdir()
    (small.folder / "out" / "2026-W49").symlink_to(elsewhere)
    before = digest(small.folder, elsewhere)
    result = small("week", "--on", "2026-11-30", ok=False)
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert digest(small.folder, elsewhere) == before


def test_the_week_records_its_batch_only_once_its_folder_stands(small, tmp_path):
    small("week", "--on", "2026-11-30", "--out", str(tmp_path / "w"))
    assert (tmp_path / "w" / "letters.pdf").is_file()
    assert "2026-W49" in small("plan", "--on", "2026-11-30").output


# -- the gate itself ----------------------------------------------------------------------------
def test_campaign_own_names_every_file_of_the_campaign(tmp_path):
    home = tmp_path / "camp"
    (home / "templates").mkdir(parents=True)
    (home / "campaign.toml").write_text("")
    for path in (home, tmp_path, home / "campaign.db", home / "campaign.db-wal",
                 home / "campaign.toml", home / "templates", home / "templates" / "x.txt"):
        assert campaign_own(path, home), path
    assert campaign_own(home / "out" / "2026-W49", home) is None
    assert campaign_own(home / "status.png", home) is None
    other = tmp_path / "other-campaign"
    other.mkdir()
    (other / "campaign.db").write_bytes(b"")
    assert campaign_own(other, home) == "belongs to a campaign folder"


def test_an_empty_folder_and_a_marked_one_are_free_and_a_full_one_is_not(tmp_path):
    home = tmp_path / "camp"
    home.mkdir()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_folder(empty, home) == empty
    (empty / "x.txt").write_text("x")
    with pytest.raises(CampaignError, match="campaign did not make"):
        check_folder(empty, home)
    (empty / FOLDER_MARK).write_text("made by campaign")
    assert check_folder(empty, home) == empty
    with pytest.raises(CampaignError, match="is a file, not a folder"):
        check_folder(empty / "x.txt", home)


def test_a_file_is_replaced_only_when_its_writer_says_it_is_its_own(tmp_path):
    path = tmp_path / "a.txt"
    assert check_file(path, tmp_path / "camp", ours=lambda p: False, what="a note") == path
    path.write_text("x")
    with pytest.raises(CampaignError, match="a.txt: exists and is not a note made by campaign"):
        check_file(path, tmp_path / "camp", ours=lambda p: False, what="a note")
    assert check_file(path, tmp_path / "camp", ours=lambda p: True, what="a note") == path
    (tmp_path / "sub").mkdir()
    with pytest.raises(CampaignError, match="is a folder"):
        check_file(tmp_path / "sub", tmp_path / "camp", ours=lambda p: True, what="a note")


@pytest.mark.parametrize("core", [
    b'<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:subject>campaign x</dc:subject>',
    # As openpyxl writes it when lxml is installed: the namespace on the element itself.
    b'<cp:coreProperties xmlns:cp="c"><dc:subject xmlns:dc="d">campaign x</dc:subject>',
])
def test_a_workbooks_subject_is_read_however_its_namespace_is_written(tmp_path, core):
    import zipfile

    book = tmp_path / "b.xlsx"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("docProps/core.xml", core + b"</cp:coreProperties>")
    assert workbook_subject(book) == "campaign x"


def test_a_batch_that_fails_to_print_leaves_no_folder_and_records_nothing(small, tmp_path):
    target = tmp_path / "batch"
    result = small("batch", "next", "--on", "2026-11-30", "--out", str(target),
                   "--enclose", str(tmp_path / "missing.pdf"), ok=False)
    assert result.exit_code == 1 and "missing.pdf" in result.output
    assert not target.exists()
    assert "(printed)" not in small("plan", "--on", "2026-11-30").output


def test_the_current_folder_is_never_an_output_folder(small, tmp_path, monkeypatch):
    here = tmp_path / "empty-here"
    here.mkdir()
    monkeypatch.chdir(here)
    for key in (("week", "--out"), ("batch", "--out"), ("letter", "--out")):
        result = small(*RECIPES[key]("."), ok=False)
        assert result.exit_code == 1 and ".: is the current folder" in result.output
        # The folder above holds this one (and here the campaign too): refused either way.
        assert small(*RECIPES[key](".."), ok=False).exit_code == 1
    assert list(here.iterdir()) == []
