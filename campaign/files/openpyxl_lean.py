"""openpyxl, imported without the optional libraries it loads when they are installed and that
campaign never needs from it: numpy (to accept numpy numbers in cells) and Pillow (to embed
images). Together they more than double openpyxl's import time, which a person feels on every
`calls --xlsx` and `week`. Modules that use openpyxl call `import_lean()` before importing it."""

from __future__ import annotations

import sys

_NOT_NEEDED = ("numpy", "PIL")


def import_lean() -> None:
    """Import openpyxl now, unless it already is, with numpy and Pillow kept out of it."""
    if "openpyxl" in sys.modules:
        return
    hidden = [name for name in _NOT_NEEDED if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` now fails fast
    try:
        import openpyxl  # noqa: F401
        import openpyxl.drawing.image  # noqa: F401  (tries Pillow when first imported)
    finally:
        for name in hidden:
            del sys.modules[name]  # anything else may still import them as usual

