"""Pure: how a name typed by the seeker finds an employer, a person or a contact. One matcher
for all of them, so that what one command shows another can find: case, accents, punctuation
and spacing do not matter ("Renee Dubois" finds "Renée Dubois", "nouvelle energie" finds
"Nouvelle Énergie"), and a courtesy title is optional ("Ann Lee" finds "Ms. Ann Lee", "Mme
Claire Dubois" finds "Claire Dubois"). The courtesy titles, in every language read, are here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from campaign.errors import CampaignError

if TYPE_CHECKING:
    from campaign.models import Employer

T = TypeVar("T")

# Courtesy titles that may stand before a person's name, in the languages a seeker's sheet is
# most often written in, each as a letter writes it. The key is the title in lower case without
# its dots ("Mme", "M.", "Sig.ra" → mme, m, sigra). Left out on purpose: words that are also
# first names (Don, Dona) or common words (Me).
COURTESY_TITLES: dict[str, str] = {
    # English
    "mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "miss": "Miss", "mx": "Mx.", "dr": "Dr.",
    "prof": "Prof.",
    # French
    "m": "M.", "mme": "Mme", "mlle": "Mlle", "mmes": "Mmes", "mm": "MM.", "pr": "Pr",
    # German
    "herr": "Herr", "frau": "Frau",
    # Spanish and Portuguese
    "sr": "Sr.", "sra": "Sra.", "srta": "Srta.", "dra": "Dra.",
    # Italian
    "sig": "Sig.", "sigra": "Sig.ra", "signa": "Sig.na", "dott": "Dott.", "dottssa": "Dott.ssa",
    # Dutch
    "dhr": "Dhr.", "mevr": "Mevr.",
}
# The same titles as `name_key` reads them ("Sig.ra" → "sig ra"), one or more before a name.
_LEADING_TITLES = re.compile(
    r"^(?:(?:" + "|".join(sorted({" ".join(re.sub(r"[^\w]+", " ", t.casefold()).split())
                                   for t in COURTESY_TITLES.values()}, key=len, reverse=True))
    + r") )+")


def courtesy_title(word: str) -> str | None:
    """The title `word` is, as a letter writes it ("mme" → "Mme", "Dr" → "Dr."), or None. A
    single letter is a title only with its dot ("M." is Monsieur, "M" an initial)."""
    key = word.casefold().replace(".", "")
    if len(key) == 1 and not word.endswith("."):
        return None
    return COURTESY_TITLES.get(key)


def name_key(text: str) -> str:
    """A name compared loosely: accents stripped, case folded, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain.replace("&", " and ")).split())


def _bare(key: str) -> str:
    """The key without its leading courtesy titles ("herr dr hans meier" → "hans meier"); a
    title alone is kept."""
    found = _LEADING_TITLES.match(key)
    return key[found.end():] if found and found.end() < len(key) else key


def matches(items: Iterable[T], text: str, name: Callable[[T], str]) -> list[T]:
    """The items `text` names: those whose whole name it is (with or without a courtesy title),
    else those whose name contains it as whole words or as a part."""
    wanted = _bare(name_key(text))
    if not wanted:
        return []
    pool = [(item, name_key(name(item))) for item in items]
    exact = [item for item, key in pool if key == wanted or _bare(key) == wanted]
    if exact:
        return exact
    padded = f" {wanted} "
    words = [item for item, key in pool if padded in f" {key} "]
    return words or [item for item, key in pool if wanted in key]


def find_employer(employers: list[Employer], text: str) -> Employer:
    """An employer by id or by an unambiguous part of its name."""
    text = text.strip()
    if not text:
        raise CampaignError("employer: give an id or part of the company name")
    if text.isdigit():
        for employer in employers:
            if employer.id == int(text):
                return employer
    found = matches(employers, text, lambda e: e.company)
    if len(found) > 1:
        active = [e for e in found if e.active]
        if len(active) == 1:
            return active[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise CampaignError(f"employer {text!r}: no employer matches (see `campaign prospects`)")
    shown = "; ".join(f"{e.id} {e.company}" for e in found[:10])
    more = f" and {len(found) - 10} more" if len(found) > 10 else ""
    raise CampaignError(f"employer {text!r} matches {len(found)}: {shown}{more}; "
                        "give more of the name or the id")
