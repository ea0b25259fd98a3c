"""The follow-up rules, one test (or a few) per row of the table in docs/rules.md, with
concrete dates; Employer and Event objects are built directly, no store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from campaign.config import Reference, Settings
from campaign.models import Contact, DueItem, Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.followup import due, followups

D = date.fromisoformat
S = Settings()
CAL = BusinessCalendar("US")
ACME = Employer(1, "Acme", contact="Jane Roe", title="Director", phone="555-0101", rank=1,
                priority="1", sheet_row=1)
BETA = Employer(2, "Beta", contact="Bo Li", phone="555-0102", rank=30, priority="30",
                sheet_row=2)
ANN = Person(10, 1, "Ann Ash", title="Engineering Manager", role="interviewer")
BEN = Person(11, 1, "Ben Bell", title="Team Lead", role="interviewer")


def ev(id: int, kind: str, on: str, employer: int | None = 1, **kw) -> Event:
    for key in ("until", "decision_by"):
        if isinstance(kw.get(key), str):
            kw[key] = D(kw[key])
    return Event(id, kind, D(on), employer_id=employer, **kw)


def run(events, today: str, employers=(ACME,), people=(), contacts=(), settings=S):
    return followups(employers, people, contacts, events, D(today), settings, CAL)


def run_due(events, today: str, employers=(ACME,), people=(), contacts=(), settings=S):
    return due(employers, people, contacts, events, D(today), settings, CAL)


def only(items: list[DueItem], action: str = "call", employer_id: int | None = 1) -> DueItem:
    found = [i for i in items if i.action == action and i.employer_id == employer_id]
    assert len(found) == 1, found
    return found[0]


def none_for(items: list[DueItem], employer_id: int = 1) -> bool:
    return not [i for i in items if i.employer_id == employer_id]


def has_point(item: DueItem, text: str) -> bool:
    return any(text in p for p in item.talking_points)


# --- letter mailed → call the hiring authority (003 3x3, 000) ------------------------------

def test_letter_call_window_skips_thanksgiving():
    items = run([ev(1, "letter", "2026-11-23")], "2026-11-23")
    call = only(items)
    # Mon 23 + 2 delivery + 3 = 5 business days, Thanksgiving (26th) skipped → Tue Dec 1.
    assert (call.earliest, call.latest) == (D("2026-12-01"), D("2026-12-03"))
    assert call.rule == "letter-call" and call.reasons == ("letter-call",)
    assert "letter mailed 2026-11-23" in call.reason
    assert "2 business days for delivery + 3 business days" in call.reason
    assert (call.person, call.person_title, call.phone, call.rank) == (
        "Jane Roe", "Director", "555-0101", 1)
    assert len(call.talking_points) == 3
    assert has_point(call, "busy") and has_point(call, "letter arrived")
    assert has_point(call, "improve your chances")
    assert call.last.startswith("2026-11-23 letter")


def test_letter_call_is_due_from_its_earliest_day_and_then_overdue():
    events = [ev(1, "letter", "2026-11-23")]
    assert run_due(events, "2026-11-30") == []
    assert only(run_due(events, "2026-12-01")).flags == ()
    assert only(run_due(events, "2026-12-04")).flags == ("overdue",)


def test_hiring_authority_person_wins_over_the_sheet_contact():
    boss = Person(5, 1, "Dana Diaz", title="VP Sales", role="hiring-authority")
    call = only(run([ev(1, "letter", "2026-11-23")], "2026-12-01", people=[boss]))
    assert (call.person, call.person_title, call.person_id) == ("Dana Diaz", "VP Sales", 5)


# --- call not completed → retry; minute line; secretary's name (000) ----------------------

def test_no_answer_retries_two_business_days_later_keeping_the_letter_reason():
    events = [ev(1, "letter", "2026-11-23"), ev(2, "call", "2026-12-01", outcome="no-answer")]
    call = only(run(events, "2026-12-01"))
    assert (call.earliest, call.latest) == (D("2026-12-03"), D("2026-12-03"))
    assert call.rule == "call-retry"
    assert call.reasons == ("call-retry", "letter-call")
    assert "1st attempt on 2026-12-01: no answer" in call.reason
    assert has_point(call, "letter arrived")  # the 3x3 points come along


def test_secretary_names_a_time_and_is_remembered_on_later_calls():
    events = [
        ev(1, "letter", "2026-11-23"),
        ev(2, "call", "2026-12-01", outcome="secretary", until="2026-12-04",
           data={"secretary": "Pat Moss", "good_time": "after 4 pm"}),
    ]
    call = only(run(events, "2026-12-01"))
    assert call.earliest == call.latest == D("2026-12-04")
    assert (call.secretary, call.good_time) == ("Pat Moss", "after 4 pm")
    assert not has_point(call, "secretary's name")
    later = events + [ev(3, "call", "2026-12-04", outcome="no-opening")]
    call = only(run(later, "2026-12-04"))
    assert call.rule == "recurring-call"
    assert (call.secretary, call.good_time) == ("Pat Moss", "after 4 pm")


def test_secretary_person_record_is_shown_on_calls():
    pat = Person(6, 1, "Pat Moss", role="secretary", good_time="mornings")
    call = only(run([ev(1, "letter", "2026-11-23")], "2026-12-01", people=[pat]))
    assert (call.secretary, call.good_time) == ("Pat Moss", "mornings")


def test_second_attempt_asks_the_secretarys_name_when_unknown():
    events = [ev(1, "letter", "2026-11-23")]
    assert not has_point(only(run(events, "2026-12-01")), "secretary's name")
    events.append(ev(2, "call", "2026-12-01", outcome="voicemail"))
    assert has_point(only(run(events, "2026-12-01")), "secretary's name")


def test_fourth_attempt_gets_the_one_minute_line():
    events = [ev(1, "letter", "2026-11-02"),
              ev(2, "call", "2026-11-09", outcome="no-answer"),
              ev(3, "call", "2026-11-12", outcome="voicemail")]
    assert not has_point(only(run(events, "2026-11-16")), "one minute")
    events.append(ev(4, "call", "2026-11-13", outcome="busy"))
    call = only(run(events, "2026-11-17"))
    assert call.earliest == D("2026-11-17")
    assert "3rd attempt on 2026-11-13" in call.reason
    assert has_point(call, "I wrote to Jane Roe about two weeks ago and need just one minute")
    # A connected call starts the count again.
    events.append(ev(5, "call", "2026-11-17", outcome="call-back", until="2026-11-20"))
    call = only(run(events, "2026-11-17"))
    assert call.rule == "call-back" and call.earliest == D("2026-11-20")
    assert not has_point(call, "one minute")


def test_minute_line_after_an_appointment_says_met():
    events = [ev(1, "appointment", "2026-11-02"),
              ev(5, "call", "2026-11-03", outcome="no-opening"),  # the thank-you call
              *[ev(i, "call", f"2026-11-{21 + i:02d}", outcome="no-answer") for i in (2, 3, 4)]]
    call = only(run(events, "2026-11-30"))
    assert has_point(call, "I met Jane Roe about four weeks ago")
    assert "appointment-call" in call.reasons


def test_wrong_number_means_find_the_right_person_not_stop():
    events = [ev(1, "letter", "2026-11-23"), ev(2, "call", "2026-12-01", outcome="wrong-number")]
    call = only(run(events, "2026-12-01"))
    assert call.rule == "find-person" and call.earliest == D("2026-12-02")
    assert "letter-call" in call.reasons


# --- connected outcomes ---------------------------------------------------------------------

def test_interview_set_waits_for_the_meeting_then_asks_what_happened():
    events = [ev(1, "letter", "2026-11-23"),
              ev(2, "call", "2026-12-01", outcome="interview-set", until="2026-12-09")]
    # Before it: ask who you will meet; once the day has come that reminder is gone.
    call = only(run(events, "2026-12-01"))
    assert call.rule == "interview-prep" and "confirm-meeting" in call.reasons
    assert (call.earliest, call.latest) == (D("2026-12-02"), D("2026-12-08"))
    assert run_due(events, "2026-12-09") == []
    call = only(run(events, "2026-12-09"))
    assert call.rule == "confirm-meeting" and call.earliest == D("2026-12-10")
    events.append(ev(3, "interview", "2026-12-09"))
    assert "confirm-meeting" not in only(run(events, "2026-12-10")).reasons


def test_opening_asks_for_a_cover_letter_next_business_day():
    events = [ev(1, "call", "2026-11-25", outcome="opening")]
    letter = only(run(events, "2026-11-25"), "letter")
    assert letter.rule == "opening-letter"
    assert letter.earliest == letter.latest == D("2026-11-27")  # Thanksgiving skipped
    events.append(ev(2, "letter", "2026-11-27"))
    items = run(events, "2026-11-27")
    assert [i.action for i in items] == ["call"]
    assert items[0].rule == "letter-call"


def test_call_back_on_the_date_given():
    events = [ev(1, "call", "2026-12-01", outcome="call-back", until="2026-12-12")]  # Saturday
    call = only(run(events, "2026-12-01"))
    assert call.rule == "call-back" and call.earliest == D("2026-12-14")


def test_no_opening_recurs_every_four_to_five_weeks():
    events = [ev(1, "letter", "2026-11-23"), ev(2, "call", "2026-12-01", outcome="no-opening")]
    call = only(run(events, "2026-12-01"))
    assert call.rule == "recurring-call"
    assert (call.earliest, call.latest) == (D("2026-12-29"), D("2027-01-05"))


def test_referral_outcome_keeps_in_touch_and_notes_the_referral():
    events = [ev(1, "call", "2026-12-01", outcome="referral", note="try Beta's Bo Li")]
    call = only(run(events, "2026-12-01"))
    assert call.rule == "recurring-call"
    assert has_point(call, "try Beta's Bo Li")


def test_no_decision_yet_calls_again_in_seven_to_ten_days():
    events = [ev(1, "interview", "2026-12-04"),
              ev(2, "call", "2026-12-11", outcome="no-decision-yet")]
    call = only(run(events, "2026-12-11"))
    assert call.rule == "interview-call"
    assert (call.earliest, call.latest) == (D("2026-12-18"), D("2026-12-21"))


def test_hired_other_top_choice_calls_every_four_to_six_weeks():
    events = [ev(1, "interview", "2026-12-04"), ev(2, "call", "2026-12-11", outcome="hired-other")]
    call = only(run(events, "2026-12-11"))
    assert call.rule == "rejected-call"
    assert (call.earliest, call.latest) == (D("2027-01-08"), D("2027-01-22"))
    # The feedback was the business of the call where they said so, not of every later one.
    assert not has_point(call, "fell short")
    assert has_point(call, "new opening suits your background")


def test_hired_other_not_a_top_choice_stops_calls():
    events = [ev(1, "interview", "2026-12-04", employer=2),
              ev(2, "call", "2026-12-11", employer=2, outcome="hired-other")]
    items = run(events, "2026-12-11", employers=[ACME, BETA])
    assert [i for i in items if i.action == "call"] == []


def test_tier_a_is_a_top_choice():
    tier_a = replace(BETA, priority="A", rank=float("inf"))
    events = [ev(2, "call", "2026-12-11", employer=2, outcome="hired-other")]
    assert only(run(events, "2026-12-11", employers=[tier_a]), employer_id=2).rule == \
        "rejected-call"


def test_hired_other_by_decision_asks_for_a_feedback_call():
    events = [ev(1, "interview", "2026-12-04", employer=2),
              ev(2, "decision", "2026-12-10", employer=2, outcome="hired-other")]
    call = only(run(events, "2026-12-10", employers=[BETA]), employer_id=2)
    assert call.rule == "feedback-call" and call.earliest == D("2026-12-11")
    assert has_point(call, "fell short")


def test_an_offer_is_mentioned_on_other_employers_interview_calls():
    events = [ev(1, "interview", "2026-12-04"),
              ev(2, "interview", "2026-11-20", employer=2),
              ev(3, "call", "2026-12-02", employer=2, outcome="offer", until="2026-12-18")]
    items = run(events, "2026-12-04", employers=[ACME, BETA])
    call = only(items)
    assert has_point(call, "an offer from another employer (Beta) and must answer by 2026-12-18")
    assert "offer-call" not in call.reasons  # met on 12-04, after the offer: told already
    assert not [i for i in items if i.action == "call" and i.employer_id == 2]
    # After its deadline the offer is no longer mentioned.
    assert not has_point(only(run(events, "2026-12-19", employers=[ACME, BETA])),
                         "an offer from another employer")


def test_offer_not_mentioned_on_calls_outside_the_interview_stage():
    events = [ev(1, "letter", "2026-11-23"),
              ev(3, "decision", "2026-11-30", employer=2, outcome="offer", until="2026-12-18")]
    call = only(run(events, "2026-12-01", employers=[ACME, BETA]))
    assert not has_point(call, "another offer")


# --- stops ----------------------------------------------------------------------------------

def test_do_not_contact_stops_everything():
    events = [ev(1, "interview", "2026-12-04", person_ids=(10,)),
              ev(2, "call", "2026-12-05", outcome="do-not-contact"),
              ev(3, "letter", "2026-12-07")]
    assert none_for(run(events, "2026-12-07", people=[ANN]))


def test_not_interested_accepted_and_retire_stop_everything():
    for stop in (ev(2, "call", "2026-12-01", outcome="not-interested"),
                 ev(2, "decision", "2026-12-01", outcome="accepted"),
                 ev(2, "retire", "2026-12-01")):
        events = [ev(1, "letter", "2026-11-23"), stop, ev(3, "letter", "2026-12-02")]
        assert none_for(run(events, "2026-12-03")), stop


def test_inactive_employer_has_no_items():
    events = [ev(1, "letter", "2026-11-23")]
    assert run(events, "2026-12-01", employers=[replace(ACME, active=False)]) == []


# --- undo -----------------------------------------------------------------------------------

def test_undo_of_a_mistaken_call_restores_the_letter_call():
    events = [ev(1, "letter", "2026-11-23"),
              ev(2, "call", "2026-12-01", outcome="do-not-contact"),
              ev(3, "undo", "2026-12-01", employer=None, supersedes=2)]
    assert only(run(events, "2026-12-01")).rule == "letter-call"
    events.append(ev(4, "undo", "2026-12-02", employer=None, supersedes=3))  # undo the undo
    assert none_for(run(events, "2026-12-02"))


def test_undo_of_a_retire():
    events = [ev(1, "letter", "2026-11-23"), ev(2, "retire", "2026-11-24"),
              ev(3, "undo", "2026-11-25", employer=None, supersedes=2)]
    assert only(run(events, "2026-12-01")).rule == "letter-call"


# --- appointment (000) ----------------------------------------------------------------------

def test_appointment_first_call_three_weeks_then_every_four_to_five():
    events = [ev(1, "appointment", "2026-11-02", note="their new plant in Ohio")]
    call = only(run(events, "2026-11-02"))
    assert call.rule == "next-day-call" and call.earliest == call.latest == D("2026-11-03")
    assert has_point(call, "Thank them for meeting you on 2026-11-02")
    events.append(ev(2, "call", "2026-11-03", outcome="no-opening"))
    call = only(run(events, "2026-11-03"))
    assert call.rule == "appointment-call"
    # Three weeks from the last contact, within 2 business days (Thanksgiving skipped).
    assert (call.earliest, call.latest) == (D("2026-11-24"), D("2026-11-27"))
    assert has_point(call, "you met on 2026-11-02")
    assert has_point(call, "their new plant in Ohio")
    assert has_point(call, "Ask for referrals") and has_point(call, "referrals")
    events.append(ev(3, "call", "2026-11-24", outcome="no-opening"))
    call = only(run(events, "2026-11-24"))
    assert call.rule == "recurring-call"
    assert (call.earliest, call.latest) == (D("2026-12-22"), D("2026-12-29"))
    assert has_point(call, "you met on 2026-11-02")


def test_article_note_after_the_second_follow_up_call():
    events = [ev(1, "appointment", "2026-11-02", person_ids=(10,)),
              ev(7, "thank-you", "2026-11-02", person_ids=(10,)),
              ev(6, "call", "2026-11-03", outcome="no-opening"),  # the thank-you call: not counted
              ev(2, "call", "2026-11-24", outcome="no-opening")]
    assert [i.action for i in run(events, "2026-11-24", people=[ANN])] == ["call"]
    events.append(ev(3, "call", "2026-12-22", outcome="no-opening"))
    note = only(run(events, "2026-12-22", people=[ANN]), "note")
    assert note.rule == "article-note" and note.earliest == note.latest == D("2026-12-23")
    assert note.person == "Ann Ash"
    assert "2 follow-up calls" in note.reason
    events.append(ev(4, "note", "2026-12-23"))
    assert [i.action for i in run(events, "2026-12-23", people=[ANN])] == ["call"]
    events.append(ev(5, "call", "2027-01-26", outcome="no-opening"))  # once only
    assert [i.action for i in run(events, "2027-01-26", people=[ANN])] == ["call"]


def test_any_contact_resets_the_recurring_clock():
    events = [ev(1, "appointment", "2026-11-02"), ev(4, "call", "2026-11-03", outcome="no-opening"),
              ev(2, "call", "2026-11-24", outcome="no-opening"), ev(3, "note", "2026-12-10")]
    call = only(run(events, "2026-12-10"))
    assert (call.earliest, call.latest) == (D("2027-01-07"), D("2027-01-14"))


# --- interview held (001, 002, 003) ---------------------------------------------------------

def test_thank_you_to_each_interviewer_by_the_next_business_day_or_as_configured():
    events = [ev(1, "interview", "2026-12-04", person_ids=(10, 11))]  # Friday
    items = run(events, "2026-12-04", people=[ANN, BEN])
    thanks = [i for i in items if i.action == "thank-you"]
    assert [(t.person, t.person_id, t.person_title) for t in thanks] == [
        ("Ann Ash", 10, "Engineering Manager"), ("Ben Bell", 11, "Team Lead")]
    for t in thanks:
        assert (t.earliest, t.latest) == (D("2026-12-04"), D("2026-12-07"))  # Monday
        assert t.rule == "thank-you" and "by the next business day" in t.reason
        assert has_point(t, "differently")
    # A senior seeker takes a few days: thank_you_days = 3 runs to Wednesday.
    senior = replace(S, followup=replace(S.followup, thank_you_days=3))
    for t in [i for i in run(events, "2026-12-04", people=[ANN, BEN], settings=senior)
              if i.action == "thank-you"]:
        assert t.latest == D("2026-12-09") and "within 3 business days" in t.reason
    # A thank-you to Ann clears Ann's only; one with no person clears the rest.
    events.append(ev(2, "thank-you", "2026-12-05", person_ids=(10,)))
    thanks = [i for i in run(events, "2026-12-05", people=[ANN, BEN]) if i.action == "thank-you"]
    assert [t.person for t in thanks] == ["Ben Bell"]
    events.append(ev(3, "thank-you", "2026-12-07"))
    assert not [i for i in run(events, "2026-12-07", people=[ANN, BEN])
                if i.action == "thank-you"]


def test_references_alerted_the_same_day():
    settings = replace(S, references=(Reference("Pat Doe"),))
    events = [ev(1, "interview", "2026-12-05")]  # a Saturday interview
    refs = only(run(events, "2026-12-05", settings=settings), "references")
    assert refs.person == "your references" and refs.rule == "references"
    assert refs.earliest == refs.latest == D("2026-12-07")
    assert has_point(refs, "Tell Pat Doe that Acme may call")
    events.append(ev(2, "references", "2026-12-07"))
    assert not [i for i in run(events, "2026-12-07") if i.action == "references"]


def test_references_item_even_with_no_references_configured():
    refs = only(run([ev(1, "interview", "2026-12-04")], "2026-12-04"), "references")
    assert has_point(refs, "No references in campaign.toml")


def test_interview_call_seven_to_ten_days_later():
    events = [ev(1, "interview", "2026-12-04")]  # a Friday
    call = only(run(events, "2026-12-04"))
    assert call.rule == "next-day-call" and call.earliest == call.latest == D("2026-12-07")
    assert has_point(call, "Thank them for their time") and has_point(call, "want the job")
    events.append(ev(2, "call", "2026-12-07", outcome="no-decision-yet"))
    call = only(run(events, "2026-12-07"))
    assert call.rule == "interview-call"
    assert (call.earliest, call.latest) == (D("2026-12-14"), D("2026-12-17"))
    assert has_point(call, "decision has been made") and has_point(call, "strengths")
    # A call that decides nothing keeps the decision calls going: Dec 22..25, Christmas skipped.
    events.append(ev(3, "call", "2026-12-15", outcome="no-opening"))
    call = only(run(events, "2026-12-15"))
    assert call.rule == "interview-call" and "still no decision" in call.reason
    assert (call.earliest, call.latest) == (D("2026-12-22"), D("2026-12-28"))


def test_decision_date_given_overrides_the_seven_to_ten_day_window():
    # Near: the business day after the date they gave comes first.
    events = [ev(1, "interview", "2026-12-04", decision_by="2026-12-09"),
              ev(2, "call", "2026-12-07", outcome="no-decision-yet")]
    call = only(run(events, "2026-12-07"))
    assert call.rule == "decision-date-call" and call.earliest == call.latest == D("2026-12-10")
    assert "decide by 2026-12-09" in call.reason
    assert set(call.reasons) == {"decision-date-call", "interview-call"}


def test_thank_you_call_merges_with_the_interview_call():
    events = [ev(1, "interview", "2026-12-04", person_ids=(10,)),
              ev(3, "call", "2026-12-07", outcome="no-decision-yet"),
              ev(2, "thank-you", "2026-12-08", person_ids=(10,))]
    calls = [i for i in run(events, "2026-12-08", people=[ANN]) if i.action == "call"]
    assert len(calls) == 1
    call = calls[0]
    assert call.reasons == ("interview-call", "thank-you-call")
    # interview call Dec 14..17, thank-you call Dec 15: one call, the earliest window.
    assert (call.earliest, call.latest) == (D("2026-12-14"), D("2026-12-15"))
    assert "no decision yet on 2026-12-07" in call.reason and "thank-you letter sent" in call.reason
    assert has_point(call, "received your letter of 2026-12-08")
    assert (call.person, call.person_id) == ("Ann Ash", 10)


def test_thank_you_call_alone_one_week_later():
    slow = replace(S, followup=replace(S.followup, interview_call_min_days=10,
                                       interview_call_max_days=14))
    events = [ev(1, "interview", "2026-12-04", decision_by="2026-12-31"),
              ev(3, "call", "2026-12-07", outcome="no-decision-yet"),
              ev(2, "thank-you", "2026-12-08")]
    call = only(run(events, "2026-12-08", settings=slow))
    assert call.rule == "thank-you-call" and call.earliest == call.latest == D("2026-12-15")
    assert set(call.reasons) == {"thank-you-call", "interview-call", "decision-date-call"}


def test_courtesy_note_asks_for_no_confirming_call():
    events = [ev(1, "interview", "2026-12-04", decision_by="2026-12-31"),
              ev(3, "call", "2026-12-07", outcome="no-decision-yet"),
              ev(2, "thank-you", "2026-12-08", data={"template": "courtesy"})]
    call = only(run(events, "2026-12-08"))
    assert call.rule == "interview-call" and "thank-you-call" not in call.reasons


def test_declined_ends_interview_calls_but_keeps_an_appointment_relationship():
    base = [ev(2, "interview", "2026-12-04", person_ids=(10,)),
            ev(3, "decision", "2026-12-08", outcome="declined")]
    # A courtesy thank-you note is still due (001); no calls, no reference alert.
    assert [i.action for i in run(base, "2026-12-08", people=[ANN])] == ["thank-you"]
    with_appointment = [ev(1, "appointment", "2026-11-02")] + base
    call = only(run(with_appointment, "2026-12-08", people=[ANN]))
    assert call.rule == "recurring-call" and call.earliest == D("2027-01-05")


# --- snooze and pause -------------------------------------------------------------------------

def test_snooze_moves_one_employers_items_past_its_end():
    events = [ev(1, "letter", "2026-11-23"), ev(2, "letter", "2026-11-23", employer=2),
              ev(3, "snooze", "2026-12-01", until="2026-12-10")]
    items = run(events, "2026-12-01", employers=[ACME, BETA])
    acme = only(items)
    assert acme.earliest == acme.latest == D("2026-12-11")
    assert only(items, employer_id=2).earliest == D("2026-12-01")
    assert [i.employer_id for i in run_due(events, "2026-12-04", employers=[ACME, BETA])] == [2]


def test_pause_across_the_holidays_leaves_no_overdue_pile():
    events = [ev(1, "letter", "2026-12-14"),
              ev(2, "interview", "2026-12-17", employer=2, person_ids=(20,)),
              ev(3, "pause", "2026-12-17", employer=None, until="2027-01-01")]
    people = [Person(20, 2, "Cy Cole", role="interviewer")]
    assert run_due(events, "2026-12-28", employers=[ACME, BETA], people=people) == []
    items = run_due(events, "2027-01-04", employers=[ACME, BETA], people=people)
    # Jan 1 is New Year's Day, then a weekend: everything comes back on Monday Jan 4.
    assert {i.action for i in items} == {"call", "thank-you", "references"}
    for item in items:
        assert item.earliest == D("2027-01-04") and "overdue" not in item.flags


def test_item_overdue_before_a_pause_stays_overdue():
    events = [ev(1, "letter", "2026-11-23"),
              ev(2, "pause", "2026-12-14", employer=None, until="2026-12-18")]
    call = only(run_due(events, "2026-12-21"))
    assert call.earliest == D("2026-12-01") and call.flags == ("overdue",)


# --- networking contacts (000) ----------------------------------------------------------------

CAROL = Contact(7, "Carol King", phone="555-0177")


def test_contact_with_no_talk_is_due_now():
    item = only(run([], "2026-11-28", contacts=[CAROL]), employer_id=None)
    assert item.rule == "contact-call" and item.contact_id == 7
    assert item.earliest == item.latest == D("2026-11-30")
    assert item.phone == "555-0177"


def test_contact_every_six_weeks_reset_by_a_talk_and_cold_after_seven():
    events = [ev(1, "meeting", "2026-10-01", employer=None, contact_id=7)]
    item = only(run(events, "2026-10-01", contacts=[CAROL]), employer_id=None)
    assert (item.earliest, item.latest) == (D("2026-11-12"), D("2026-11-19"))
    assert item.flags == ()
    assert only(run(events, "2026-11-20", contacts=[CAROL]), employer_id=None).flags == (
        "going cold",)
    events.append(ev(2, "call", "2026-11-10", employer=None, contact_id=7))
    item = only(run(events, "2026-11-20", contacts=[CAROL]), employer_id=None)
    assert item.earliest == D("2026-12-22") and item.flags == ()


def test_contact_item_reports_what_came_of_each_referral():
    events = [ev(1, "meeting", "2026-10-01", employer=None, contact_id=7),
              ev(2, "referral", "2026-10-01", contact_id=7),
              ev(3, "referral", "2026-10-01", employer=2, contact_id=7),
              ev(4, "letter", "2026-10-05"),
              ev(5, "call", "2026-10-20", outcome="interview-set", until="2026-10-28")]
    items = run(events, "2026-11-12", employers=[ACME, BETA], contacts=[CAROL])
    item = only(items, employer_id=None)
    assert has_point(item, "Their referral Acme: 2026-10-20 call interview-set")
    assert not has_point(item, "Their referral Beta")  # nothing happened there yet
    assert has_point(only(items), "Referred by Carol King")


def test_the_call_names_the_latest_referrer_and_its_last_contact():
    dev = Contact(8, "Dev Rao")
    events = [ev(1, "referral", "2026-10-01", contact_id=7),
              ev(2, "referral", "2026-10-02", contact_id=8),
              ev(3, "letter", "2026-10-05"),
              ev(4, "referral", "2026-10-06", contact_id=7),
              ev(5, "call", "2026-10-14", outcome="voicemail", note="left the 3x3 message")]
    item = only(run(events, "2026-10-16", contacts=[CAROL, dev]))
    assert item.referred_by == "Carol King"  # her second referral is the latest
    assert (item.last_on, item.last_what, item.last_note) == (
        D("2026-10-14"), "call (voicemail)", "left the 3x3 message")


def test_inactive_contact_has_no_item():
    assert run([], "2026-11-28", contacts=[replace(CAROL, active=False)]) == []


# --- the engine as a whole --------------------------------------------------------------------

def test_events_after_today_are_ignored():
    events = [ev(1, "letter", "2026-11-23"), ev(2, "retire", "2026-12-02")]
    assert only(run(events, "2026-12-01")).rule == "letter-call"
    assert none_for(run(events, "2026-12-02"))


def test_input_order_does_not_matter():
    events = [ev(1, "letter", "2026-11-23"), ev(2, "call", "2026-12-01", outcome="no-answer"),
              ev(3, "call", "2026-12-03", outcome="no-opening")]
    assert run(events, "2026-12-03") == run(events[::-1], "2026-12-03")
    assert only(run(events[::-1], "2026-12-03")).rule == "recurring-call"


def test_due_sorts_most_overdue_first_then_rank():
    gamma = Employer(3, "Gamma", rank=2, sheet_row=3)
    events = [ev(1, "letter", "2026-11-23", employer=2),   # Beta, rank 30: latest Dec 3
              ev(2, "letter", "2026-11-30"),               # Acme, rank 1: latest Dec 9
              ev(3, "letter", "2026-11-30", employer=3)]   # Gamma, rank 2: latest Dec 9
    items = run_due(events, "2026-12-08", employers=[ACME, BETA, gamma])
    assert [i.employer for i in items] == ["Beta", "Acme", "Gamma"]
    assert items[0].flags == ("overdue",) and items[1].flags == ()


def test_every_item_has_an_action_window_and_rule():
    events = [ev(1, "appointment", "2026-11-02", person_ids=(10,)),
              ev(2, "interview", "2026-12-04", person_ids=(10, 11)),
              ev(3, "call", "2026-11-24", outcome="send-materials")]
    for item in run(events, "2026-12-04", people=[ANN, BEN], contacts=[CAROL]):
        assert item.action in ("call", "thank-you", "note", "references", "letter")
        assert item.earliest <= item.latest
        assert CAL.is_business_day(item.earliest) and CAL.is_business_day(item.latest)
        assert item.rule and item.reason and item.reasons
