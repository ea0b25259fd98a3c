"""Letter templates: Jinja2 in a sandbox, strict about missing fields, spreadsheet text literal.

A template is a text file: front matter between `---` lines (subject, enclosure, kind,
closing, cold), then paragraphs separated by blank lines, with **bold**, *italic* and
__underlined__ text from the template itself. Values from the spreadsheet never become markup:
an asterisk, an underscore or a newline in a company name prints as typed and cannot start
emphasis or a paragraph.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
import traceback
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from campaign.errors import TemplateError
from campaign.rules.names import courtesy_title
from campaign.wording import spoken_list

TEMPLATE_NAMES = ("marketing", "cover", "thank-you", "courtesy", "note", "references")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
# Stand-ins for characters that mean markup in a template but are literal in data.
_STAR, _NEWLINE, _END_DOT, _UNDERSCORE = "\ue000", "\ue001", "\ue002", "\ue004"
# Stands for the leading "The" of a company name until the letter shows whether it begins a
# sentence ("The Gap is...") or not ("I admire the Gap").
_THE = "\ue003"


@dataclass(frozen=True)
class Template:
    name: str
    path: Path
    meta: dict[str, str]
    body: str
    body_line: int   # line of the file where the body starts


@dataclass
class Recipient:
    """Whom a letter goes to, and what the template may say about them."""

    name: str
    title: str = ""
    company: str = ""
    address_lines: tuple[str, ...] = ()
    email: str = ""
    label: str = ""          # how errors name this recipient (company, or the person)
    employer_id: int | None = None
    person_id: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # extra context: employer, interview...
    variant: int = 0         # which alternative phrasing this recipient gets (see vary)
    # The address laid out by the destination country's post (mail abroad); empty: the
    # inside address is name, title, company and address_lines, the envelope the same.
    block: tuple[str, ...] = ()
    envelope_block: tuple[str, ...] = ()
    abroad: bool = False     # the destination is not the seeker's own country


@dataclass(frozen=True)
class Rendered:
    recipient: Recipient
    subject: str
    enclosure: str
    closing: str
    salutation: str
    paragraphs: tuple[tuple[tuple[str, bool, bool, bool], ...], ...]  # (text, bold, italic,
    #                                                                   underline) runs
    text: str                # the whole body as plain text (emails, uniqueness checks)
    alternatives: tuple[tuple[int, int], ...] = ()  # (template line, number of phrasings)


_TEMPLATE_NAME = re.compile(r"[^\W][\w .+-]{0,99}")


def template_path(folder: Path, name: str) -> Path:
    """templates/NAME.txt; a name is a plain word (letters, digits, - _ . + and spaces), so it
    cannot reach outside the templates folder."""
    if not _TEMPLATE_NAME.fullmatch(name) or ".." in name or name != name.strip():
        raise TemplateError(f"template {name!r}: not a template name; use a plain name such as "
                            "marketing or my-letter (no folders, no '..')")
    return folder / "templates" / f"{name}.txt"


def load_template(folder: Path, name: str) -> Template:
    path = template_path(folder, name)
    if not path.exists() and name in TEMPLATE_NAMES:
        # A built-in the seeker deleted (for example an old copy that `campaign check` found)
        # is read from the package: its current text, which takes their words from [pitch].
        from importlib import resources

        text = (resources.files("campaign") / "templates" / f"{name}.txt").read_text(
            encoding="utf-8")
        return parse_template(name, path, text)
    if not path.is_file():
        known = sorted(p.stem for p in (folder / "templates").glob("*.txt"))
        raise TemplateError(f"{path}: no template named {name!r} (templates: {', '.join(known)})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise TemplateError(f"{path}:{line}: not UTF-8 text; save the template as UTF-8 "
                            "and retry") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_template(name, path, text)


def parse_template(name: str, path: Path, text: str) -> Template:
    meta: dict[str, str] = {}
    body, body_line = text, 1
    match = _FRONT.match(text)
    if match:
        for offset, line in enumerate(match.group(1).splitlines(), start=2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise TemplateError(f"{path}:{offset}: front matter lines read `key: value`")
            meta[key.strip().lower()] = value.strip()
        body = text[match.end():]
        body_line = text[: match.end()].count("\n") + 1
    template = Template(name, path, meta, body, body_line)
    _compile(template)  # syntax errors surface now, with file and line
    return template


_DICT_METHODS = frozenset(dir(dict))


def pitch_keys(template: Template) -> set[str]:
    """The [pitch] keys a template prints (`pitch.summary`...), read from its syntax tree."""
    known = _PITCH_KEYS.get((str(template.path), template.body))
    if known is not None and known[0] == template.meta:
        return set(known[1])
    keys: set[str] = set()
    for source in [template.body, *template.meta.values()]:
        try:
            tree = _env().parse(source)
        except Exception:  # a syntax error is reported by parse_template with its line
            continue
        keys |= _pitch_keys_of(tree)
    return keys


def _pitch_keys_of(tree: Any) -> set[str]:
    from jinja2 import nodes

    keys: set[str] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        target = node.node
        if isinstance(target, nodes.Name) and target.name == "pitch":
            key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", "")
            if isinstance(key, str) and key and key not in _DICT_METHODS:
                keys.add(key)
    return keys


class _Missing(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class Missing(StrictUndefined):
        def _fail_with_undefined_error(self, *args, **kwargs):
            owner = getattr(self._undefined_obj, "label", None)
            name = self._undefined_name or "?"
            raise _Missing(f"{owner}.{name}" if owner else name)

        __str__ = __iter__ = __len__ = __bool__ = __eq__ = __hash__ = _fail_with_undefined_error

    def finalize(value: Any) -> Any:
        # Every value printed by {{ }} is data: protect the characters that mean markup.
        if isinstance(value, CompanyName) and value.startswith("The "):
            value = _THE + value[3:]
        if isinstance(value, str):
            value = (value.replace("*", _STAR).replace("_", _UNDERSCORE).replace("\r", "")
                     .replace("\n", _NEWLINE))
            # "Acme Inc." at the end of a sentence must not print "Acme Inc.."
            return value + _END_DOT if value.endswith(".") else value
        return value

    class Bounded(SandboxedEnvironment):
        """The sandbox, with every call, attribute, range step and * or ** result checked
        against the render's clock and size limits: a template cannot run or grow forever."""

        intercepted_binops = frozenset(["*", "**", "%"])

        def call_binop(self, context, operator, left, right):
            _check_clock()
            if operator == "%":
                _check_pattern(left)
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise RenderLimit(f"{left!r} ** {right}: too large a power")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                            and len(seq) * times > _MAX_REPEAT:
                        raise RenderLimit(f"repeats text or a list into more than "
                                          f"{_MAX_REPEAT:,} items")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
            _check_clock()
            _check_counts(*args, *kwargs.values())
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value):
            # "{:>99999999}".format(1): the pattern is checked as the method is looked up.
            if getattr(value, "__name__", "") in ("format", "format_map"):
                _check_pattern(getattr(value, "__self__", None))
            return super().wrap_str_format(value)

        def getattr(self, obj, attribute):
            _check_clock()
            return super().getattr(obj, attribute)

    env = Bounded(undefined=Missing, finalize=finalize, autoescape=False,
                  keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.globals["range"] = _clocked_range
    # {{ names | and_list }}: "Ann, Bob and Cy", as a list of names reads in a letter.
    env.filters["and_list"] = spoken_list
    # Filters are called directly, not through the sandbox: bound their sizes here
    # ({{ x | center(10**9) }}, {{ "%09999999d" | format(1) }}).
    env.filters = {name: _bounded_filter(name, function) for name, function in env.filters.items()}
    return env


def _bounded_filter(name: str, function: Any) -> Any:
    import functools

    # The value filtered (data) comes first, after the context or environment for filters
    # that ask for one; the rest are the template's own. `format`'s value is a pattern.
    value_at = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_clock()
        _check_counts(*args[value_at + 1:], *kwargs.values())
        if name == "format" and len(args) > value_at:
            _check_pattern(args[value_at])
        return function(*args, **kwargs)

    return bounded


# A width in a %-pattern (%099999999d) or a {}-pattern ({:>99999999}).
_PERCENT_WIDTH = re.compile(r"%[-#0 +]*(\d{6,})")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}]*?(\d{6,})[^{}]*\}")


