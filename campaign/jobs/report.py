"""What works: letters and what they led to, counted by template, weekly batch, priority tier,
source and week of mailing. The one module that imports pandas, and only when a report is asked
for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from campaign.rules.results import FUNNEL, FUNNEL_LABELS, LetterResult, best_template, tier_order

if TYPE_CHECKING:
    import pandas

# Each view: its title, the LetterResult field it groups by, and the column heading.
VIEWS = (
    ("By template", "template", "Template"),
    ("By batch", "batch", "Batch"),
    ("By tier", "tier", "Priority tier"),
    ("By source", "source", "Source"),
    ("By week", "week", "Week mailed"),
)


@dataclass
class Report:
    on: date
    letters: int
    best: str
    views: list[tuple[str, pandas.DataFrame]]  # title, table with one row per group


def _frame(results: list[LetterResult]) -> pandas.DataFrame:
    import pandas

    rows = []
    for r in results:
        year, week, _ = r.mailed_on.isocalendar()
        row = {"template": r.template, "batch": r.batch or "one-off", "tier": r.tier,
               "source": r.source, "week": f"{year}-W{week:02d}"}
        for stage in FUNNEL:
            row[stage] = stage in r.reached
            row[f"days_{stage}"] = r.days_to(stage)
        rows.append(row)
    columns = ["template", "batch", "tier", "source", "week", *FUNNEL,
               *(f"days_{s}" for s in FUNNEL)]
    return pandas.DataFrame(rows, columns=columns)


def _view(frame: pandas.DataFrame, key: str, heading: str) -> pandas.DataFrame:
    import pandas

    grouped = frame.groupby(key, sort=True)
    table = pandas.DataFrame({"Letters": grouped.size()})
    for stage in FUNNEL:
        table[FUNNEL_LABELS[stage]] = grouped[stage].sum().astype(int)
    for stage in FUNNEL:
        # Median days from the letter, over the letters that reached the stage.
        table[f"Days: {FUNNEL_LABELS[stage].lower()}"] = grouped[f"days_{stage}"].median()
    if key == "tier":
        table = table.sort_index(key=lambda tiers: tiers.map(tier_order))
    table.index.name = heading
    return table.reset_index()


def build_report(results: list[LetterResult], on: date) -> Report:
    frame = _frame(results)
    views = [(title, _view(frame, key, heading)) for title, key, heading in VIEWS]
    return Report(on=on, letters=len(results), best=best_template(results), views=views)


def report_rows(table: pandas.DataFrame) -> list[dict]:
    """A view's rows as plain values: whole counts, medians rounded to a day, blank for none."""
    rows = []
    for record in table.to_dict("records"):
        row = {}
        for column, value in record.items():
            if isinstance(value, float):
                value = "" if value != value else int(round(value))  # NaN: no letter got there
            elif hasattr(value, "item"):
                value = value.item()
            row[column] = value
        rows.append(row)
    return rows
