"""The method followed in every case: each rule of the follow-up engine that the articles ask
for, on a dated timeline across US holidays (Veterans Day Wed 2026-11-11, Thanksgiving Thu
2026-11-26, Christmas Fri 2026-12-25, New Year Fri 2027-01-01, Martin Luther King Day Mon
2027-01-18). Employer and Event objects are built directly, no store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from campaign.config import Settings
from campaign.models import Contact, DueItem, Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.followup import due, followups, search_over, summarize, top_choices

D = date.fromisoformat
S = Settings()
CAL = BusinessCalendar("US")


def employer(id: int, company: str, rank: int, **kw) -> Employer:
    kw.setdefault("address1", f"{id} Main Street")
    return Employer(id, company, contact=f"Boss of {company}", title="Director",
                    rank=float(rank), priority=str(rank), sheet_row=id, **kw)


ACME, BETA, GAMMA, DELTA, EPSI = (employer(1, "Acme", 1), employer(2, "Beta", 2),
                                  employer(3, "Gamma", 3), employer(4, "Delta", 4),
                                  employer(5, "Epsi", 5))
ALL = (ACME, BETA, GAMMA, DELTA, EPSI)
ANN = Person(10, 1, "Ann Ash", title="Engineering Manager", role="interviewer")
BEN = Person(11, 1, "Ben Bell", title="Team Lead", role="interviewer")
PAT = Person(12, 1, "Pat Pell", title="Personnel Manager", role="other")
DANA = Person(20, 2, "Dana Diaz", title="Plant Manager", role="other")
PEOPLE = (ANN, BEN, PAT, DANA)
CAROL = Contact(7, "Carol King")


def ev(id: int, kind: str, on: str, employer: int | None = 1, **kw) -> Event:
    for key in ("until", "decision_by"):
        if isinstance(kw.get(key), str):
            kw[key] = D(kw[key])
    return Event(id, kind, D(on), employer_id=employer, **kw)


def run(events, today: str, employers=ALL, settings=S, contacts=()):
    return followups(employers, PEOPLE, contacts, events, D(today), settings, CAL)


def run_due(events, today: str, employers=ALL, settings=S, contacts=()):
    return due(employers, PEOPLE, contacts, events, D(today), settings, CAL)


def calls_of(items: list[DueItem], employer_id: int) -> list[DueItem]:
    return [i for i in items if i.action == "call" and i.employer_id == employer_id]


def one_call(items: list[DueItem], employer_id: int = 1) -> DueItem:
    found = calls_of(items, employer_id)
    assert len(found) == 1, found
    return found[0]


def has_point(item: DueItem, text: str) -> bool:
    return any(text in p for p in item.talking_points)


# --- an offer with a deadline: tell every other employer you are talking with ----------------

# In conversation, every follow-up made so far: Acme (interviewed), Beta (an appointment),
# Delta (asked for materials). Gamma was only written to. Epsi makes the offer.
CONVERSATIONS = [
    ev(1, "interview", "2026-11-16", person_ids=(10,)),
    ev(11, "thank-you", "2026-11-16", person_ids=(10,), data={"template": "courtesy"}),
    ev(12, "references", "2026-11-16"),
    ev(13, "call", "2026-11-20", outcome="no-decision-yet"),
    ev(2, "appointment", "2026-11-20", employer=2),
    ev(21, "thank-you", "2026-11-20", employer=2),
    ev(22, "call", "2026-11-23", employer=2, outcome="no-opening"),
    ev(3, "letter", "2026-11-09", employer=3),
    ev(4, "call", "2026-11-23", employer=4, outcome="send-materials"),
    ev(41, "letter", "2026-11-24", employer=4),
    ev(5, "interview", "2026-11-18", employer=5),
]


def test_an_offer_with_a_deadline_calls_every_other_employer_in_conversation():
    # The offer comes on the Wednesday before Thanksgiving: the calls fall on Friday.
    events = CONVERSATIONS + [ev(6, "decision", "2026-11-25", employer=5, outcome="offer",
                                 until="2026-12-04")]
    items = run(events, "2026-11-25")
    for eid in (1, 2, 4):
        call = one_call(items, eid)
        assert "offer-call" in call.reasons and call.rule == "offer-call"
        assert call.earliest == call.latest == D("2026-11-27")
        assert has_point(call, "an offer from another employer (Epsi) and must answer by "
                               "2026-12-04")
        assert "to answer by 2026-12-04" in call.reason
    assert "offer-call" not in one_call(items, 3).reasons  # only written to: not in conversation
    assert not [i for i in calls_of(items, 5) if "offer-call" in i.reasons]
    # The call about the interview goes to the interviewer.
    assert one_call(items, 1).person == "Ann Ash"


def test_due_puts_the_offer_calls_first_and_a_talk_since_answers_them():
    events = CONVERSATIONS + [ev(6, "decision", "2026-11-25", employer=5, outcome="offer",
                                 until="2026-12-04")]
    items = run_due(events, "2026-11-30")
    # Gamma's letter call is the most overdue, yet the three offer calls come first.
    gamma = one_call(items, 3)
    assert "overdue" in gamma.flags and (D("2026-11-30") - gamma.latest).days > 3
    assert [i.employer_id for i in items[:3]] == [1, 2, 4]
    assert all("offer-call" in i.reasons for i in items[:3])
    # Acme called on Monday: told. The others still wait for their call.
    events.append(ev(7, "call", "2026-11-30", outcome="no-decision-yet"))
    items = run_due(events, "2026-11-30")
    assert [i.employer_id for i in items if "offer-call" in i.reasons] == [2, 4]
    later = run(events, "2026-11-30")
    assert "offer-call" not in one_call(later, 1).reasons
    # Told or not, the deadline gone, nobody is called about it.
    assert not [i for i in run(events, "2026-12-05") if "offer-call" in i.reasons]


def test_a_deadline_the_next_day_makes_the_call_due_the_same_day():
    met = [ev(1, "appointment", "2026-12-07", employer=2), ev(2, "thank-you", "2026-12-07", employer=2),
           ev(3, "call", "2026-12-08", employer=2, outcome="no-opening")]
    # Friday Dec 18, to answer by Monday Dec 21: the next business day is the deadline itself.
    events = met + [ev(6, "decision", "2026-12-18", employer=5, outcome="offer", until="2026-12-21")]
    call = one_call(run_due(events, "2026-12-18"), 2)
    assert call.rule == "offer-call" and call.earliest == call.latest == D("2026-12-18")
    # Christmas Eve, to answer by Monday Dec 28: Christmas leaves no business day between.
    events[-1] = ev(6, "call", "2026-12-24", employer=5, outcome="offer", until="2026-12-28")
    call = one_call(run(events, "2026-12-24"), 2)
    assert call.rule == "offer-call" and call.earliest == D("2026-12-24")


def test_an_offer_call_is_moved_by_a_pause_but_never_past_the_deadline():
    offer = ev(6, "decision", "2026-12-01", employer=5, outcome="offer", until="2026-12-10")
    short = CONVERSATIONS + [offer, ev(7, "pause", "2026-12-01", employer=None,
                                       until="2026-12-04")]
    assert one_call(run(short, "2026-12-01"), 2).earliest == D("2026-12-07")
    long = CONVERSATIONS + [offer, ev(7, "pause", "2026-12-01", employer=None,
                                      until="2026-12-15")]
    call = one_call(run(long, "2026-12-01"), 2)
    assert call.rule == "offer-call" and call.earliest == D("2026-12-02")


def test_an_employer_in_conversation_after_the_offer_hears_of_it_on_its_next_call():
    offer = ev(6, "decision", "2026-12-01", employer=5, outcome="offer", until="2026-12-18")
    events = [ev(5, "interview", "2026-11-18", employer=5), offer,
              ev(8, "letter", "2026-11-23", employer=3),
              ev(9, "call", "2026-12-03", employer=3, outcome="interview-set", until="2026-12-10")]
    call = one_call(run(events, "2026-12-03"), 3)
    assert "offer-call" not in call.reasons  # spoken to after the offer: they were told
    assert has_point(call, "an offer from another employer (Epsi)")


# --- thank-you notes after appointments and informational interviews --------------------------

def test_a_note_to_each_person_met_at_an_appointment_the_same_day_or_the_next_business_day():
    # The day before Thanksgiving: the next business day is Friday.
    events = [ev(1, "appointment", "2026-11-25", person_ids=(10, 12))]
    thanks = [i for i in run(events, "2026-11-25") if i.action == "thank-you"]
    assert [t.person for t in thanks] == ["Ann Ash", "Pat Pell"]
    for t in thanks:
        assert (t.earliest, t.latest) == (D("2026-11-25"), D("2026-11-27"))
        assert "the same day or the next business day" in t.reason
    # Nobody named: the note goes to the one who held the appointment, the hiring authority.
    events = [ev(1, "appointment", "2026-12-24", employer=2)]
    note = next(i for i in run(events, "2026-12-24") if i.action == "thank-you")
    assert (note.person, note.earliest, note.latest) == ("Boss of Beta", D("2026-12-24"),
                                                         D("2026-12-28"))


# --- the call the day after, and the decision calls ------------------------------------------

def test_the_day_after_an_interview_or_an_appointment_a_call_to_thank_them():
    interview = [ev(1, "interview", "2026-11-25", person_ids=(10,))]
    call = one_call(run(interview, "2026-11-25"))
    assert call.rule == "next-day-call" and call.earliest == call.latest == D("2026-11-27")
    assert has_point(call, "Thank them for their time") and has_point(call, "want the job")
    note = next(i for i in run(interview, "2026-11-25") if i.action == "thank-you")
    assert note.latest == D("2026-11-27")  # by the next business day, Thanksgiving skipped
    appointment = [ev(1, "appointment", "2026-12-24", employer=2)]
    call = one_call(run(appointment, "2026-12-24"), 2)
    assert call.rule == "next-day-call" and call.earliest == D("2026-12-28")
    assert has_point(call, "should an opening come up")


def test_a_decision_date_far_off_never_leaves_more_than_ten_days_without_a_call():
    events = [ev(1, "interview", "2026-12-01", decision_by="2027-01-15"),
              ev(2, "call", "2026-12-02", outcome="no-decision-yet")]
    call = one_call(run(events, "2026-12-02"))
    # Every 7-10 days meanwhile (Dec 12 is a Saturday: the window ends Monday Dec 14) ...
    assert call.rule == "interview-call"
    assert (call.earliest, call.latest) == (D("2026-12-09"), D("2026-12-14"))
    assert "decision-date-call" in call.reasons
    # ... and near the date, the business day after it (Jan 18 is Martin Luther King Day).
    events.append(ev(3, "call", "2027-01-12", outcome="no-decision-yet"))
    call = one_call(run(events, "2027-01-12"))
    assert call.rule == "decision-date-call" and call.earliest == call.latest == D("2027-01-19")
    # Past the date with still no answer: every 7-10 days until a yes or no.
    events.append(ev(4, "call", "2027-01-19", outcome="no-decision-yet"))
    call = one_call(run(events, "2027-01-19"))
    assert call.reasons == ("interview-call",)
    assert (call.earliest, call.latest) == (D("2027-01-26"), D("2027-01-29"))


# --- who gets the call -------------------------------------------------------------------------

def test_after_meeting_the_personnel_manager_the_calls_go_to_her_not_the_department_head():
    events = [ev(1, "letter", "2026-11-02"),
              ev(2, "appointment", "2026-11-12", person_ids=(12,)),
              ev(3, "thank-you", "2026-11-12", person_ids=(12,))]
    call = one_call(run(events, "2026-11-12"))
    assert (call.person, call.person_title, call.person_id) == ("Pat Pell",
                                                                "Personnel Manager", 12)
    events.append(ev(4, "call", "2026-11-13", outcome="no-opening"))
    call = one_call(run(events, "2026-11-13"))
    assert call.rule == "appointment-call" and call.person == "Pat Pell"
    assert has_point(call, "you met on 2026-11-12")
    assert not has_point(call, "received your letter") and not has_point(call, "letter arrived")
    # A new letter to the employer: its call goes to whoever the letter went to.
    events.append(ev(5, "letter", "2026-12-07"))
    assert one_call(run(events, "2026-12-07")).person == "Boss of Acme"


def test_the_call_about_a_thank_you_letter_goes_to_the_one_who_got_it():
    events = [ev(1, "interview", "2026-12-01", person_ids=(10, 11)),
              ev(2, "call", "2026-12-02", outcome="no-decision-yet"),
              ev(3, "thank-you", "2026-12-02", person_ids=(11,))]
    call = one_call(run(events, "2026-12-02"))
    assert "thank-you-call" in call.reasons and has_point(call, "received your letter")
    assert (call.person, call.person_id) == ("Ben Bell", 11)
    # A note to each, one by one: the call stays with the first person met.
    events[-1:] = [ev(3, "thank-you", "2026-12-02", person_ids=(10,)),
                   ev(4, "thank-you", "2026-12-02", person_ids=(11,))]
    assert one_call(run(events, "2026-12-02")).person == "Ann Ash"


# --- referrals ---------------------------------------------------------------------------------

def test_a_referral_asks_for_a_letter_to_the_person_the_next_business_day():
    events = [ev(1, "referral", "2026-12-24", employer=2, contact_id=7, person_ids=(20,))]
    items = run(events, "2026-12-24", contacts=[CAROL])
    letter = next(i for i in items if i.employer_id == 2)
    assert (letter.action, letter.rule, letter.person) == ("letter", "referral-letter",
                                                           "Dana Diaz")
    assert letter.earliest == letter.latest == D("2026-12-28")  # Christmas skipped
    assert "Carol King referred you" in letter.reason and has_point(letter, "Carol King")
    # The letter is mailed: the 3x3 call goes to Dana, naming Carol.
    events.append(ev(2, "letter", "2026-12-28", employer=2))
    call = one_call(run(events, "2026-12-28", contacts=[CAROL]), 2)
    assert call.rule == "letter-call" and call.person == "Dana Diaz"
    assert has_point(call, "Referred by Carol King")


def test_a_referral_to_an_employer_with_no_address_asks_for_a_call():
    no_address = replace(BETA, address1="")
    events = [ev(1, "referral", "2026-12-18", employer=2, contact_id=7, person_ids=(20,))]
    items = run(events, "2026-12-18", employers=(ACME, no_address), contacts=[CAROL])
    call = one_call(items, 2)
    assert call.rule == "referral-call" and call.earliest == D("2026-12-21")
    assert call.person == "Dana Diaz" and has_point(call, "Carol King suggested you call")
    assert [i.action for i in items if i.employer_id == 2] == ["call"]
    events.append(ev(2, "call", "2026-12-21", employer=2, outcome="voicemail"))
    call = one_call(run(events, "2026-12-21", employers=(ACME, no_address), contacts=[CAROL]), 2)
    assert call.rule == "call-retry" and has_point(call, "Referred by Carol King")


# --- after a rejection ---------------------------------------------------------------------------

def test_hired_someone_else_one_feedback_call_then_only_new_openings():
    events = [ev(1, "interview", "2026-12-01"),
              ev(2, "decision", "2026-12-24", outcome="hired-other")]
    call = one_call(run(events, "2026-12-24"))
    assert call.rule == "feedback-call" and call.earliest == D("2026-12-28")
    assert has_point(call, "fell short") and has_point(call, "referrals to managers")
    events.append(ev(3, "call", "2026-12-28", outcome="no-opening"))
    call = one_call(run(events, "2026-12-28"))  # Acme ranks first: a top choice
    assert call.rule == "rejected-call"
    assert not has_point(call, "fell short") and has_point(call, "new opening")


def test_a_top_choice_is_the_top_fifth_of_a_ranking_or_tier_a():
    ranked = [employer(i, f"E{i}", i) for i in range(1, 11)]
    assert top_choices(ranked) == {1, 2}
    lettered = [replace(e, priority=p, rank=float(r)) for e, p, r in
                zip(ranked[:4], "ABBC", (1, 2, 2, 3), strict=True)]
    assert top_choices(lettered) == {1}
    # Not a top choice: after "hired someone else" the calls stop.
    events = [ev(1, "interview", "2026-12-01", employer=3),
              ev(2, "call", "2026-12-08", employer=3, outcome="hired-other")]
    assert calls_of(run(events, "2026-12-08", employers=ranked), 3) == []
    events = [ev(1, "interview", "2026-12-01", employer=2),
              ev(2, "call", "2026-12-08", employer=2, outcome="hired-other")]
    assert one_call(run(events, "2026-12-08", employers=ranked), 2).rule == "rejected-call"


# --- an accepted offer ends the search ---------------------------------------------------------

def test_an_accepted_offer_stops_everything_and_undoing_it_resumes():
    events = CONVERSATIONS + [ev(6, "decision", "2026-11-25", employer=5, outcome="offer",
                                 until="2026-12-04"),
                              ev(7, "meeting", "2026-10-01", employer=None, contact_id=7),
                              ev(8, "decision", "2026-12-01", employer=5, outcome="accepted")]
    assert run(events, "2026-12-01", contacts=[CAROL]) == []
    assert run(events, "2027-03-01", contacts=[CAROL]) == []
    kept = summarize(ALL, PEOPLE, events, D("2026-12-01"), S, CAL)
    assert search_over(kept) == (5, D("2026-12-01"), 8)
    # The day before, or after the acceptance is undone, the search goes on.
    assert run(events, "2026-11-30", contacts=[CAROL])
    events.append(ev(9, "undo", "2026-12-01", employer=5, supersedes=8))
    assert search_over(summarize(ALL, PEOPLE, events, D("2026-12-01"), S, CAL)) is None
    assert {i.employer_id for i in run(events, "2026-12-01", contacts=[CAROL])} >= {1, 2, 3, 4}


# --- smaller gaps --------------------------------------------------------------------------------

def test_a_good_time_in_words_sets_the_retry_to_the_next_such_day():
    events = [ev(1, "letter", "2026-11-09"),
              ev(2, "call", "2026-11-23", outcome="secretary",
                 data={"secretary": "Pat Moss", "good_time": "Thursday mornings"})]
    call = one_call(run(events, "2026-11-23"))
    # Thanksgiving is the first Thursday: the next one is Dec 3.
    assert call.rule == "call-retry" and call.earliest == call.latest == D("2026-12-03")
    assert "Thursday 2026-12-03" in call.reason and "Thursday mornings" in call.reason
    # A later voicemail keeps to her advice.
    events.append(ev(3, "call", "2026-12-03", outcome="voicemail"))
    assert one_call(run(events, "2026-12-03")).earliest == D("2026-12-10")
    # Words with no day ("after 4 pm") leave the usual two business days.
    events = [ev(1, "call", "2026-11-23", outcome="secretary", data={"good_time": "after 4 pm"})]
    assert one_call(run(events, "2026-11-23")).earliest == D("2026-11-25")


def test_before_an_interview_ask_who_you_will_meet_and_at_it_when_they_will_decide():
    events = [ev(1, "call", "2026-12-01", outcome="interview-set", until="2026-12-09")]
    call = one_call(run(events, "2026-12-01"))
    assert call.rule == "interview-prep"
    assert (call.earliest, call.latest) == (D("2026-12-02"), D("2026-12-08"))
    assert has_point(call, "names and titles") and has_point(call, "when they expect to decide")
    # An interview logged ahead of its day asks the same, from the day it is known.
    ahead = [ev(1, "interview", "2026-12-09", person_ids=(10,))]
    call = one_call(run(ahead, "2026-12-03"))
    assert call.rule == "interview-prep"
    assert (call.earliest, call.latest) == (D("2026-12-03"), D("2026-12-08"))
    assert [i.action for i in run(ahead, "2026-12-03")] == ["call"]
    # Logged ahead, it is a conversation already: an offer elsewhere calls it too.
    ahead.append(ev(2, "decision", "2026-12-03", employer=5, outcome="offer", until="2026-12-11"))
    assert "offer-call" in one_call(run(ahead, "2026-12-03")).reasons


# --- a later letter supersedes what an earlier event left open ---------------------------------

def test_a_call_back_dated_before_a_letter_leaves_nothing_overdue_from_before_it():
    # The letter of Nov 23 was logged first; a research call of Nov 10 is logged after it.
    events = [ev(1, "letter", "2026-11-23"), ev(2, "call", "2026-11-10", outcome="voicemail")]
    assert calls_of(run_due(events, "2026-11-24"), 1) == []
    call = one_call(run(events, "2026-11-24"))
    assert call.reasons == ("letter-call",) and call.earliest == D("2026-12-01")
    # A meeting set for after the letter stays set.
    events = [ev(1, "call", "2026-11-20", outcome="appointment-set", until="2026-12-09"),
              ev(2, "letter", "2026-11-23")]
    assert set(one_call(run(events, "2026-11-23")).reasons) == {"letter-call", "confirm-meeting"}
