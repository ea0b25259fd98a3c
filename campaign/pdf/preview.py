"""A page of a PDF as a PNG, rendered with pdfium so no poppler or Ghostscript is needed."""

from __future__ import annotations

from pathlib import Path

from campaign.errors import CampaignError
from campaign.files.atomic import atomic_file


def preview_png(pdf_path: Path | str, png_path: Path | str, page: int = 0,
                dpi: int = 60) -> Path:
    """Render page `page` (0-based) of `pdf_path` at `dpi` into `png_path`; returns it."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf_path))
    except (OSError, pdfium.PdfiumError) as exc:
        raise CampaignError(f"{pdf_path}: cannot open the PDF ({exc})") from exc
    try:
        if not 0 <= page < len(document):
            raise CampaignError(f"{pdf_path}: no page {page + 1} (it has {len(document)})")
        bitmap = document[page].render(scale=dpi / 72)
        image = bitmap.to_pil()
        with atomic_file(png_path) as tmp:
            image.save(tmp, format="PNG")
    finally:
        document.close()
    return Path(png_path)
