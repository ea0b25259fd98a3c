"""When two spreadsheet rows name the same employer: the identity key kept in the store.

The key keeps every script. A name is read in Unicode compatibility form and case-folded; only
accents on Latin letters are dropped (so "Café" and "CAFE" are one employer), while Greek,
Cyrillic, CJK, Hebrew, Arabic and other letters, with their own marks, stay as they are: two
Greek companies at one postal code are two employers.
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters that carry their "accent" inside the letter itself (no decomposition).
_LATIN_PLAIN = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t",
                              "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})
# Plain ASCII, the usual company name, folds to lower-case letters and digits; the rest of ASCII
# (punctuation, symbols, spaces, controls) reads as a space, as the Unicode path below reads it.
_ASCII_GAPS = re.compile(r"[^a-z0-9]+")
_SUFFIXES = re.compile(r"\b(inc|incorporated|llc|ltd|limited|corp|corporation|co|company|plc)$")


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN ")


def fold_name(text: str) -> str:
    """`text` compared loosely: NFKC, case-folded, accents off Latin letters only, and any run
    of punctuation, symbols or spaces read as one space."""
    if text.isascii():
        # The same answer without a Unicode look-up per character (an import or a duplicate
        # check folds thousands of names).
        return " ".join(_ASCII_GAPS.sub(" ", text.lower()).split())
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LATIN_PLAIN)
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        category = unicodedata.category(char)
        if category == "Mn":
            base = next((c for c in reversed(kept) if unicodedata.category(c) != "Mn"), " ")
            if _is_latin(base):
                continue  # an accent on a Latin letter: é reads as e
        kept.append(char if category[0] in "LNM" else " ")
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def employer_key(company: str, postal_code: str) -> str:
    """Folded company name (legal suffix and "&"/"and" ignored) + postal code: the upsert key
    when the sheet has no id of its own."""
    name = fold_name(company.replace("&", " and "))
    name = _SUFFIXES.sub("", name).strip() or name
    if not name:
        # A name of symbols only (★, ♣) still tells employers apart by its own characters.
        name = " ".join(unicodedata.normalize("NFKC", company).casefold().split())
    code = unicodedata.normalize("NFKC", postal_code).replace(" ", "").upper()
    return f"{name}|{code}"
