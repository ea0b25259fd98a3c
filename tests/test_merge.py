"""Templates: strict, sandboxed, literal data, greetings, alternatives, built-ins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from campaign.errors import TemplateError
from campaign.jobs.init import builtin_templates
from campaign.merge import (
    TEMPLATE_NAMES,
    Recipient,
    greeting,
    parse_template,
    render,
    render_all,
)

DAY = date(2026, 11, 30)
SENDER = {"name": "Dana Park", "phone": "(555) 555-0100"}
PITCH = {"summary": "I keep kitchens of sixty covers running calmly.",
         "results": ("Opened a second site on time", "Halved food waste"),
         "field": "restaurant kitchens"}


def template(text: str, name: str = "t") -> object:
    return parse_template(name, Path(f"{name}.txt"), text)


def acme(**fields) -> Recipient:
    return Recipient(name="Ms. Ann Lee", company="Acme", label="Acme",
                     fields={"employer": {"company": "Acme", **fields}})


def test_greeting_with_honorific_name_or_fallback():
    assert greeting("Ms. Ann Lee") == "Dear Ms. Lee:"
    assert greeting("Dr Raj Patel") == "Dear Dr. Patel:"
    assert greeting("Sam Ortiz") == "Dear Sam Ortiz:"
    assert greeting("") == "Dear Hiring Manager:"


@pytest.mark.parametrize(("name", "expected"), [
    ("Mme Claire Dubois", "Dear Mme Dubois:"),
    ("Mlle Anne Roy", "Dear Mlle Roy:"),
    ("M. Jean Martin", "Dear M. Martin:"),
    ("Herr Dr. Hans Meier", "Dear Herr Dr. Meier:"),
    ("Frau Anna Schmidt", "Dear Frau Schmidt:"),
    ("Sr. Luis Paz", "Dear Sr. Paz:"),
    ("Sra. Ana Gómez", "Dear Sra. Gómez:"),
    ("Sig.ra Maria Rossi", "Dear Sig.ra Rossi:"),
    ("Mrs Lee", "Dear Mrs. Lee:"),
    ("M Jean Martin", "Dear M Jean Martin:"),   # without its dot, M is an initial
    ("Herr", "Dear Herr:"),                     # a title alone is not taken for one
])
def test_courtesy_titles_of_other_languages_are_greeted_once(name, expected):
    assert greeting(name) == expected


def test_a_template_reads_the_honorific_and_last_name_of_a_french_name():
    out = render(template("{{ person.honorific }} {{ person.last_name }}, "
                          "{{ person.first_name }}\n\nBody"),
                 Recipient(name="Mme Claire Dubois", company="Dubois SA", label="Dubois SA"),
                 SENDER, DAY)
    assert out.salutation == "Dear Mme Dubois:"
    assert out.paragraphs[0][0][0] == "Mme Dubois, Claire"


def test_spreadsheet_text_is_printed_literally():
    out = render(template("At {{ company }} we **care**, __truly__.\n\nBye"),
                 Recipient(name="", company="AT&T <West> *big* __x__\n\nsplit"), SENDER, DAY)
    assert out.paragraphs[0] == (("At AT&T <West> *big* __x__  split we ", False, False, False),
                                 ("care", True, False, False), (", ", False, False, False),
                                 ("truly", False, False, True), (".", False, False, False))
    assert len(out.paragraphs) == 2


def test_a_company_ending_in_a_dot_does_not_double_it():
    out = render(template("Write to {{ company }}."), Recipient(name="", company="Acme Inc."),
                 SENDER, DAY)
    assert out.text == "Write to Acme Inc."


def test_missing_field_names_line_field_and_every_recipient():
    t = template("---\nsubject: hi\n---\nHello.\n\nYou work in {{ employer.industry }}.\n")
    recipients = [acme(industry="tools"), Recipient(name="B", label="Bolt",
                                                    fields={"employer": {"company": "Bolt"}}),
                  Recipient(name="C", label="Cord", fields={"employer": {"company": "Cord"}})]
    with pytest.raises(TemplateError) as caught:
        render_all(t, recipients, SENDER, DAY)
    assert caught.value.message.startswith("t.txt:6: the template uses employer.industry")
    assert caught.value.details == ["t.txt:6: employer.industry: missing for 2: Bolt, Cord"]


def test_a_default_in_the_template_fills_a_missing_field():
    t = template("In {{ employer.industry | default('your field') }}.")
    assert render(t, acme(), SENDER, DAY).text == "In your field."


def test_syntax_error_names_file_and_line():
    with pytest.raises(TemplateError, match=r"^bad.txt:5: template syntax error"):
        template("---\nsubject: x\n---\nfine\n{% if %}\n", name="bad")


def test_sandbox_blocks_python_internals():
    t = template("{{ company.__class__.__mro__ }}")
    with pytest.raises(TemplateError):
        render_all(t, [Recipient(name="", company="x")], SENDER, DAY)


def test_alternatives_are_stable_and_differ_per_variant():
    t = template('{{ vary("one", "two", "three") }} end')
    texts = [render(t, Recipient(name="x", variant=v), SENDER, DAY).text for v in range(3)]
    assert len(set(texts)) == 3
    again = render(t, Recipient(name="x", variant=1), SENDER, DAY).text
    assert again == texts[1]
    assert render(t, Recipient(name="x"), SENDER, DAY).alternatives == ((1, 3),)


def test_front_matter_subject_enclosure_and_dates_in_locale():
    t = template("---\nsubject: Re {{ company }}\nenclosure: Résumé\n---\n{{ today }}")
    out = render(t, Recipient(name="", company="Acme"), SENDER, DAY, locale="fr_FR")
    assert (out.subject, out.enclosure, out.text) == ("Re Acme", "Résumé", "30 novembre 2026")


def test_builtin_templates_render_for_a_bare_employer():
    shipped = builtin_templates()
    assert set(shipped) == set(TEMPLATE_NAMES)
    for name, text in shipped.items():
        out = render(template(text, name), acme(), SENDER, DAY, pitch=PITCH)
        assert out.text and out.salutation == "Dear Ms. Lee:", name


def test_builtin_templates_claim_nothing_of_their_own_and_print_the_pitch():
    shipped = builtin_templates()
    for name, text in shipped.items():
        for claim in ("1.2 million", "running lean", "twelve years", "31%", "operations"):
            assert claim not in text, (name, claim)
    marketing = render(template(shipped["marketing"], "marketing"), acme(), SENDER, DAY,
                       pitch=PITCH).text
    assert PITCH["summary"] in marketing
    assert all(result in marketing for result in PITCH["results"])
    thanks = render(template(shipped["thank-you"], "thank-you"), acme(), SENDER, DAY,
                    pitch=PITCH).text
    assert "restaurant kitchens" in thanks


def test_a_template_using_an_empty_pitch_prints_nothing_and_says_what_to_fill_in():
    t = template(builtin_templates()["marketing"], "marketing")
    with pytest.raises(TemplateError) as caught:
        render_all(t, [acme()], SENDER, DAY, pitch={"summary": "", "results": ()})
    assert "[pitch]" in caught.value.message and "campaign.toml" in caught.value.message
    assert "nothing was printed" in caught.value.message


def test_courtesy_letter_never_says_thank_you():
    text = builtin_templates()["courtesy"]
    out = render(template(text, "courtesy"), acme(), SENDER, DAY, pitch=PITCH)
    assert "thank you" not in out.text.lower() and "thank you" not in text.lower()


def test_the_us_date_is_written_as_babel_writes_it_without_importing_babel():
    from datetime import date, timedelta

    from babel.dates import format_date

    from campaign.merge import format_day

    for offset in range(0, 800, 13):
        day = date(2026, 1, 1) + timedelta(days=offset)
        assert format_day(day) == format_date(day, format="long", locale="en_US")
    assert format_day(date(2026, 12, 21), "de_DE") == "21. Dezember 2026"
