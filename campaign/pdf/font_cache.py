"""The shipped faces, parsed once per machine instead of once per run.

reportlab reads a TrueType face by walking its tables in Python: about 15-25 ms per face on a
quiet machine, and a week's letters, envelopes, checks and summary use four or five faces, a
large share of what `week`, `check` and `batch` cost. What the parse yields (metrics, the
character map, the table directory) depends only on the font file and the reportlab version,
so it is kept in the user's cache folder and read back in about a millisecond.

The kept file is a pickle read by an unpickler that admits plain data and reportlab's name-bytes
type only, so a tampered file cannot run code; anything unreadable, stale or missing is parsed
again. A cache that cannot be written is no error: the face is simply parsed each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from campaign.cycle_collector import without_cycle_collector

FORMAT = 1  # raise when what is kept changes
# Attributes of a parsed face that are not kept: the file's bytes (read again, they are the
# font) and the scaling function the parse uses internally (a function does not pickle).
_NOT_KEPT = ("_ttf_data", "_pdfScale")
_ALLOWED = {("reportlab.pdfbase.ttfonts", "TTFNameBytes")}


def cache_folder() -> Path:
    """$XDG_CACHE_HOME/campaign/fonts, or ~/.cache/campaign/fonts (a relative XDG_CACHE_HOME is
    ignored, as the XDG specification says: it would put the cache in whatever folder the
    command runs from)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or "")
    if not base.is_absolute():
        base = Path.home() / ".cache"
    return base / "campaign" / "fonts"


def load_font(name: str, path: Path) -> TTFont:
    """The face at `path` registered under `name`, from the cache when it holds this file."""
    try:
        stat = path.stat()
        identity = f"{FORMAT}|{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{REPORTLAB_VERSION}|" \
                   f"{sys.version_info[:2]}"
        kept = cache_folder() / f"{hashlib.sha256(identity.encode()).hexdigest()[:24]}.pickle"
    except (OSError, RuntimeError):  # no home folder, or the font cannot be stat'ed
        return TTFont(name, str(path))
    state = _read(kept)
    if state is not None:
        with contextlib.suppress(Exception):  # a state that does not fit this reportlab
            return _font_from(name, path, state)
    font = TTFont(name, str(path))
    _write(kept, {k: v for k, v in vars(font.face).items() if k not in _NOT_KEPT})
    return font


class _DataOnly(pickle.Unpickler):
    """Refuses every global but reportlab's name-bytes type: only data comes out."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not font data")


def _read(kept: Path) -> dict | None:
    try:
        with without_cycle_collector():  # tens of thousands of plain numbers and tuples
            state = _DataOnly(io.BytesIO(kept.read_bytes())).load()
    except Exception:  # missing, unreadable, truncated or tampered: parse the font again
        return None
    return state if isinstance(state, dict) and "charWidths" in state else None


def _write(kept: Path, state: dict) -> None:
    """Atomically, so that two runs at once never read half a file; failures are ignored."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=kept.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, kept)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError):
        pass


def _font_from(name: str, path: Path, state: dict) -> TTFont:
    """A TTFont over a face rebuilt from its kept state, without parsing the file again."""
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face.filename = str(path)  # where the package is now, not where it was when kept
    face._ttf_data = path.read_bytes()  # subsetting copies glyphs from the file's bytes
    scale = 1000 / face.unitsPerEm
    face._pdfScale = lambda x: x * scale

    def kept_face(*_args, **_kwargs) -> TTFontFace:
        return face

    # TTFont's constructor builds its face itself; for this one call, it gets the kept one.
    parse = ttfonts.TTFontFace
    ttfonts.TTFontFace = kept_face
    try:
        return TTFont(name, str(path))
    finally:
        ttfonts.TTFontFace = parse