def _check_counts(*values: Any) -> None:
    """No count or width a filter pads or repeats to may pass the limit: a memory bomb."""
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_REPEAT:
            raise RenderLimit(f"a width or count of {value:,}; at most {_MAX_REPEAT:,}")


def _check_pattern(pattern: Any) -> None:
    if isinstance(pattern, str):
        for found in (*_PERCENT_WIDTH.findall(pattern), *_BRACE_WIDTH.findall(pattern)):
            if int(found) > _MAX_REPEAT:
                raise RenderLimit(f"a width of {int(found):,} in {pattern[:40]!r}; at most "
                                  f"{_MAX_REPEAT:,}")


# -- how long and how large a render may get ---------------------------------------------------
RENDER_SECONDS = 5.0
_MAX_REPEAT = 100_000
_MAX_RANGE = 100_000
_deadline: float | None = None


class RenderLimit(Exception):
    """A template ran past its time or size limit."""


def _check_clock() -> None:
    if _deadline is not None and time.monotonic() > _deadline:
        raise RenderLimit("still running after its time limit (a loop that never ends?)")


def _clocked_range(*args: int):
    steps = range(*args)
    if len(steps) > _MAX_RANGE:
        raise RenderLimit(f"range of {len(steps):,} steps; at most {_MAX_RANGE:,}")
    for step in steps:
        _check_clock()
        yield step


