"""The pre-print check: every problem that would put a wrong page in the post, for one week's
batch or every active employer (`campaign check`), and the same check run by the commands
that print, which stop on a sender or template problem and hold back an employer with one."""

from __future__ import annotations

import hashlib
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from campaign.config import CONFIG_NAME, Settings
from campaign.cycle_collector import without_cycle_collector
from campaign.errors import CampaignError, TemplateError
from campaign.merge import (
    TEMPLATE_NAMES,
    Recipient,
    Rendered,
    greeting,
    load_template,
    pitch_keys,
    template_path,
)
from campaign.models import Employer
from campaign.rules.checks import Problem, duplicates, employer_problems, pitch_problems, sender_problems

# The built-in templates of earlier versions (whitespace-normalised text, SHA-256, first 32 hex
# digits): their letters make claims about a sample person ("Saved $1.2 million a year",
# "running lean, on-time operations"), which print under the seeker's name if left as they are.
LEGACY_BUILTINS = {
    "d1e8201aa5b0e3f9b7be01e4162d676a": "marketing",
    "adc224a02574ea9a3e96c17d49af59ce": "cover",
    "fda27752ca8baa8c3f6afd450d84685f": "thank-you",
    "f864113023efb44eef62e127ff8500e2": "thank-you",
    "d5739f6ba49ffed27ac9bf3ba9543b99": "thank-you",
    "22cb0cc09501cd3692ff0f89df7aee32": "thank-you",
    "f10bfc22477b70c3a1d7a1a8919b4426": "cover",
    "439973af9c9f11ddd6856059a42e2363": "courtesy",
    "32d8e359acca2bfe386c62d44203540f": "references",
    "d50c190fe80558e54da20b35e44a7a2b": "courtesy",
    "996796d5edd7f182b85a554af06c1b01": "note",
    "7548e1cae87478394a608d279df0564a": "references",
}


def text_digest(text: str) -> str:
    """A template's text with line ends and trailing spaces evened out, hashed."""
    lines = text.replace("\r\n", "\n").strip().splitlines()
    return hashlib.sha256("\n".join(line.rstrip() for line in lines).encode()).hexdigest()[:32]


def _shown(folder: Path, path: Path) -> str:
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


