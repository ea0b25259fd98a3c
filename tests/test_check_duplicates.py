"""The duplicate finder of `campaign check`: its shortcuts (names compared only under the same
contact, length and shared-letter bounds before any alignment) find exactly what comparing
every pair with difflib finds."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from campaign.files.prospects import company_key
from campaign.models import Employer
from campaign.rules.checks import FIRST_WORD_RATIO, FUZZY_RATIO, _plain, duplicates


def every_pair(employers: list[Employer]) -> dict[int, str]:
    """The rule written plainly: each employer against every earlier one, by difflib alone."""
    ordered = sorted(employers, key=lambda e: e.sort_key)
    found: dict[int, str] = {}
    firsts: list[Employer] = []     # the first employer seen at each (company, city)
    candidates: list[Employer] = []  # earlier employers a close name may match
    for employer in ordered:
        key = company_key(employer.company, "")
        earlier = next((e for e in firsts if company_key(e.company, "") == key
                        and _plain(e.city) == _plain(employer.city)), None)
        if earlier is not None:
            found[employer.id] = (f"probably the same employer as {earlier.company} "
                                  f"(id {earlier.id}): same company and city")
            continue
        firsts.append(employer)
        if not _plain(employer.contact):
            continue
        for other in candidates:
            other_key = company_key(other.company, "")
            if (_plain(other.contact) == _plain(employer.contact) and other_key != key
                    and SequenceMatcher(None, key.split(" ")[0],
                                        other_key.split(" ")[0]).ratio() >= FIRST_WORD_RATIO
                    and SequenceMatcher(None, key, other_key).ratio() >= FUZZY_RATIO):
                found[employer.id] = (f"probably the same employer as {other.company} "
                                      f"(id {other.id}): a close name, the same contact "
                                      f"{employer.contact}")
                break
        else:
            candidates.append(employer)
    return found


FIRST = ("Harbor", "Harbour", "Café", "Cafe", "Oakpath", "Birchpath", "Zürich", "Zurich",
         "Ørsted", "Orsted", "Northwind", "Nortwind", "Acme", "Acne", "Willow", "Wilow")
SECOND = ("Analytics", "Analytic", "Tooling", "Foods", "Fóods", "Logistics", "Logistic",
          "Insurance Group", "Insurance Grp", "")
SUFFIX = ("", " Inc.", ", Inc.", " LLC", " Corp.", " Co.", " & Sons", " and Sons", " GmbH")
CITIES = ("Springfield", "springfield", "Decatur", "Köln", "Koln", "")
CONTACTS = ("Ann Lee", "ann  lee", "Bo Chan", "Cy Diaz", "", "Dee Ekström")


def variant(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(SECOND)}".strip() + rng.choice(SUFFIX)
    if rng.random() < 0.3:
        name = "The " + name
    if rng.random() < 0.2:  # a typo: a letter dropped or doubled
        at = rng.randrange(len(name))
        name = name[:at] + name[at + 1:] if rng.random() < 0.5 else name[:at] + name[at] + name[at:]
    return rng.choice((name, name.upper(), name.lower()))


def test_the_quick_finder_finds_what_every_pair_finds():
    rng = random.Random(15)
    employers = [Employer(id=i, company=variant(rng), contact=rng.choice(CONTACTS),
                          city=rng.choice(CITIES), rank=float(rng.randrange(3)), sheet_row=i)
                 for i in range(1, 401)]
    expected = every_pair(employers)
    found = duplicates(employers, lambda e: company_key(e.company, ""))
    assert found == expected
    # The list is one where both rules and both outcomes of the fuzzy rule happen often.
    reasons = list(found.values())
    assert sum("same company and city" in r for r in reasons) > 20
    assert sum("a close name" in r for r in reasons) > 20
    assert len(found) < len(employers) - 100


def test_near_duplicates_with_accents_the_and_inc():
    people = [Employer(id=1, company="Café Ørsted Foods, Inc.", contact="Ann Lee", city="Köln",
                       sheet_row=1),
              Employer(id=2, company="CAFE ORSTED FOODS", contact="Ann Lee", city="KÖLN",
                       sheet_row=2),
              Employer(id=3, company="The Harbor Analytics", contact="Bo Chan", city="A",
                       sheet_row=3),
              Employer(id=4, company="The Harbour Analytics LLC", contact="bo  chan", city="B",
                       sheet_row=4),
              Employer(id=5, company="Oakpath Tooling", contact="Cy Diaz", city="A", sheet_row=5),
              Employer(id=6, company="Birchpath Tooling", contact="Cy Diaz", city="B",
                       sheet_row=6)]
    found = duplicates(people, lambda e: company_key(e.company, ""))
    assert found == every_pair(people)
    assert found[2].endswith("(id 1): same company and city")
    assert "(id 3): a close name" in found[4]
    assert 6 not in found  # most letters shared, but not the first word
