"""The campaign's templates as the seeker sees them: a Word letter imported as one, the list of
them with the fields each uses, and one shown whole."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file, remove_stale_parts
from campaign.merge import Template, load_template, parse_template, template_path

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
KINDS = ("letter", "note")


@dataclass(frozen=True)
class Imported:
    name: str
    path: Path
    fields: list[str]
    replaced: list[str]
    not_carried: list[str]


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not _NAME.match(name):
        raise CampaignError(f"--name {name!r}: a template name is lower-case letters, digits "
                            "and dashes, at most 40 (e.g. my-letter)")
    return name


def import_word(folder: Path, source: Path, *, name: str | None = None, kind: str = "letter",
                replace: bool = False) -> Imported:
    """Make templates/NAME.txt from a Word letter; an existing template is kept unless
    `replace`. The new template is compiled before it is written."""
    from campaign.files.word_letter import read_word_letter

    if kind not in KINDS:
        raise CampaignError(f"--kind {kind!r}: one of {', '.join(KINDS)}")
    if name is None:  # from the file's name: "My Letter.docx" -> my-letter
        name = "-".join(re.findall(r"[a-z0-9]+", Path(source).stem.lower()))[:40] or "imported"
    name = check_name(name)
    path = template_path(folder, name)
    # templates/ is the campaign's own folder, which the output gate (files/outputs.py) keeps
    # every other writer out of: this command is the one made to write there. It replaces a
    # template only when asked, and never a link or a folder standing in a template's place
    # (the link would be replaced, not what it points at), as the gate does for outputs.
    if path.is_symlink() or path.is_dir():
        raise CampaignError(f"{path}: is a link or a folder, not a template file; move it away; "
                            "nothing was changed")
    if path.exists() and not replace:
        raise CampaignError(f"{path}: a template by that name exists; give --name, or --replace "
                            "to write over it")
    letter = read_word_letter(Path(source), kind)
    made = parse_template(name, path, letter.text)  # compiles: a syntax slip is ours, caught here
    path.parent.mkdir(exist_ok=True)
    remove_stale_parts(path)
    with atomic_file(path) as tmp:
        Path(tmp).write_text(letter.text, encoding="utf-8")
    return Imported(name, path, fields_used(made), letter.replaced, letter.not_carried)


def fields_used(template: Template) -> list[str]:
    """The data a template reads, as dotted names (person.first_name, employer.city...)."""
    from jinja2 import nodes

    from campaign.merge import _env

    tree = _env().parse(template.body)
    found: list[str] = []
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for node in tree.find_all((nodes.Getattr, nodes.Name)):
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            name = f"{node.node.name}.{node.attr}"
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            name = node.name
        else:
            continue
        if name.split(".")[0] in assigned or name in ("vary",):
            continue
        if name not in found:
            found.append(name)
    # A bare name also read with an attribute (person, person.name) says nothing more.
    return [n for n in found if not any(f.startswith(n + ".") for f in found)]


def template_list(folder: Path) -> list[tuple[Template, list[str]]]:
    folder_path = folder / "templates"
    names = sorted(p.stem for p in folder_path.glob("*.txt")) if folder_path.is_dir() else []
    found = []
    for name in names:
        template = load_template(folder, name)
        found.append((template, fields_used(template)))
    return found
