"""How the tool words things in English: counts whose nouns agree with their number, lists of
names as a person would say them, and the "The" of a company name in running text."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NO_BREAK = "\u00a0"
# Runs of spaces that a line may break at; the no-break spaces (U+00A0, U+2007, U+202F) are
# not among them, so a phone number joined with them stays on one line.
BREAKABLE_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def count(number: int, noun: str, plural: str | None = None) -> str:
    """"1 weekly batch", "2 weekly batches", "0 letters": the noun agrees with the number."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {plural or _plural(noun)}"


def _plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def spoken_list(names: Iterable[str], conjunction: str = "and") -> str:
    """"Ann", "Ann and Bob", "Ann, Bob and Cy": how a list of names reads in a letter."""
    items = [n for n in names if n]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def unbreakable(text: str) -> str:
    """The text as one unit for line wrapping (a phone number): its spaces become no-break."""
    return " ".join(text.split()).replace(" ", _NO_BREAK)


def breakable_words(text: str) -> list[str]:
    """The words a line may wrap between; a no-break space keeps its neighbours together."""
    return [w for w in BREAKABLE_SPACE.split(text) if w]


def search_over_message(over) -> str:
    """What every command that would plan, print or call says once an offer is accepted."""
    company, on, event_id = over
    return (f"The search is over: you accepted the offer of {company} on {on.isoformat()}. "
            f"No follow-ups and no weekly letters from now on; if that was a mistake, "
            f"`campaign log --undo {event_id}` resumes the search.")
