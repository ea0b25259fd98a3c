"""The pipeline at a glance for one day: employers by stage, activity by week, and how much is
due. Read without the printing side of the weekly job, so that `status` starts quickly."""

from __future__ import annotations

from datetime import date

from campaign.config import Settings
from campaign.ledger import Snapshot, due_items


def status_for(store, settings: Settings, day: date, snapshot: Snapshot | None = None):
    """The status report of `day`. Given no snapshot, the due counts come from the kept
    follow-up summaries (as `due` reads them), and the stages from the whole log."""
    from campaign.rules.stages import status_report

    whole = snapshot or Snapshot.load(store)
    report = status_report(whole.employers, whole.events, day)
    followups = snapshot or Snapshot.for_followups(store, settings, day)
    items = due_items(followups, settings, day)
    report.due_today = len(items)
    report.overdue = sum(i.latest < day for i in items)
    return report