def template_problems(folder: Path, names: Iterable[str]) -> list[Problem]:
    """Templates still holding an earlier version's built-in sample text."""
    problems = []
    for name in names:
        path = template_path(folder, name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if text_digest(text) in LEGACY_BUILTINS:
            problems.append(Problem(_shown(folder, path), (
                "still the sample text of an earlier version, whose claims are about a sample "
                "person, not you; delete the file to use the new built-in (it takes your own "
                "words from [pitch] in campaign.toml), or rewrite it in your own words")))
    return problems


def _has_pitch_table(folder: Path) -> bool:
    try:
        return "pitch" in tomllib.loads((folder / CONFIG_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # load_settings reports a broken file; nothing to add here


def campaign_templates(folder: Path) -> list[str]:
    """The templates a campaign can print: its own files and the built-ins."""
    own = [p.stem for p in sorted((folder / "templates").glob("*.txt"))]
    return list(dict.fromkeys([*own, *TEMPLATE_NAMES]))


def setup_problems(folder: Path, settings: Settings, templates: Iterable[str]) -> list[Problem]:
    """Sender and template problems: any of them spoils every letter of those templates."""
    names = list(dict.fromkeys(templates))
    problems = sender_problems(settings)
    problems += template_problems(folder, names)
    used_by: dict[str, list[str]] = defaultdict(list)
    for name in names:
        try:
            template = load_template(folder, name)
        except TemplateError as error:
            problems.append(Problem(_shown(folder, template_path(folder, name)), error.message))
            continue
        for key in pitch_keys(template):
            used_by[key].append(name)
    problems += pitch_problems(settings, used_by, has_table=_has_pitch_table(folder))
    return problems


def stop_on_setup_problems(folder: Path, settings: Settings, templates: Iterable[str]) -> None:
    """Printing stops here when the sender or a template would spoil every letter."""
    problems = setup_problems(folder, settings, templates)
    if problems:
        count = len(problems)
        raise CampaignError(f"{count} problem{'s' if count != 1 else ''} to fix before printing; "
                            "nothing was printed or recorded (`campaign check` lists them)",
                            [p.line for p in problems])


def layout_problems(recipient: Recipient, salutation: str, settings: Settings,
                    labels: bool | None = None) -> list[str]:
    """A recipient's greeting and address measured against the page, the envelope (or label,
    or window) and the fonts. `labels` overrides [print] labels, as `--labels` does."""
    from campaign.jobs.mailing import recipient_block

    inside = recipient_block(recipient)
    # envelope_block(recipient), without building the inside address twice
    return block_problems(inside, recipient.envelope_block or inside, salutation, settings,
                          labels)


def block_problems(inside: tuple[str, ...], outside: tuple[str, ...], salutation: str,
                   settings: Settings, labels: bool | None = None) -> list[str]:
    """`layout_problems` of a letter's inside address, its envelope's address and greeting."""
    from campaign.pdf.fit import address_problems, letter_problems, undrawable

    printing = settings.print
    window = ""
    if printing.window_envelope:
        window = "din" if printing.paper == "a4" else "10"
    problems = letter_problems(salutation, inside, paper=printing.paper, window=window)
    if not window:
        use_labels = bool(printing.labels) if labels is None else labels
        sheet = (printing.labels or ("L7160" if printing.paper == "a4" else "5160")
                 ) if use_labels else ""
        problems += address_problems(outside, envelope=printing.envelope, sheet=sheet)
    missing = undrawable("".join((*inside, *outside, salutation)))
    if missing:
        problems.append(f"cannot print {missing!r}: the letter fonts have no such characters")
    return problems


@dataclass
class Screen:
    """Employers' problems, found once per command and asked about per employer."""

    settings: Settings
    everyone: list[Employer]
    labels: bool | None = None     # --labels given on the command line
    _duplicates: dict[int, str] | None = None
    _found: dict[int, list[str]] = field(default_factory=dict)

    def data_problems(self, employer: Employer) -> list[str]:
        if employer.id not in self._found:
            problems = employer_problems(employer, self.settings.campaign.country)
            if self._duplicates is None:
                from campaign.rules.identity import employer_key

                # The company part of the import's identity key (files.prospects.company_key
                # with no postal code), without importing the spreadsheet readers.
                self._duplicates = duplicates(
                    (e for e in self.everyone if e.active),
                    lambda e: employer_key(e.company, ""))
            if employer.id in self._duplicates:
                problems.append(self._duplicates[employer.id])
            self._found[employer.id] = problems
        return self._found[employer.id]

    def hold_back(self, rendered: list[Rendered], *, employer_data: bool = True
                  ) -> tuple[list[Rendered], list[Problem]]:
        """The letters fit to print, and a problem line for each one held back."""
        employers = {e.id: e for e in self.everyone}
        kept: list[Rendered] = []
        held: list[Problem] = []
        for item in rendered:
            recipient = item.recipient
            employer = employers.get(recipient.employer_id) if employer_data else None
            found = self.data_problems(employer) if employer is not None else []
            found = found + layout_problems(recipient, item.salutation, self.settings,
                                            self.labels)
            if found:
                where = recipient.label or recipient.company or recipient.name
                held += [Problem(where, what, recipient.employer_id) for what in found]
            else:
                kept.append(item)
        return kept, held


@dataclass
class CheckReport:
    scope: str                     # what was checked, in words
    employers: int
    problems: list[Problem]


def _correspondence_employers(ledger) -> list[int]:
    """Employers with a thank-you note, article note or cover letter falling due this week,
    as `campaign week` prints them."""
    from campaign.jobs.week import LETTER_ACTIONS
    from campaign.rules.weeks import week_end

    end = week_end(ledger.today)
    return list(dict.fromkeys(
        item.employer_id for item in ledger.open_items
        if item.employer_id is not None and item.action in LETTER_ACTIONS
        and item.action != "references" and item.earliest <= end))


def check_campaign(ledger, folder: Path, *, which: str | None = None,
                   every: bool = False) -> CheckReport:
    """`campaign check`: the sender, the templates, and the employers of one week's batch
    (this week's by default) or, with `every`, every active employer; the campaign as the
    ledger read it."""
    with without_cycle_collector():
        return _check_campaign(ledger, folder, which=which, every=every)


def _check_campaign(ledger, folder: Path, *, which: str | None, every: bool) -> CheckReport:
    from campaign.jobs.mailing import address_blocks

    settings = ledger.settings
    employers = ledger.employers
    templates = campaign_templates(folder)
    problems = setup_problems(folder, settings, templates)
    if every:
        chosen = [e for e in employers if e.active]
        scope = "every active employer"
    else:
        from campaign.jobs.batches import choose_batch

        by_id = {e.id: e for e in employers}
        try:
            batch = choose_batch(ledger, which or "next")
            ids = list(batch.employer_ids)
            scope = f"batch {batch.label}"
        except CampaignError as error:
            ids, scope = [], f"no batch ({error.message})"
        if which is None:
            # This week's notes and letters after meetings go in the post with the batch.
            noted = _correspondence_employers(ledger)
            ids += [i for i in noted if i not in ids]
            scope += f" and {len(noted)} employer{'s' if len(noted) != 1 else ''} with a note due"
        chosen = [by_id[i] for i in ids if i in by_id]
    screen = Screen(settings, employers)
    home = settings.campaign.country
    for employer in chosen:
        found = list(screen.data_problems(employer))
        # The hiring authority's letter, as the batch prints it, without merging a template.
        block, envelope = address_blocks(employer, employer.contact, employer.title, home)
        # recipient_block and envelope_block of the Recipient a batch makes, built directly.
        inside = block or tuple(line for line in (employer.contact, employer.title,
                                                  employer.company, *employer.address_lines)
                                if line)
        found += block_problems(inside, envelope or inside, greeting(employer.contact),
                                settings)
        problems += [Problem(employer.company or f"employer {employer.id}", what, employer.id)
                     for what in found]
    return CheckReport(scope, len(chosen), problems)
