"""Pure: what each first letter to an employer led to (a call answered, an appointment, an
interview, an offer) and how long it took, so that templates, batches, tiers and sources can be
compared. No pandas here: `status` names the best template without paying for it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from campaign.models import DISPOSITIONS, Batch, Employer, Event, FunnelEvent
from campaign.rules.stages import live_events

# The funnel, in order: each stage counts letters whose employer reached it afterwards.
FUNNEL = ("answered", "appointment", "interview", "offer")
FUNNEL_LABELS = {"answered": "Answered", "appointment": "Appointment",
                 "interview": "Interview", "offer": "Offer"}
# Letters a template needs before its results say anything.
ENOUGH_LETTERS = 20
ONE_OFF = "one-off letter"


@dataclass(frozen=True)
class LetterResult:
    """The first letter mailed to one employer, and the first day each stage was reached."""

    employer_id: int
    company: str
    mailed_on: date
    template: str
    batch: str                 # the batch label, or "" for a one-off letter
    tier: str                  # "top fifth"... for a ranked list, the tier letter otherwise
    source: str                # "cold letter" or "referral"
    reached: dict[str, date] = field(default_factory=dict)  # stage -> first day after the letter

    def days_to(self, stage: str) -> int | None:
        day = self.reached.get(stage)
        return None if day is None else (day - self.mailed_on).days


def _stages_of(event: Event | FunnelEvent) -> tuple[str, ...]:
    """The funnel stages one event shows the employer reached."""
    reached: list[str] = []
    if event.kind == "call" and event.outcome and event.outcome not in DISPOSITIONS:
        reached.append("answered")
    if event.kind == "appointment" or event.outcome == "appointment-set":
        reached.append("appointment")
    if event.kind == "interview" or event.outcome == "interview-set":
        reached.append("interview")
    if event.outcome == "offer" or (event.kind == "decision" and event.outcome == "accepted"):
        reached.append("offer")
    return tuple(reached)


_FIFTHS = ("top fifth", "second fifth", "third fifth", "fourth fifth", "bottom fifth")


def tiers(employers: Iterable[Employer]) -> dict[int, str]:
    """Each employer's tier: the fifth of a numeric ranking it falls in, or its tier letter
    (A, B...) as written; "no priority" when the sheet gave none."""
    employers = list(employers)
    ranked = sorted((e for e in employers if _numeric(e.priority)), key=lambda e: e.sort_key)
    tier = {e.id: _FIFTHS[min(4, i * 5 // len(ranked))] for i, e in enumerate(ranked)}
    for employer in employers:
        if employer.id not in tier:
            tier[employer.id] = employer.priority.strip().upper() or "no priority"
    return tier


def tier_order(tier: str) -> tuple[int, int, str]:
    """Sorts tiers as a reader expects: the fifths from the top, then letters, then none."""
    if tier in _FIFTHS:
        return (0, _FIFTHS.index(tier), "")
    return (2, 0, "") if tier == "no priority" else (1, 0, tier)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def letter_results(employers: Iterable[Employer], events: Iterable[Event | FunnelEvent],
                   batches: Iterable[Batch]) -> list[LetterResult]:
    """One result per employer that was mailed a letter, from its first letter on. Undone
    events do not count; what happened before the first letter is not credited to it."""
    employers = list(employers)
    by_id = {e.id: e for e in employers}
    tier = tiers(employers)
    batch_of = {b.id: b for b in batches}
    log: dict[int, list[Event | FunnelEvent]] = defaultdict(list)
    for event in live_events(events):
        if event.employer_id in by_id:
            log[event.employer_id].append(event)
    results = []
    for employer_id, history in log.items():
        history.sort(key=lambda e: (e.on, e.id))
        first = next((e for e in history if e.kind == "letter"), None)
        if first is None:
            continue
        batch = batch_of.get(first.batch_id) if first.batch_id is not None else None
        referred = any(e.kind == "referral" and e.on <= first.on for e in history)
        reached: dict[str, date] = {}
        for event in history:
            if event.on < first.on:
                continue
            for stage in _stages_of(event):
                reached.setdefault(stage, event.on)
        results.append(LetterResult(
            employer_id=employer_id, company=by_id[employer_id].company, mailed_on=first.on,
            template=batch.template if batch else ONE_OFF,
            batch=batch.label if batch else "", tier=tier[employer_id],
            source="referral" if referred else "cold letter", reached=reached))
    results.sort(key=lambda r: (r.mailed_on, r.employer_id))
    return results


def best_template(results: Iterable[LetterResult], minimum: int = ENOUGH_LETTERS) -> str:
    """One sentence on which template brings meetings, or why it cannot be said yet. A
    meeting is an appointment or an interview after the letter."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        if result.template == ONE_OFF:
            continue
        counts[result.template][0] += 1
        if "appointment" in result.reached or "interview" in result.reached:
            counts[result.template][1] += 1
    enough = {name: c for name, c in counts.items() if c[0] >= minimum}
    if not enough:
        most = max((c[0] for c in counts.values()), default=0)
        return (f"Too few letters yet to say which template works best: {minimum} letters of a "
                f"template are needed, and the most any template has is {most}.")
    name, (letters, meetings) = max(enough.items(), key=lambda kv: (kv[1][1] / kv[1][0], kv[0]))
    share = round(100 * meetings / letters)
    also = "" if len(enough) > 1 else " (the only template with enough letters to judge)"
    return (f"Best template so far: {name}{also}: {meetings} of {letters} letters led to an "
            f"appointment or interview ({share}%).")
