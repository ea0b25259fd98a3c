"""Whether a text is one e-mail address: the rule the settings, the prospects and the contacts
share. It lives apart from the spreadsheet readers so that loading campaign.toml, which every
command does, does not import them."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[^@\s,;<>()\[\]\\\"]+@[^@\s,;<>()\[\]\\\"]+\.[^@\s,;<>()\[\]\\\"]+")


def is_email(text: str) -> bool:
    """One plain address (ann@acme.com): a comma, semicolon, space or line break would make a
    mail header hold several addresses, or more headers, so none is allowed."""
    return bool(_EMAIL.fullmatch(text)) and text.isprintable()
