"""Due items written from folded summaries: who to call or write to, the window after pauses
and snoozes, the reasons and talking points; and the rules that cross employers (another
employer's offer) or read the employer's record (an address to write to), applied here so that
each summary depends on its own employer's log alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import MISSING
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta
from operator import itemgetter
from typing import NamedTuple

from campaign.config import Settings
from campaign.models import Contact, DueItem, Employer, Event, Person
from campaign.rules.business_days import BusinessCalendar
from campaign.rules.talking_points import (
    PREPARE_INTERVIEW_POINTS,
    WrittenCall,
    days_text,
    merge_written,
    offer_point,
    unique,
    weeks_text,
)
from campaign.rules.thread import Summary, describe, last_seen_fields
from campaign.rules.weeks import time_ago

_NEVER = float("inf")
_ACTION_ORDER = {"thank-you": 0, "references": 1, "call": 2, "letter": 3, "note": 4}


class OpenOffer(NamedTuple):
    """An offer not yet answered, at one employer, as every other employer's calls read it."""

    employer_id: int
    company: str
    on: date
    event_id: int
    deadline: date | None


Placed = list[tuple[tuple, DueItem]]

# Every field of a DueItem in order, with its default (MISSING for those an item must be given).
_ITEM_FIELDS = {f.name: f.default for f in dataclass_fields(DueItem)}
_REQUIRED = itemgetter(*(name for name, default in _ITEM_FIELDS.items() if default is MISSING))


def _due_item(given: dict) -> DueItem:
    """DueItem(**given), made without the generated __init__ of a frozen dataclass, which sets
    each of its 24 fields through object.__setattr__: on a long campaign, with ten thousand
    items, that was a quarter of the time spent writing them. The same checks, the defaults
    filled in, the fields in their order: the item is the same in every respect (equality,
    repr, dataclasses.replace)."""
    item = _new_object(DueItem)
    values = item.__dict__
    values.update(_ITEM_FIELDS)
    values.update(given)
    if len(values) != len(_ITEM_FIELDS) or MISSING in _REQUIRED(values):
        raise TypeError(f"DueItem fields: {sorted(given)}")
    return item


_new_object = object.__new__
_OVERDUE = ("overdue",)


