"""A template is parsed once: the [pitch] keys `campaign check` asks for are read from the trees
its compiling parsed, and they are those a fresh parse of the text finds."""

from __future__ import annotations

from pathlib import Path

from campaign import merge


def fresh_keys(template: merge.Template) -> set[str]:
    keys: set[str] = set()
    for source in [template.body, *template.meta.values()]:
        keys |= merge._pitch_keys_of(merge._env().parse(source))
    return keys


def test_the_keys_kept_from_compiling_are_those_of_a_fresh_parse(tmp_path: Path):
    text = ("---\nsubject: About {{ pitch.field }}\n---\n"
            "Dear {{ name }},\n\n{{ pitch.summary }} {{ pitch['results'] | and_list }}\n\n"
            # Constant folding turns this into "x" when compiled; the parse still names it.
            "{{ pitch.hidden if false else 'x' }} {{ pitch.items() }}\n")
    template = merge.parse_template("mine", tmp_path / "templates" / "mine.txt", text)
    assert (str(template.path), template.body) in merge._PITCH_KEYS  # kept while compiling
    assert merge.pitch_keys(template) == fresh_keys(template) == {
        "field", "summary", "results", "hidden"}


def test_every_built_in_template_reports_the_same_keys(tmp_path: Path):
    for name in merge.TEMPLATE_NAMES:
        template = merge.load_template(tmp_path, name)  # the package's own text
        assert merge.pitch_keys(template) == fresh_keys(template), name
