"""The work-search log: a dated record of every contact with employers, in the shape many
unemployment offices ask job seekers to keep."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from campaign.models import Contact, Employer, Event, Person
from campaign.rules.stages import live_events

COLUMNS = ("date", "employer", "person", "method", "activity", "result", "notes")
_METHOD = {"letter": "mail", "call": "phone", "appointment": "in person",
           "interview": "in person", "thank-you": "mail", "note": "mail",
           "references": "phone/email", "meeting": "in person", "referral": "networking",
           "decision": "phone"}
_ACTIVITY = {"letter": "letter mailed", "call": "phone call", "appointment": "appointment",
             "interview": "interview", "thank-you": "thank-you note sent",
             "note": "note with article sent", "references": "references alerted",
             "meeting": "meeting", "referral": "referral received", "decision": "decision"}


def worklog_rows(employers: list[Employer], people: list[Person], contacts: list[Contact],
                 events: list[Event], start: date | None = None,
                 end: date | None = None) -> list[dict[str, Any]]:
    """Pure: every contact in the log between two dates (inclusive), oldest first."""
    companies = {e.id: e.company for e in employers}
    names = {p.id: p.name for p in people}
    hiring = {e.id: e.contact for e in employers}
    contact_names = {c.id: c.name for c in contacts}
    rows = []
    for event in sorted(live_events(events), key=lambda e: (e.on, e.id)):
        if event.kind not in _METHOD:
            continue
        if (start and event.on < start) or (end and event.on > end):
            continue
        who = ", ".join(names[i] for i in event.person_ids if i in names)
        if event.employer_id is not None:
            employer = companies.get(event.employer_id, "")
            who = who or event.data.get("secretary", "") or hiring.get(event.employer_id, "")
        else:
            employer = "(networking contact)"
            who = contact_names.get(event.contact_id, "")
        rows.append({"date": event.on, "employer": employer, "person": who,
                     "method": _METHOD[event.kind], "activity": _ACTIVITY[event.kind],
                     "result": event.outcome, "notes": event.note})
    return rows


_ABOUT = "Work-search log made on"


# The Subject property every work-search log carries: the mark that lets it be written again.
WORKLOG_MARK = "campaign work-search log"


def is_worklog(path: Path) -> bool:
    """True if `path` is a work-search log this tool made: by its mark, or (for one written
    before the mark) by its two sheets and the About line."""
    from campaign.files.outputs import workbook_subject

    if workbook_subject(path).startswith(WORKLOG_MARK):
        return True
    from campaign.files.openpyxl_lean import import_lean

    import_lean()
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
        try:
            return (workbook.sheetnames == ["Work search", "About"]
                    and str(workbook["About"]["A1"].value or "").startswith(_ABOUT))
        finally:
            workbook.close()
    except Exception:  # not an .xlsx at all, or a damaged one: not ours either
        return False


def check_replaceable(path: Path, campaign: Path) -> None:
    """Refuse to write over a file that is not a work-search log this tool made (the prospect
    list or a call list named by mistake would be lost), or over the campaign's own files."""
    from campaign.files.outputs import check_file

    check_file(path, campaign, ours=is_worklog, what="a work-search log")


def write_worklog(path: Path, rows: list[dict[str, Any]], *, made_on: date, campaign: Path) -> None:
    from campaign.files.openpyxl_lean import import_lean

    import_lean()
    from openpyxl import Workbook

    from campaign.files.outputs import write_file
    from campaign.files.workbook import print_setup, put_date, put_text, set_widths, style_header

    workbook = Workbook()
    workbook.properties.subject = f"{WORKLOG_MARK} {made_on.isoformat()}"
    sheet = workbook.active
    sheet.title = "Work search"
    headers = [c.capitalize() for c in COLUMNS]
    style_header(sheet, 1, headers)
    for r, row in enumerate(rows, start=2):
        put_date(sheet, r, 1, row["date"])
        for c, key in enumerate(COLUMNS[1:], start=2):
            put_text(sheet, r, c, row[key])
    set_widths(sheet, [12, 30, 22, 12, 22, 16, 40])
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:G{len(rows) + 1}"
    print_setup(sheet)
    about = workbook.create_sheet("About")
    put_text(about, 1, 1, f"{_ABOUT} {made_on.isoformat()} by campaign: "
             "one line per contact with an employer or a networking contact.")
    with write_file(path, campaign, ours=is_worklog, what="a work-search log") as tmp:
        workbook.save(tmp)
