"""A Word letter (.docx) turned into a campaign template, read with python-docx.

What carries over: the body's paragraphs with bold, italic and underline; merge fields, whether
Word's own MERGEFIELDs (from Word's or LibreOffice's mail merge), «Field» or {{ field }} typed
as text, mapped to the campaign's fields through the prospect import's column names; a simple
IF field on a merge field (IF «Title» <> "" "..." "...") as a condition. What the campaign
prints itself is recognised and left out: the sender block, the date and the inside address
above the greeting, the greeting, and the closing with the signature below it (an Enclosure
line there becomes the template's enclosure). Anything else that cannot be carried over is
named, one line each, never dropped silently."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from campaign.errors import CampaignError

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_PARAGRAPHS = 2_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_GREETING = re.compile(r"^\s*(dear|hello|hi|greetings|to whom it may concern)\b", re.I)
_CLOSING = re.compile(
    r"^\s*(sincerely( yours)?|yours (sincerely|truly|faithfully)|(best|kind|warm|warmest) "
    r"regards|regards|respectfully( yours)?|cordially|best wishes|with (thanks|best wishes)|"
    r"thank you|many thanks)\s*[,.!]?\s*$", re.I)
_ENCLOSURE = re.compile(r"^\s*(enclosures?|encl?\.?)\s*(?::\s*(.*))?$", re.I)
_SUBJECT = re.compile(r"^\s*(re|subject)\s*:\s*(.+)$", re.I)
_TYPED_FIELD = re.compile(r"«([^»]{1,60})»|\{\{\s*([A-Za-z_][\w.]{0,60})\s*\}\}")
_MERGEFIELD = re.compile(r'^\s*MERGEFIELD\s+(?:"([^"]+)"|(\S+))', re.I)
# Characters that mean markup in a template, written as Jinja string literals so that the
# letter's own text prints exactly as typed.
_LITERAL = re.compile(r"(\{\{|\}\}|\{%|%\}|\{#|#\}|\*|__)")

# Template expressions for names a Word letter uses that are not prospect columns.
_PERSON_FIELDS = {
    "first name": "person.first_name", "firstname": "person.first_name",
    "first": "person.first_name", "given name": "person.first_name",
    "last name": "person.last_name", "lastname": "person.last_name", "last": "person.last_name",
    "surname": "person.last_name", "family name": "person.last_name",
    "courtesy title": "person.honorific", "honorific": "person.honorific",
    "salutation title": "person.honorific", "mr ms": "person.honorific",
    "full name": "person.name", "greeting line": "greeting", "greeting": "greeting",
    "date": "today", "today": "today", "referrer": "referrer", "referred by": "referrer",
    "my name": "sender.name", "sender name": "sender.name", "my phone": "sender.phone",
    "sender phone": "sender.phone", "my email": "sender.email", "sender email": "sender.email",
}
# Prospect columns (files/prospects.py) as the template names them.
_COLUMN_FIELDS = {"company": "company", "contact": "person.name", "title": "person.title"}


@dataclass
class WordLetter:
    """The template made from a Word letter, and what was said about it."""

    text: str                          # the template file's text
    fields: list[str]                  # the campaign fields it uses, in order of first use
    replaced: list[str] = field(default_factory=list)  # parts the campaign prints itself
    not_carried: list[str] = field(default_factory=list)  # one line each


def field_expression(name: str) -> str:
    """The template expression for a merge field's name, or a one-line error listing the
    fields the campaign knows."""
    from campaign.files.headers import header_key
    from campaign.files.prospects import SYNONYMS

    key = header_key(name.replace("_", " "))
    if key in _PERSON_FIELDS:
        return _PERSON_FIELDS[key]
    compact = key.replace(" ", "")
    for known, expression in _PERSON_FIELDS.items():
        if known.replace(" ", "") == compact:
            return expression
    for column, synonyms in SYNONYMS.items():
        if key in synonyms or compact in (s.replace(" ", "") for s in synonyms):
            return _COLUMN_FIELDS.get(column, f"employer.{column}")
    known = sorted({*(s for s in _PERSON_FIELDS), *SYNONYMS})
    raise CampaignError(f"merge field «{name}»: not a field the campaign knows; use one of "
                        f"{', '.join(known)} (or a column of your prospect sheet, as employer.NAME)")


@dataclass
class _Field:
    instr: list = field(default_factory=list)   # str pieces and nested _Piece tokens
    result_phase: bool = False
    shown: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Piece:
    """A piece of a paragraph: literal text with its emphasis, or template source."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    source: bool = False     # already template source (a field, a condition)