@contextlib.contextmanager
def _render_clock(seconds: float | None = None) -> Iterator[None]:
    """Stop a render after `seconds`: the sandbox looks at the clock on every call, attribute
    and range step; where the system has interval timers (not Windows), a timer signal also
    stops loops that do none of these. No thread is started."""
    global _deadline
    seconds = RENDER_SECONDS if seconds is None else seconds
    _deadline = time.monotonic() + seconds
    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if timer:
        def ring(_signum, _frame):
            raise RenderLimit(f"still running after {seconds:g} s (a loop that never ends?)")

        previous = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds + 0.5)
    try:
        yield
    finally:
        _deadline = None
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


_ENV = None


def _env():
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


_COMPILED: dict[tuple[str, str], Any] = {}
# The [pitch] keys of each compiled template, read from the trees its compiling parsed, before
# the compiler's constant folding could change them: `campaign check` parses each template once.
_PITCH_KEYS: dict[tuple[str, str], tuple[dict[str, str], frozenset[str]]] = {}


def _compile(template: Template):
    from jinja2 import TemplateSyntaxError

    key = (str(template.path), template.body)
    if key in _COMPILED:
        return _COMPILED[key]
    # Blank lines keep Jinja's line numbers equal to the file's.
    source = "\n" * (template.body_line - 1) + template.body
    try:
        env = _env()
        tree = env.parse(source, name=template.name, filename=str(template.path))
        keys = _pitch_keys_of(tree)
        code = env.compile(tree, name=template.name, filename=str(template.path))
        compiled = env.template_class.from_code(env, code, env.make_globals(None), None)
        meta = {}
        for name, value in template.meta.items():
            meta_tree = env.parse(value)
            keys |= _pitch_keys_of(meta_tree)
            # What env.from_string(value) does, from the tree already parsed.
            meta[name] = env.template_class.from_code(env, env.compile(meta_tree),
                                                      env.make_globals(None), None)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{template.path}:{exc.lineno}: template syntax error: {exc.message}"
                            ) from None
    _COMPILED[key] = (compiled, meta)
    _PITCH_KEYS[key] = (dict(template.meta), frozenset(keys))
    return compiled, meta


class CompanyName(str):
    """A company's name as a template prints it: a leading "The" reads "the" mid-sentence."""


def _sentence_start(before: str) -> bool:
    """Whether text following `before` (the paragraph so far) begins a sentence."""
    before = before.rstrip(" *\"'“‘(")
    return not before or before[-1] in ".!?" or before.endswith(_END_DOT)


def settle_articles(text: str) -> str:
    """Each company's leading "The" written in the case its place in the sentence wants."""
    if _THE not in text:
        return text
    parts = text.split(_THE)
    out = [parts[0]]
    for part in parts[1:]:
        out.append("The" if _sentence_start("".join(out)) else "the")
        out.append(part)
    return "".join(out)


