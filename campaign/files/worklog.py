"""The work-search log: a dated record of every contact with employers, in the shape many
unemployment offices ask job seekers to keep."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from campaign.models import Employer, Event, Person

COLUMNS = ("date", "employer", "address", "phone", "person", "position", "method", "activity",
           "result", "notes")
# The events that are a contact with an employer. Alerting one's own references, a referral
# received from a networking contact, a snooze or a retire are not; nor is a talk with a
# networking contact (not an employer).
_METHOD = {"letter": "mail", "call": "phone", "appointment": "in person",
           "interview": "in person", "thank-you": "mail", "note": "mail", "decision": "phone"}
_ACTIVITY = {"letter": "letter mailed", "call": "phone call", "appointment": "appointment",
             "interview": "interview", "thank-you": "thank-you note sent",
             "note": "note with article sent", "decision": "decision"}
# Calls that reached nobody: an attempt, credited to the person tried, not to a secretary.
_ATTEMPTS = {"no-answer": "no answer", "voicemail": "left a voicemail", "busy": "line busy",
             "wrong-number": "wrong number"}


def worklog_rows(employers: list[Employer], people: list[Person], live: list[Event],
                 start: date | None = None, end: date | None = None) -> list[dict[str, Any]]:
    """Pure: every contact with an employer in the live log (undo resolved) between two dates
    (inclusive), oldest first, with the employer's address and phone and the position applied
    for once the log names one."""
    by_id = {e.id: e for e in employers}
    names = {p.id: p.name for p in people}
    rows = []
    position: dict[int, str] = {}  # the latest position named for each employer so far
    for event in sorted(live, key=lambda e: (e.on, e.id)):
        if event.employer_id is None or event.kind not in _METHOD:
            continue
        employer = by_id.get(event.employer_id)
        if employer is None:
            continue
        if event.data.get("position"):
            position[employer.id] = str(event.data["position"])
        if (start and event.on < start) or (end and event.on > end):
            continue
        who = ", ".join(names[i] for i in event.person_ids if i in names)
        activity, result = _ACTIVITY[event.kind], event.outcome
        if event.kind == "call" and event.outcome in _ATTEMPTS:
            # The person tried (named, else the hiring authority); never the secretary a call
            # list showed beside the number.
            activity, result = "call attempt", _ATTEMPTS[event.outcome]
        elif event.kind == "call" and event.outcome == "secretary":
            who = str(event.data.get("secretary", "")) or who
            result = "spoke to the secretary"
        rows.append({"date": event.on, "employer": employer.company,
                     "address": ", ".join(employer.address_lines), "phone": employer.phone,
                     "person": who or employer.contact,
                     "position": position.get(employer.id, ""), "method": _METHOD[event.kind],
                     "activity": activity, "result": result, "notes": event.note})
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
    set_widths(sheet, [12, 28, 32, 16, 22, 20, 10, 18, 18, 40])
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(COLUMNS) - 1)}{len(rows) + 1}"
    print_setup(sheet)
    about = workbook.create_sheet("About")
    put_text(about, 1, 1, f"{_ABOUT} {made_on.isoformat()} by campaign: "
             "one line per contact with an employer (letters, calls, meetings, notes); a call "
             "that reached nobody is an attempt.")
    with write_file(path, campaign, ours=is_worklog, what="a work-search log") as tmp:
        workbook.save(tmp)
