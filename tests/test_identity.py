"""Employer identity keys: every script kept, accents dropped only from Latin letters, and
stores keyed the old way re-keyed without moving any event."""

from __future__ import annotations

import json
from datetime import date

import pytest

from campaign.models import Event
from campaign.rules.identity import employer_key
from campaign.store.database import Store

from .conftest import write_csv

# Two different employers per script: the old ASCII key made each pair one employer.
PAIRS = {
    "greek": ("Αθηναϊκή Ζυθοποιία", "Ολυμπιακή Ζυθοποιία"),
    "cyrillic": ("Ромашка", "Лютик"),
    "cjk": ("山田商事", "田中商事"),
    "hebrew": ("אור תעשיות", "שמש תעשיות"),
    "arabic": ("شركة النور", "شركة الأمل"),
    "devanagari": ("हिन्दी प्रकाशन", "हिंदी प्रकाशन"),
}


@pytest.mark.parametrize("script", sorted(PAIRS))
def test_two_employers_in_one_script_at_one_postal_code_stay_two(script):
    first, second = PAIRS[script]
    assert employer_key(first, "10115") != employer_key(second, "10115")
    # ... while the same name written again, in another case or form, is the same employer.
    assert employer_key(first, "10115") == employer_key(f"  {first.upper()}, ", "10 115")


def test_latin_accents_and_case_still_match():
    assert employer_key("Café Ørsted", "75001") == employer_key("CAFE orsted", "75001")
    assert employer_key("Müller & Söhne GmbH", "1") == employer_key("muller and sohne gmbh", "1")
    assert employer_key("Straße Bau", "1") == employer_key("STRASSE BAU", "1")
    assert employer_key("Baker & Sons, Inc.", "02134") == employer_key("baker and sons", "02134")
    assert employer_key("ＡＣＭＥ", "1") == employer_key("acme", "1")  # full-width letters


def test_greek_accents_are_kept_and_case_folded():
    # Within Greek only the case is folded: the accent is part of the letter there.
    assert employer_key("ΑΘΉΝΑ", "1") == employer_key("αθήνα", "1")
    assert employer_key("Αθήνα", "1") != employer_key("Αθηνά", "1")


def test_names_of_symbols_only_are_still_told_apart():
    assert employer_key("★", "1") != employer_key("☆", "1")


def test_reimport_never_moves_a_log_between_two_greek_companies(run, tmp_path):
    a, b = PAIRS["greek"]
    run("import", str(write_csv(tmp_path / "one.csv", [["Company", "Zip"], [a, "10115"]])))
    store = Store.open(run.folder)
    (first,) = store.employers()
    with store.transaction():
        store.append_event(Event(id=0, kind="interview", on=date(2026, 11, 2),
                                 employer_id=first.id, note="panel"))
    store.close()
    # The second list names the other company only: it is added, the first made inactive.
    result = run("import", str(write_csv(tmp_path / "two.csv", [["Company", "Zip"],
                                                                [b, "10115"]])), "--replace")
    assert "1 added, 0 updated, 0 unchanged, 1 made inactive" in result.output
    store = Store.open(run.folder)
    by_name = {e.company: e for e in store.employers()}
    assert by_name[a].id == first.id and not by_name[a].active
    assert [e.note for e in store.events(employer_id=first.id)] == ["panel"]
    assert store.events(employer_id=by_name[b].id) == []


def test_migration_rekeys_an_old_store_and_keeps_every_event(tmp_path):
    store = Store.open(tmp_path, create=True)
    with store.transaction():
        # As the old ASCII key left them: the Greek name gone, the second one numbered.
        ids = [store.add_employer(key, employer) for key, employer in (
            ("|10115", _employer(PAIRS["greek"][0], "10115")),
            ("|10115#2", _employer(PAIRS["greek"][1], "10115")),
            ("cafe|75001", _employer("Café", "75001")),
        )]
        for n, employer_id in enumerate(ids):
            store.append_event(Event(id=0, kind="call", on=date(2026, 11, 2 + n),
                                     employer_id=employer_id, note=f"call {n}"))
    before = {i: [e.note for e in store.events(employer_id=i)] for i in ids}
    store._db.execute("DELETE FROM schema_migrations WHERE name LIKE '%_employer_keys_keep_every_script'")
    store.close()
    store = Store.open(tmp_path)
    keys = store.employer_keys()
    assert keys == {employer_key(PAIRS["greek"][0], "10115"): ids[0],
                    employer_key(PAIRS["greek"][1], "10115"): ids[1],
                    "cafe|75001": ids[2]}
    assert {i: [e.note for e in store.events(employer_id=i)] for i in ids} == before


def _employer(company: str, postal_code: str):
    from campaign.models import Employer

    return Employer(id=0, company=company, postal_code=postal_code)


def test_prospects_json_keeps_non_latin_names(run, tmp_path):
    rows = [["Company", "Zip"], *[[name, "10115"] for pair in PAIRS.values() for name in pair]]
    run("import", str(write_csv(tmp_path / "all.csv", rows)))
    listed = json.loads(run("prospects", "--format", "json").output)
    assert len(listed) == 2 * len(PAIRS)



def test_plain_ascii_folds_as_the_unicode_path_folds_it():
    """fold_name's shortcut for ASCII text gives what the per-character Unicode reading gives,
    for every ASCII character, alone and in names."""
    import random

    from campaign.rules.identity import _fold_unicode, fold_name

    rng = random.Random(7)
    samples = [chr(c) for c in range(128)] + ["The Acme Co., Inc.", "  A&B -- Tools\t(2)\x1f "]
    samples += ["".join(rng.choice("aZq 9.,&-_'\"/\\\t\n\x00\x1c\x7f") for _ in range(rng.randrange(12)))
                for _ in range(500)]
    for text in samples:
        assert fold_name(text) == _fold_unicode(text), repr(text)
    assert fold_name("The Acme Co., Inc.") == "the acme co inc"
    assert fold_name("Acme Café, Inc.") == "acme cafe inc"
