"""The PDF layer: letters, envelopes and label sheets from plain records, with reportlab only.

Callers build `LetterDoc`/`EnvelopeDoc` values (already merged text, no templates) and
call the writers; every file is written atomically and deterministically.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Run:
    """A piece of text with light emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


Paragraph = tuple[Run, ...]


@dataclass(frozen=True)
class LetterDoc:
    """One letter, every field already merged and formatted."""

    sender_name: str
    sender_lines: tuple[str, ...]      # address lines, phone, email (under the name, top)
    date_text: str                     # already formatted, e.g. "November 30, 2026"
    recipient_lines: tuple[str, ...]   # inside address: name, title, company, street, city
    salutation: str                    # "Dear Ms. Lee:"
    paragraphs: tuple[Paragraph, ...]
    closing: str = "Sincerely,"
    signature_name: str = ""
    signature_image: str = ""          # optional PNG drawn in the signature space
    enclosure: str = ""                # "Résumé" prints "Enclosure: Résumé"
    subject: str = ""                  # optional "Re:" line before the salutation
    page2_name: str = ""               # addressee named in the page-2 header


@dataclass(frozen=True)
class EnvelopeDoc:
    """One envelope: return address and recipient block."""

    return_lines: tuple[str, ...]      # sender name + address
    recipient_lines: tuple[str, ...]   # name, title?, company, street, city line


# Imported after the records they use; the submodules only need them for type hints.
from campaign.pdf.envelopes import write_envelopes  # noqa: E402
from campaign.pdf.fonts import missing_glyphs  # noqa: E402
from campaign.pdf.labels import label_cells, write_labels  # noqa: E402
from campaign.pdf.letters import write_letters  # noqa: E402
from campaign.pdf.preview import preview_png  # noqa: E402

__all__ = [
    "EnvelopeDoc",
    "LetterDoc",
    "Paragraph",
    "Run",
    "label_cells",
    "missing_glyphs",
    "preview_png",
    "write_envelopes",
    "write_labels",
    "write_letters",
    "write_mailing",
]

_LETTER_OPTIONS = {"paper", "window", "enclosure", "checklist", "checklist_title"}
_ENVELOPE_OPTIONS = {"size"}
_LABEL_OPTIONS = {"sheet", "skip", "offset_mm"}
# Below this many envelopes (~0.05 s of work) a second process costs about what it saves.
_PARALLEL_MIN = 200


def _render_second(path: Path, envelopes: list[EnvelopeDoc], options: dict[str, Any]) -> int:
    """The envelope (or label) half of a mailing."""
    from campaign.pdf import envelopes as envelope_module
    from campaign.pdf import labels as label_module

    if _LABEL_OPTIONS & options.keys():
        return label_module.render_labels(
            path, (e.recipient_lines for e in envelopes), **options)
    return envelope_module.render_envelopes(path, envelopes, **options)


def write_mailing(
    letters_path: Path | str,
    letters: list[LetterDoc],
    envelopes_path: Path | str | None,
    envelopes: list[EnvelopeDoc],
    **options: Any,
) -> None:
    """Write a mailing's letters and its envelopes (or labels) side by side.

    The two documents are independent, so the envelopes render in a second process while
    this one renders the letters. Options: paper, window, enclosure, checklist,
    checklist_title (letters); size (envelopes); or sheet, skip, offset_mm to print
    address labels instead of envelopes. Both files appear together or not at all.
    """
    from campaign.errors import CampaignError
    from campaign.files.atomic import atomic_file
    from campaign.pdf import letters as letter_module
    from campaign.side_process import beside

    unknown = options.keys() - _LETTER_OPTIONS - _ENVELOPE_OPTIONS - _LABEL_OPTIONS
    if unknown:
        raise TypeError(f"write_mailing: unknown options {sorted(unknown)}")
    letter_options = {k: v for k, v in options.items() if k in _LETTER_OPTIONS}
    second_options = {k: v for k, v in options.items() if k not in _LETTER_OPTIONS}
    if "size" in second_options and _LABEL_OPTIONS & second_options.keys():
        raise CampaignError("choose envelopes (size) or labels (sheet), not both")
    enclosure = letter_options.pop("enclosure", None)

    with contextlib.ExitStack() as stack:
        letters_tmp = stack.enter_context(atomic_file(letters_path))
        second_tmp = stack.enter_context(atomic_file(envelopes_path)) if envelopes_path else None
        second = None
        if second_tmp is not None and len(envelopes) >= _PARALLEL_MIN:
            # Unwinds before the temporary files are removed, even when the letters fail.
            second = stack.enter_context(
                beside(_render_second, second_tmp, envelopes, second_options))
        elif second_tmp is not None:
            _render_second(second_tmp, envelopes, second_options)

        letter_module.render_letter_file(letters_tmp, letters, enclosure=enclosure,
                                         **letter_options)
        if second is not None:
            second.result()