class Record(dict):
    """A dict whose missing keys are reported as `label.key` (only non-blank values are set)."""

    def __init__(self, label: str, values: dict[str, Any]) -> None:
        super().__init__({k: v for k, v in values.items() if v not in ("", None, (), [])})
        self.label = label


def field_name(header: str) -> str:
    """A spreadsheet header as a template field: "Referred By" → referred_by."""
    return "_".join(re.findall(r"[0-9a-z]+", header.lower())) or "column"


def split_name(name: str) -> tuple[str, str, str]:
    """(honorific, first, last) of a name such as "Ms. Ann Lee", "Mme Claire Dubois" or "Herr
    Dr. Hans Meier" (honorific "Herr Dr."); the titles are rules/names.py's. With a title and
    one word after it, that word is the last name ("Ms. Lee")."""
    parts = name.split()
    titles: list[str] = []
    while len(parts) > 1 and (title := courtesy_title(parts[0])):
        titles.append(title)
        parts = parts[1:]
    honorific = " ".join(titles)
    if not parts:
        return honorific, "", ""
    if honorific and len(parts) == 1:
        return honorific, "", parts[0]
    return honorific, parts[0], parts[-1] if len(parts) > 1 else ""


def greeting(name: str, fallback: str = "Hiring Manager") -> str:
    """"Dear Ms. Lee:" with an honorific, "Dear Ann Lee:" without one, "Dear Hiring Manager:"
    when nobody is named."""
    if not name.strip():
        return f"Dear {fallback}:"
    honorific, _first, last = split_name(name)
    if honorific and last:
        return f"Dear {honorific} {last}:"
    return f"Dear {name.strip()}:"


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


def format_day(day: date, locale: str = "en_US") -> str:
    """The letter's date, written in `locale` ("December 21, 2026" in en_US)."""
    if locale == "en_US":
        # Babel's long en_US date, without importing Babel and its locale data for it.
        return f"{_ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date

    return format_date(day, format="long", locale=locale)


def context_for(recipient: Recipient, sender: dict[str, Any], today: date,
                locale: str, pitch: dict[str, Any] | None = None) -> dict[str, Any]:
    honorific, first, last = split_name(recipient.name)
    person = Record("person", {"name": recipient.name, "title": recipient.title,
                               "first_name": first, "last_name": last, "honorific": honorific,
                               "email": recipient.email})
    context: dict[str, Any] = {
        "person": person,
        "sender": Record("sender", sender),
        "today": format_day(today, locale),
        "greeting": greeting(recipient.name),
        "company": CompanyName(recipient.company),
        "pitch": Record("pitch", pitch or {}),
    }
    for key, value in recipient.fields.items():
        if isinstance(value, dict):
            if isinstance(value.get("company"), str):
                value = {**value, "company": CompanyName(value["company"])}
            value = Record(key, value)
        context[key] = value
    return context


def render(template: Template, recipient: Recipient, sender: dict[str, Any], today: date,
           locale: str = "en_US", pitch: dict[str, Any] | None = None) -> Rendered:
    """Render one letter. Raises _Missing (internal) for a field the recipient lacks."""
    compiled, meta_templates = _compile(template)
    context = context_for(recipient, sender, today, locale, pitch)
    used: list[tuple[int, int]] = []

    def vary(*options: str) -> str:
        """Alternative phrasings of one sentence; each recipient gets one, deterministically."""
        if not options:
            return ""
        line = _line_of(template, options[0])
        used.append((line, len(options)))
        seed = zlib.crc32("|".join(options).encode())
        return options[(seed + recipient.variant) % len(options)]

    context["vary"] = vary
    with _render_clock():
        body = compiled.render(context)
        meta = {k: settle_articles(t.render(context)).replace(_STAR, "*")
                .replace(_UNDERSCORE, "_").replace(_NEWLINE, " ")
                .replace(_END_DOT + ".", "").replace(_END_DOT, "")
                for k, t in meta_templates.items()}
    paragraphs = tuple(_runs(p) for p in re.split(r"\n\s*\n", body.strip()) if p.strip())
    text = "\n\n".join("".join(r[0] for r in p) for p in paragraphs)
    return Rendered(
        recipient=recipient, subject=meta.get("subject", ""),
        enclosure=meta.get("enclosure", ""), closing=meta.get("closing", ""),
        salutation=meta.get("salutation") or context["greeting"],
        paragraphs=paragraphs, text=text, alternatives=tuple(used))