class _Reader:
    def __init__(self) -> None:
        self.fields: list[str] = []
        self.not_carried: list[str] = []

    # -- fields ------------------------------------------------------------------------------
    def use_field(self, name: str) -> str:
        expression = field_expression(name.strip())
        if expression not in self.fields:
            self.fields.append(expression)
        return expression

    def merge_source(self, instr: str) -> str | None:
        match = _MERGEFIELD.match(instr)
        if not match:
            return None
        return "{{ " + self.use_field(match.group(1) or match.group(2)) + " }}"

    def field_piece(self, field_: _Field) -> _Piece | None:
        """A finished Word field as template source; None (and a note) when it cannot be."""
        flat = "".join(p if isinstance(p, str) else "\x00" for p in field_.instr).strip()
        kind = flat.split(maxsplit=1)[0].upper() if flat else ""
        if kind == "MERGEFIELD":
            source = self.merge_source(flat)
            return _Piece(source, source=True) if source else None
        if kind == "IF":
            source = self.if_source(field_.instr)
            if source is not None:
                return _Piece(source, source=True)
            self.not_carried.append(f"an IF field it could not read ({_shorten(flat)}); "
                                    "its text was left out: add the condition by hand")
            return None
        shown = "".join(field_.shown)
        if kind in ("DATE", "TIME", "CREATEDATE", "PRINTDATE", "SAVEDATE"):
            self.not_carried.append(f"a {kind} field: the campaign prints the day's date itself")
            return None
        self.not_carried.append(f"a {kind or 'blank'} field, kept as the text it showed "
                                f"({_shorten(shown) or 'nothing'})")
        return _Piece(shown) if shown else None

    def if_source(self, instr: list) -> str | None:
        """IF <field> <op> "<value>" "<then>" "<else>", with = or <>, as a Jinja condition."""
        tokens = _if_tokens(instr)
        if tokens is None or len(tokens) not in (4, 5, 6) or tokens[0] != ("word", "IF"):
            return None
        left, op, right = tokens[1], tokens[2], tokens[3]
        rest = tokens[4:]
        if op[0] != "word" or op[1] not in ("=", "<>"):
            return None
        subject = _field_of(left)
        if subject is None or _field_of(right) is not None:
            return None
        expression = f'{subject} | default("")'
        if right[0] == "quoted":
            if any(not isinstance(part, str) for part in right[1]):
                return None
            value = "".join(right[1])
        else:
            value = str(right[1])
        test = f"{expression} {'==' if op[1] == '=' else '!='} {_quoted(value)}"
        then_text = _branch(rest[0]) if rest else ""
        else_text = _branch(rest[1]) if len(rest) > 1 else ""
        if then_text is None or else_text is None:
            return None
        source = "{% if " + test + " %}" + then_text
        if else_text:
            source += "{% else %}" + else_text
        return source + "{% endif %}"

    # -- paragraphs --------------------------------------------------------------------------
    def paragraph(self, element) -> list[_Piece]:
        pieces: list[_Piece] = []
        stack: list[_Field] = []
        for run, run_format in _runs(element):
            for child in run:
                tag = child.tag
                if tag == f"{_W}fldChar":
                    kind = child.get(f"{_W}fldCharType")
                    if kind == "begin":
                        stack.append(_Field())
                    elif kind == "separate" and stack:
                        stack[-1].result_phase = True
                    elif kind == "end" and stack:
                        done = self.field_piece(stack.pop())
                        if done is not None:
                            if stack and not stack[-1].result_phase:
                                stack[-1].instr.append(done)
                            elif stack:
                                stack[-1].shown.append(done.text)
                            else:
                                pieces.append(done)
                elif tag == f"{_W}instrText":
                    if stack and not stack[-1].result_phase:
                        stack[-1].instr.append(child.text or "")
                elif tag in (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
                    if tag == f"{_W}t":
                        text = child.text or ""
                    else:
                        text = "-" if tag == f"{_W}noBreakHyphen" else " "
                    if stack:
                        stack[-1].shown.append(text)
                    else:
                        pieces.append(_Piece(text, *run_format))
                elif tag == f"{_W}drawing" or tag == f"{_W}pict":
                    self.not_carried.append("a picture in the body; add it to your letterhead "
                                            "instead")
            if run.tag == f"{_W}fldSimple":
                done = self.field_piece(_Field(instr=[run.get(f"{_W}instr") or ""],
                                               result_phase=True,
                                               shown=[t.text or "" for t in run.iter(f"{_W}t")]))
                if done is not None:
                    pieces.append(done)
        return pieces

    def typed_fields(self, pieces: list[_Piece]) -> list[_Piece]:
        """«Field» and {{ field }} typed as text become merge fields."""
        out: list[_Piece] = []
        for piece in _merged(pieces):
            if piece.source:
                out.append(piece)
                continue
            position = 0
            for match in _TYPED_FIELD.finditer(piece.text):
                if match.start() > position:
                    out.append(_Piece(piece.text[position:match.start()], piece.bold,
                                      piece.italic, piece.underline))
                name = match.group(1) or match.group(2)
                if name.startswith(("person.", "employer.", "sender.")) or name in (
                        "company", "today", "greeting", "referrer", "position"):
                    expression = name
                    if expression not in self.fields:
                        self.fields.append(expression)
                else:
                    expression = self.use_field(name)
                out.append(_Piece("{{ " + expression + " }}", piece.bold, piece.italic,
                                  piece.underline, source=True))
                position = match.end()
            if position < len(piece.text):
                out.append(_Piece(piece.text[position:], piece.bold, piece.italic,
                                  piece.underline))
        return out


def _runs(paragraph):
    """The runs of a paragraph in reading order, with their emphasis, looking inside
    hyperlinks, tracked insertions, smart tags and content controls; deleted text skipped."""
    for child in paragraph:
        tag = child.tag
        if tag == f"{_W}r":
            yield child, _format(child)
        elif tag == f"{_W}fldSimple":
            yield child, (False, False, False)
        elif tag in (f"{_W}hyperlink", f"{_W}ins", f"{_W}smartTag", f"{_W}customXml"):
            yield from _runs(child)
        elif tag == f"{_W}sdt":
            for content in child.iter(f"{_W}sdtContent"):
                yield from _runs(content)


def _format(run) -> tuple[bool, bool, bool]:
    props = run.find(f"{_W}rPr")
    if props is None:
        return (False, False, False)

    def on(tag: str) -> bool:
        node = props.find(f"{_W}{tag}")
        if node is None:
            return False
        value = node.get(f"{_W}val")
        return value not in ("0", "false", "none", "off")

    return on("b"), on("i"), on("u")


def _merged(pieces: list[_Piece]) -> list[_Piece]:
    """Neighbouring text pieces of the same emphasis joined (Word splits runs anywhere)."""
    out: list[_Piece] = []
    for piece in pieces:
        if out and not piece.source and not out[-1].source and (
                out[-1].bold, out[-1].italic, out[-1].underline) == (
                piece.bold, piece.italic, piece.underline):
            out[-1] = _Piece(out[-1].text + piece.text, piece.bold, piece.italic, piece.underline)
        else:
            out.append(piece)
    return out


def _if_tokens(instr: list) -> list[tuple[str, object]] | None:
    """IF field code → tokens: ("word", text), ("quoted", [parts]), ("field", piece)."""
    tokens: list[tuple[str, object]] = []
    quoted: list | None = None
    for part in instr:
        if not isinstance(part, str):
            (quoted if quoted is not None else tokens).append(
                part if quoted is not None else ("field", part))
            continue
        for chunk in re.split(r'(")', part):
            if chunk == '"':
                if quoted is None:
                    quoted = []
                else:
                    tokens.append(("quoted", quoted))
                    quoted = None
            elif quoted is not None:
                quoted.append(chunk)
            else:
                tokens += [("word", word) for word in re.findall(r"<>|=|[^\s=<>]+", chunk)]
    return None if quoted is not None else tokens


def _field_of(token) -> str | None:
    """The expression of a merge field standing alone (bare, or alone inside quotes)."""
    kind, value = token
    if kind == "field":
        return _expression_of(value)
    if kind == "quoted":
        parts = [p for p in value if not (isinstance(p, str) and not p.strip())]
        if len(parts) == 1 and not isinstance(parts[0], str):
            return _expression_of(parts[0])
    return None


def _expression_of(piece: _Piece) -> str | None:
    match = re.fullmatch(r"\{\{ (.+) \}\}", piece.text)
    return match.group(1) if match else None


def _branch(token) -> str | None:
    kind, value = token
    if kind == "field":
        return value.text
    if kind != "quoted":
        return None
    return "".join(_literal(p) if isinstance(p, str) else p.text for p in value)


def _quoted(text: str) -> str:
    """A Jinja string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal(text: str) -> str:
    """Text from the letter, written so the template prints it exactly as typed."""
    return _LITERAL.sub(lambda m: '{{ "' + m.group(1) + '" }}', text)


def _markup(piece: _Piece) -> str:
    text = piece.text if piece.source else _literal(piece.text)
    if not text.strip():
        return text
    lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()
    if piece.underline:
        core = f"__{core}__"
    if piece.bold:
        core = f"**{core}**"
    elif piece.italic:
        core = f"*{core}*"
    return lead + core + trail


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.replace("\x00", "«…»").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(pieces: list[_Piece]) -> str:
    return " ".join("".join(p.text for p in pieces).split())


def read_word_letter(path: Path, kind: str = "letter") -> WordLetter:
    """The template text for a Word letter; one-line errors for a file that is not one."""
    path = Path(path)
    if not path.is_file():
        raise CampaignError(f"{path}: no such file")
    if path.stat().st_size > MAX_DOCX_BYTES:
        raise CampaignError(f"{path}: larger than {MAX_DOCX_BYTES // (1024 * 1024)} MB; a letter "
                            "is a few pages")
    if not zipfile.is_zipfile(path):
        raise CampaignError(f"{path}: not a Word .docx file (an old .doc? save it as .docx)")
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(i.file_size for i in archive.infolist()) > 10 * MAX_DOCX_BYTES:
                raise CampaignError(f"{path}: unpacks to more than a letter can hold")
        import docx

        document = docx.Document(str(path))
    except CampaignError:
        raise
    except Exception as error:  # python-docx raises several kinds for a broken package
        raise CampaignError(f"{path}: cannot read it as a Word document "
                            f"({type(error).__name__})") from None
    reader = _Reader()
    body = document.element.body
    paragraphs: list[list[_Piece]] = []
    for child in body:
        if child.tag == f"{_W}p":
            paragraphs.append(reader.typed_fields(reader.paragraph(child)))
        elif child.tag == f"{_W}tbl":
            reader.not_carried.append("a table; write its content as paragraphs")
        if len(paragraphs) > MAX_PARAGRAPHS:
            raise CampaignError(f"{path}: more than {MAX_PARAGRAPHS} paragraphs; not a letter")
    for section in document.sections:
        if any(p.text.strip() for p in section.header.paragraphs) or any(
                p.text.strip() for p in section.footer.paragraphs):
            reader.not_carried.append("a page header or footer: the campaign prints the "
                                      "sender's block itself")
            break
    return _assemble(path, paragraphs, reader, kind)


def _assemble(path: Path, paragraphs: list[list[_Piece]], reader: _Reader,
              kind: str) -> WordLetter:
    texts = [_plain(p) for p in paragraphs]
    meta = {"kind": kind}
    replaced: list[str] = []
    greeting = next((n for n, t in enumerate(texts) if _GREETING.match(t) and len(t) < 120), None)
    start = 0
    if greeting is not None:
        for text in texts[:greeting]:
            match = _SUBJECT.match(text)
            if match:
                meta["subject"] = match.group(2).strip()
        above = sum(1 for t in texts[:greeting] if t and not _SUBJECT.match(t))
        if above:
            replaced.append(f"the {above} lines above the greeting (sender, date, inside "
                            "address): the campaign prints its own")
        replaced.append(f"the greeting ({texts[greeting]}): the campaign greets each person "
                        "by name")
        start = greeting + 1
    closing = next((n for n in range(start, len(texts)) if _CLOSING.match(texts[n])), None)
    end = len(texts)
    if closing is not None:
        meta["closing"] = texts[closing]
        replaced.append(f"the closing ({texts[closing]}) and the signature below it: the "
                        "campaign prints the closing, a space to sign and your name")
        for text in texts[closing + 1:]:
            match = _ENCLOSURE.match(text)
            if match:
                meta["enclosure"] = (match.group(2) or "").strip() or "Résumé"
        end = closing
    body = [p for p, t in zip(paragraphs[start:end], texts[start:end], strict=True) if t]
    if any(piece.bold and piece.italic for pieces in body for piece in pieces):
        reader.not_carried.append("bold italic text, kept as bold (a template has one emphasis "
                                  "at a time)")
    if not body:
        raise CampaignError(f"{path}: no letter body found between the greeting and the closing")
    if "subject" in meta:
        meta["subject"] = _literal(meta["subject"])
    front = [f"{key}: {value}" for key, value in meta.items()]
    front.append(f"# Imported from {path.name}. Edit freely: **bold**, *italic*, __underline__.")
    text = "---\n" + "\n".join(front) + "\n---\n" + "\n\n".join(
        "".join(_markup(piece) for piece in _merged(pieces)).strip() for pieces in body) + "\n"
    return WordLetter(text, list(reader.fields), replaced, reader.not_carried)
