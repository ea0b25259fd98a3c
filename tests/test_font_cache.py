"""Parsed fonts kept between runs (campaign/pdf/font_cache.py): a kept face is the parsed face,
a letter printed with it is the same file byte for byte, and a kept file that is tampered with,
or a cache that cannot be written, changes nothing but the speed."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from campaign.pdf import font_cache
from campaign.pdf.fonts import FONT_DIR

SANS = FONT_DIR / "DejaVuSans.ttf"
TEXT = "Renée Dubois, Łódź, Ελληνικά, Кириллица, 株式会社 — 12 Alder Court"


def _state(font: TTFont) -> dict:
    return {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "campaign" / "fonts"


def test_a_kept_face_is_the_parsed_face(cache):
    parsed = font_cache.load_font("first", SANS)  # parses and keeps
    assert len(list(cache.glob("*.pickle"))) == 1
    kept = font_cache.load_font("second", SANS)  # read back
    assert _state(kept) == _state(parsed) == _state(TTFont("plain", str(SANS)))
    assert kept.stringWidth(TEXT, 11) == parsed.stringWidth(TEXT, 11)
    assert kept.face is not parsed.face


def test_a_tampered_file_runs_nothing_and_the_face_is_parsed_again(cache, tmp_path):
    font_cache.load_font("first", SANS)
    (kept,) = cache.glob("*.pickle")
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    kept.write_bytes(pickle.dumps({"charWidths": Payload()}))
    font = font_cache.load_font("again", SANS)
    assert not marker.exists()
    assert _state(font) == _state(TTFont("plain", str(SANS)))
    kept.write_bytes(b"\x80\x05 half a file")
    assert _state(font_cache.load_font("truncated", SANS)) == _state(font)


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    font = font_cache.load_font("uncached", SANS)
    assert font.stringWidth(TEXT, 11) == TTFont("plain", str(SANS)).stringWidth(TEXT, 11)


_PRINT = """
import sys
from campaign.pdf import LetterDoc, Run, write_letters
letter = LetterDoc(sender_name="Robin Vega", sender_lines=("12 Alder Court",),
                   date_text="December 1, 2026",
                   recipient_lines=("Ms. Renée Dubois", "Nouvelle Énergie", "Łódź"),
                   salutation="Dear Ms. Dubois:",
                   paragraphs=((Run("Ελληνικά and "), Run("bold", bold=True),
                                Run(" and "), Run("italic", italic=True)),))
write_letters(sys.argv[1], [letter])
"""


def test_a_letter_printed_from_kept_faces_is_the_same_file(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "SOURCE_DATE_EPOCH": "1764547200"}
    files = []
    for run in ("parsed", "kept"):
        out = tmp_path / f"{run}.pdf"
        subprocess.run([sys.executable, "-c", _PRINT, str(out)], check=True, env=env)
        files.append(out.read_bytes())
    assert list((tmp_path / "cache" / "campaign" / "fonts").glob("*.pickle"))
    assert files[0] == files[1]


def test_a_relative_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert font_cache.cache_folder() == tmp_path / "home" / ".cache" / "campaign" / "fonts"