def _line_of(template: Template, text: str) -> int:
    """The file line where a phrasing appears (Jinja keeps no line numbers at run time)."""
    index = template.body.find(text)
    if index < 0:
        return template.body_line
    return template.body_line + template.body.count("\n", 0, index)


def _runs(paragraph: str) -> tuple[tuple[str, bool, bool, bool], ...]:
    """**bold**, *italic* and __underlined__ text written in the template → runs; data
    stand-ins back to text."""
    text = settle_articles(" ".join(line.strip() for line in paragraph.splitlines()))
    runs: list[tuple[str, bool, bool, bool]] = []
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*|__[^_]+__)", text):
        if not part:
            continue
        bold = part.startswith("**") and part.endswith("**") and len(part) > 4
        italic = not bold and part.startswith("*") and part.endswith("*") and len(part) > 2
        underline = part.startswith("__") and part.endswith("__") and len(part) > 4
        if bold or underline:
            part = part[2:-2]
        elif italic:
            part = part[1:-1]
        part = part.replace(_END_DOT + ".", "").replace(_END_DOT, "")
        runs.append((part.replace(_STAR, "*").replace(_UNDERSCORE, "_").replace(_NEWLINE, " "),
                     bold, italic, underline))
    return tuple(runs)


def render_all(template: Template, recipients: list[Recipient], sender: dict[str, Any],
               today: date, locale: str = "en_US",
               pitch: dict[str, Any] | None = None) -> list[Rendered]:
    """Render every letter before any page is printed; one missing field anywhere stops the
    run with the template line, the field and every recipient lacking it."""
    rendered, missing = [], defaultdict(list)
    for recipient in recipients:
        try:
            rendered.append(render(template, recipient, sender, today, locale, pitch))
        except _Missing as exc:
            line = _error_line(exc, template)
            missing[(line, exc.name)].append(recipient.label or recipient.name)
        except TemplateError:
            raise
        except RenderLimit as exc:
            line = _error_line(exc, template)
            raise TemplateError(f"{template.path}:{line}: template {template.name!r} stopped: "
                                f"{exc}; nothing was printed") from None
        except RecursionError:
            raise TemplateError(f"{template.path}: template {template.name!r} calls itself "
                                "without end (a macro that never stops); nothing was printed"
                                ) from None
        except Exception as exc:  # a runtime error inside the template (bad filter, sandbox)
            line = _error_line(exc, template)
            raise TemplateError(f"{template.path}:{line}: {type(exc).__name__}: {exc}") from None
    if missing:
        pitched = sorted(name for _line, name in missing if name.startswith("pitch."))
        if pitched:
            raise TemplateError(f"{template.path}: uses {pitched[0]}, which is empty; fill in "
                                f"[pitch] {pitched[0].removeprefix('pitch.')} in campaign.toml "
                                "(see `campaign check`); nothing was printed")
        details = []
        for (line, name), who in sorted(missing.items()):
            shown = ", ".join(who[:8]) + (f" and {len(who) - 8} more" if len(who) > 8 else "")
            details.append(f"{template.path}:{line}: {name}: missing for {len(who)}: {shown}")
        first = sorted(missing)[0]
        raise TemplateError(
            f"{template.path}:{first[0]}: the template uses {first[1]}, which "
            f"{len(missing[first])} recipient(s) lack; add it to the sheet or give a default "
            f"such as {{{{ {first[1]} | default('...') }}}}; nothing was printed", details)
    return rendered


def _error_line(exc: BaseException, template: Template) -> int:
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
             if f.filename == str(template.path)]
    return lines[-1] if lines else template.body_line


def written_cold(template: Template) -> bool:
    """Whether a template reads right to someone who does not know the seeker. One written for
    a known opening (an answer to an advertisement, a letter after a call) or for someone met
    says `cold: false` in its front matter, and the weekly batches and the large mailing
    refuse it."""
    value = template.meta.get("cold", "true").strip().lower()
    if value in ("true", "yes"):
        return True
    if value in ("false", "no"):
        return False
    raise TemplateError(f"{template.path}: front matter `cold: {template.meta['cold']}`: "
                        "write `cold: true` or `cold: false`")