class ItemWriter:
    """The writing half of the engine (see followup._Engine, which sets these attributes)."""

    today: date
    due_only: bool
    agenda: bool  # with due_only: in the agenda's order (ledger.in_agenda_order), not most overdue first
    settings: Settings
    cal: BusinessCalendar
    employers: dict[int, Employer]
    contacts: dict[int, Contact]
    people: dict[int, Person]
    staff: dict[int, list[Person]]
    person_names: dict[int, str]
    summaries: dict[int, Summary]
    talks: dict[int, list[Event]]
    referrals: dict[int, list[Event]]
    pauses: list[tuple[date, date]]
    snoozes: dict[int, list[date]]

    # --- windows -------------------------------------------------------------------------

    def _moved(self, employer_id: int | None, earliest: date,
               latest: date) -> tuple[date, date]:
        if self.pauses or employer_id in self.snoozes:
            return self._defer(employer_id, earliest, latest)
        return earliest, latest

    def _place(self, employer_id: int | None, earliest: date,
               latest: date) -> tuple[date, date] | None:
        """The window after pauses and snoozes; None when due() is asked and it has not begun.

        Deciding this before any words are written saves writing them for items left out.
        """
        earliest, latest = self._moved(employer_id, earliest, latest)
        if self.due_only and earliest > self.today:
            return None
        return earliest, latest

    def _add(self, out: Placed, window: tuple[date, date], **fields) -> None:
        earliest, latest = window
        fields["earliest"] = earliest
        fields["latest"] = latest
        reasons = fields.setdefault("reasons", (fields["rule"],))
        employer = self.employers.get(fields["employer_id"])
        rank = employer.sort_key if employer else (_NEVER, 0, 0)
        action, person = _ACTION_ORDER.get(fields["action"], 9), fields["person"]
        contact_id, person_id = fields.get("contact_id") or 0, fields.get("person_id") or 0
        if self.due_only:
            overdue = latest < self.today
            if overdue:
                flags = fields.get("flags")
                fields["flags"] = (*flags, "overdue") if flags else _OVERDUE
            # An offer's deadline does not wait: those calls come first.
            if self.agenda:  # ledger.in_agenda_order's key, so the ledger need not sort again
                key = ("offer-call" not in reasons, not overdue, earliest, rank, action,
                       contact_id, person_id, person, latest)
            else:
                late = (self.today - latest).days if overdue else 0
                key = ("offer-call" not in reasons, -late, rank, action, contact_id, person_id,
                       person, earliest)
        else:
            key = (earliest, rank, action, contact_id, person_id, person, latest)
        out.append((key, _due_item(fields)))

    # --- who -----------------------------------------------------------------------------

    def _hiring_authority(self, employer: Employer) -> tuple[str, str, int | None]:
        chosen = None
        for p in self.staff.get(employer.id, ()):
            if p.role == "hiring-authority":
                chosen = p
        if chosen is not None:
            return chosen.name, chosen.title, chosen.id
        return employer.contact, employer.title, None

    def _person(self, employer: Employer, ids: Sequence[int]) -> tuple[str, str, int | None]:
        """The first of these people on record, else the hiring authority."""
        for pid in ids:
            person = self.people.get(pid)
            if person is not None and person.employer_id == employer.id:
                return person.name, person.title, person.id
        return self._hiring_authority(employer)

    def _referrer(self, s: Summary) -> str:
        if not s.referred_by:
            return ""
        names = [self.contacts[c].name for c in s.referred_by if c in self.contacts]
        return names[-1] if names else ""

    # --- calls that other records ask for ------------------------------------------------

    def _offer_call(self, employer_id: int, offer: OpenOffer) -> WrittenCall:
        """Tell an employer in conversation of another's offer: the next business day, or the
        day of the offer when that would leave no business day before the deadline (the first
        business day on or before the deadline, when the offer came on a weekend; the offer's
        own day when there is none). A pause or snooze moves it, but never past the deadline."""
        assert offer.deadline is not None
        first = self.cal.next_business_day_after(offer.on)
        if first < offer.deadline:
            day = first
        else:
            day = self.cal.next_business_day_on_or_after(offer.on)
            if day > offer.deadline:
                day = offer.on
        window = self._moved(employer_id, day, day)
        if window[0] > offer.deadline:
            window = (day, day)
        reason = (f"offer from {offer.company} on {offer.on}, to answer by {offer.deadline}: "
                  f"tell every employer you are talking with, while they can still act")
        points = (offer_point(offer.company, offer.deadline),
                  "Ask whether they can reach their decision before then")
        return (*window, "offer-call", reason, ("offer-call",), points)

    def _prepare_call(self, employer_id: int, s: Summary) -> WrittenCall | None:
        """Before an interview: ask who you will meet. Gone once the day has come."""
        if s.prepare is None or s.prepare[2] <= self.today:
            return None
        earliest, latest, day, set_on = s.prepare
        window = self._moved(employer_id, earliest, latest)
        when = f"set on {set_on}" if set_on else "logged ahead of its day"
        reason = (f"interview on {day} ({when}): before it, ask for the names and titles of "
                  f"the people you will meet")
        return (*window, "interview-prep", reason, ("interview-prep",), PREPARE_INTERVIEW_POINTS)

    def _referral_call(self, employer: Employer, s: Summary, person: str) -> WrittenCall:
        assert s.referral is not None
        day, _people, when = s.referral
        who = self._referrer(s) or "a contact"
        window = self._moved(employer.id, when, when)
        reason = (f"{who} referred you here on {day} and there is no address to write to: "
                  f"call {person or 'the person you were referred to'} the next business day")
        points = (f"Say first that {who} suggested you call",
                  "Introduce yourself and ask for a few minutes of their advice")
        return (*window, "referral-call", reason, ("referral-call",), points)

    # --- an employer's items -------------------------------------------------------------

    def _employer_items(self, employer: Employer, s: Summary, offers: list[OpenOffer],
                        out: Placed) -> None:
        eid = employer.id
        f = self.settings.followup
        referred = s.referral[1] if s.referral is not None else ()
        name, title, person_id = self._person(employer, s.call_to or referred)
        can_write = bool(employer.address1 or employer.address2)
        # The call: the employer's own, with what others ask for merged in.
        calls: list[WrittenCall] = []
        if s.call is not None:
            calls.append((*self._moved(eid, s.call[0], s.call[1]), *s.call[2:]))
        if s.referral is not None and not can_write:
            calls.append(self._referral_call(employer, s, name))
        prepare = self._prepare_call(eid, s)
        if prepare is not None:
            calls.append(prepare)
        if s.in_conversation:
            for offer in offers:
                if (offer.employer_id != eid and offer.deadline is not None
                        and (s.last_talk is None or s.last_talk < (offer.on, offer.event_id))):
                    calls.append(self._offer_call(eid, offer))
        # (window, action) first; the words only for what is kept.
        wanted: list[tuple[tuple[date, date], str, object]] = []
        if calls:
            call = merge_written(calls)
            if not (self.due_only and call[0] > self.today):
                wanted.append(((call[0], call[1]), "call", call))
        for thanks in s.thanks:
            window = self._place(eid, thanks[2], thanks[3])
            if window:
                wanted.append((window, "thank-you", thanks))
        if s.references is not None:
            window = self._place(eid, s.references[1], s.references[1])
            if window:
                wanted.append((window, "references", s.references[0]))
        if s.note is not None:
            window = self._place(eid, s.note[0], s.note[0])
            if window:
                wanted.append((window, "note", s.note))
        if s.letter is not None:
            window = self._place(eid, s.letter[2], s.letter[2])
            if window:
                wanted.append((window, "letter", s.letter))
        if s.referral is not None and can_write:
            window = self._place(eid, s.referral[2], s.referral[2])
            if window:
                wanted.append((window, "referral-letter", s.referral))
        if not wanted:
            return

        last_on, last_what, last_note = s.last_seen or (None, "", "")
        base = dict(employer_id=eid, employer=employer.company, rank=employer.rank,
                    phone=employer.phone, last=s.last, last_on=last_on, last_what=last_what,
                    last_note=last_note, referred_by=self._referrer(s))
        for window, action, what in wanted:
            if action == "call":
                _earliest, _latest, rule, reason, reasons, points = what  # type: ignore[misc]
                self._add(out, window, action="call", person=name, person_title=title,
                          person_id=person_id, rule=rule, reason=reason, reasons=reasons,
                          secretary=s.secretary, good_time=s.good_time,
                          talking_points=self._call_points(eid, s, points, window[0], name,
                                                           offers), **base)
            elif action == "thank-you":
                self._thank_you_item(employer, s, what, window, out, base)  # type: ignore[arg-type]
            elif action == "references":
                refs = self.settings.references
                tips = tuple(f"Tell {r.name} that {employer.company} may call about you"
                             for r in refs) or (
                    "No references in campaign.toml yet: add them, then alert each one",)
                self._add(out, window, action="references", person="your references",
                          rule="references",
                          reason=f"interview on {what}: alert your references that "
                                 f"{employer.company} may call, and for which position, so "
                                 f"that no call catches them off guard",
                          talking_points=tips, **base)
            elif action == "note":
                _due, met_on, met_people, made = what  # type: ignore[misc]
                who, who_title, who_id = self._person(employer, met_people)
                self._add(out, window, action="note", person=who, person_title=who_title,
                          person_id=who_id, rule="article-note",
                          reason=f"{made} follow-up calls since the appointment on {met_on} "
                                 f"(a note after {f.note_after_calls}): send a note with an "
                                 f"article",
                          talking_points=("Send an article they may find interesting, with "
                                          "a short note (template note)",), **base)
            elif action == "referral-letter":
                day = what[0]  # type: ignore[index]
                referrer = self._referrer(s) or "a contact"
                self._add(out, window, action="letter", person=name, person_title=title,
                          person_id=person_id, rule="referral-letter",
                          reason=f"{referrer} referred you here on {day}: write to "
                                 f"{name or 'the person you were referred to'} the next "
                                 f"business day, naming {referrer}",
                          talking_points=(f"Say in the first line that {referrer} suggested "
                                          f"you write (template marketing)",), **base)
            else:
                on, outcome, _day = what  # type: ignore[misc]
                ha_name, ha_title, ha_id = self._hiring_authority(employer)
                self._add(out, window, action="letter", person=ha_name, person_title=ha_title,
                          person_id=ha_id, rule="opening-letter",
                          reason=f"call on {on}: {outcome}; send a cover letter with your "
                                 f"résumé the next business day",
                          talking_points=("Cover letter with the résumé enclosed (template "
                                          "cover)",), **base)

    def _thank_you_item(self, employer: Employer, s: Summary,
                        thanks: tuple[int | None, date, date, date, str],
                        window: tuple[date, date], out: Placed, base: dict) -> None:
        f = self.settings.followup
        pid, met_on, _earliest, _latest, kind = thanks
        person = self.people.get(pid) if pid is not None else None
        if person is not None:
            who, who_title, who_id = person.name, person.title, person.id
        elif pid is None:
            who, who_title, who_id = self._hiring_authority(employer)
        else:
            who, who_title, who_id = f"interviewer #{pid}", "", None
        if kind == "appointment":
            reason = (f"appointment on {met_on}: a short thank-you note to each person you "
                      f"met, the same day or the next business day at the latest")
            tips = ["A brief note, typed or handwritten: thank them for their time and advice "
                    "(template thank-you)"]
        else:
            by = ("by the next business day" if f.thank_you_days == 1
                  else f"within {days_text(f.thank_you_days)}")
            reason = f"interview on {met_on}: a thank-you note to each interviewer {by}"
            tips = ["A thank-you letter restating your fit if you pursue the job (template "
                    "thank-you); a short courtesy note if not (template courtesy)"]
        if len(s.thanks) > 1:
            tips.append(f"Word each note a little differently from the others at "
                        f"{employer.company}")
        self._add(out, window, action="thank-you", person=who, person_title=who_title,
                  person_id=who_id, rule="thank-you", reason=reason,
                  talking_points=tuple(tips), **base)

    def _call_points(self, employer_id: int, s: Summary, rule_points: tuple[str, ...],
                     earliest: date, name: str, offers: list[OpenOffer]) -> tuple[str, ...]:
        f = self.settings.followup
        points = list(rule_points)
        if s.failed:
            points.append("If the secretary answers, ask when is a good time to call rather "
                          "than leaving a message")
        if s.failed >= f.attempts_before_minute_line and s.basis is not None:
            on, verb = s.basis
            ago = time_ago((max(self.today, earliest) - on).days)
            points.append(f"Say: I {verb} {name or 'them'} {ago} and need just "
                          f"one minute to ask a couple of questions")
        if s.failed + 1 >= f.secretary_name_on_call and not s.secretary:
            points.append("Ask the secretary's name, and stay on good terms")
        if s.referral_note:
            points.append(f"Report back on the referral: {s.referral_note}")
        for cid in s.referred_by:
            contact = self.contacts.get(cid)
            if contact is not None:
                points.append(f"Referred by {contact.name}: mention it")
        if s.in_conversation:
            points.extend(offer_point(o.company, o.deadline) for o in offers
                          if o.employer_id != employer_id)
        return unique(points)

    # --- networking contacts ---------------------------------------------------------------

    def _contact_item(self, contact: Contact, out: Placed) -> None:
        f = self.settings.followup
        nbd = self.cal.next_business_day_on_or_after
        talks = self.talks.get(contact.id, [])
        referrals = self.referrals.get(contact.id, [])
        if talks:
            since: date | None = talks[-1].on
        elif referrals:
            since = referrals[0].on
        else:
            since = None
        if since is None:
            earliest = latest = nbd(self.today)
        else:
            earliest = nbd(since + timedelta(weeks=f.contact_weeks))
            latest = max(earliest, nbd(since + timedelta(weeks=f.contact_cold_weeks)))
        window = self._place(None, earliest, latest)
        if window is None:
            return
        flags: tuple[str, ...] = ()
        last = ""
        last_on, last_what, last_note = (last_seen_fields(talks[-1] if talks else None)
                                         or (None, "", ""))
        if talks:
            last = describe(talks[-1], self.person_names)
            reason = (f"last talk with {contact.name} on {since}: report your progress every "
                      f"{weeks_text(f.contact_weeks)}")
        elif referrals:
            reason = (f"{contact.name} referred you on {since}, no talk logged since: report "
                      f"your progress every {weeks_text(f.contact_weeks)}")
        else:
            reason = f"no talk with {contact.name} logged yet: tell them about your search"
        if since is not None and self.today > since + timedelta(weeks=f.contact_cold_weeks):
            flags = ("going cold",)
            reason += f"; past {weeks_text(f.contact_cold_weeks)} they may assume you found a job"
        points = ["Tell them about your experiences and progress since you last talked"]
        news_since = talks[-1].on if talks else None
        seen: set[int] = set()
        for referral in referrals:
            eid = referral.employer_id
            if eid is None or eid in seen or eid not in self.employers:
                continue
            seen.add(eid)
            news = self.summaries[eid].news
            if news is not None and (news_since is None or news[0] > news_since):
                points.append(f"Their referral {self.employers[eid].company}: {news[1]}")
        if seen:
            points.append("Thank them for their referrals and tell them what came of each")
        self._add(out, window, action="call", employer_id=None, employer="",
                  person=contact.name, contact_id=contact.id, rule="contact-call",
                  reason=reason, phone=contact.phone, last=last, last_on=last_on,
                  last_what=last_what, last_note=last_note,
                  talking_points=tuple(points), flags=flags)

    # --- pauses and snoozes ------------------------------------------------------------------

    def _defer(self, employer_id: int | None, earliest: date,
               latest: date) -> tuple[date, date]:
        """Move a window out of a pause or snooze to the first business day after it ends.

        A pause moves what falls due while it lasts (the window overlaps it); a snooze moves
        everything of its employer due up to its end, already overdue or not.
        """
        snoozes = self.snoozes.get(employer_id, ()) if employer_id is not None else ()
        moved = True
        while moved:  # leaving one pause can land in the next
            moved = False
            for until in snoozes:
                if earliest <= until:
                    earliest = self.cal.next_business_day_after(until)
                    latest, moved = max(latest, earliest), True
            for until, start in self.pauses:
                if earliest <= until and latest >= start:
                    earliest = self.cal.next_business_day_after(until)
                    latest, moved = max(latest, earliest), True
        return earliest, latest
