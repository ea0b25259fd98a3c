"""The one error root: every user-facing failure is a CampaignError, shown as one line, exit 1."""

from __future__ import annotations


class CampaignError(Exception):
    """A problem the user can fix: bad input, a missing campaign, a refused action."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Extra lines (for example every bad row of a spreadsheet), printed after the message.
        self.details = list(details or [])


class RowErrors(CampaignError):
    """Several rows of one input file are wrong; each detail reads FILE:ROW: column: problem."""

    def __init__(self, path: str, problems: list[tuple[int, str, str]]) -> None:
        lines = [f"{path}:{row}: {column}: {problem}" for row, column, problem in problems]
        # A row with two bad cells is one bad row: count rows, and list every problem.
        count = len({row for row, _column, _problem in problems})
        noun = "row" if count == 1 else "rows"
        super().__init__(f"{path}: {count} bad {noun}; nothing was changed", lines)
        self.problems = problems


class TemplateError(CampaignError):
    """A letter template cannot be rendered: syntax error, unknown field, missing data."""


class StoreError(CampaignError):
    """The campaign folder or its database is missing or unusable."""
