"""The campaign's SQLite store: opened once per run, migrated on open, one transaction per command."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from campaign.dates import FIRST_DAY, LAST_DAY, RANGE_TEXT
from campaign.errors import StoreError
from campaign.models import Batch, Contact, Employer, Event, FunnelEvent, Mail, Person
from campaign.store.migrations import MIGRATIONS

DB_NAME = "campaign.db"

_EMPLOYER_FIELDS = [f.name for f in fields(Employer) if f.name not in ("id", "extra")]
_PERSON_FIELDS = [f.name for f in fields(Person) if f.name != "id"]
_CONTACT_FIELDS = [f.name for f in fields(Contact) if f.name != "id"]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Store:
    """A campaign's database. Use `Store.open(folder)`; wrap writes in `with store.transaction():`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._depth = 0
        self._checked = False
        # Refuse live events dated outside the accepted range as they are read (see _event);
        # off only for `log --undo`, the way to take such an event back.
        self.check_dates = True

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path, *, create: bool = False, check_dates: bool = True) -> Store:
        path = Path(folder) / DB_NAME
        if not create:
            _check_file(path)
        try:
            connection = sqlite3.connect(path, isolation_level=None)
            connection.execute("PRAGMA foreign_keys = ON")
            if not create:
                _check_version(connection, path)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise failure(path, exc) from None
        store = cls(connection, path)
        # A new database has nothing to damage; an existing one is checked before its first write.
        store._checked = create
        try:
            store.migrate()
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise failure(path, exc) from None
        store.check_dates = check_dates
        return store

    def close(self) -> None:
        self._db.close()

    def migrate(self) -> list[str]:
        """Apply every migration not yet recorded, each with its record in one transaction."""
        try:
            self._db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {row[0] for row in self._db.execute("SELECT name FROM schema_migrations")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a campaign database: {exc}") from None
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                if callable(sql):
                    sql(self._db)
                else:
                    for statement in _statements(sql):
                        self._db.execute(statement)
                self._db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))
                # The number of steps applied: an older version refuses a higher one.
                self._db.execute(f"PRAGMA user_version = {len(done) + len(applied) + 1}")
            applied.append(name)
        return applied

    def check_intact(self) -> None:
        """Refuse to write to a damaged file: SQLite's own page-by-page check, run once per
        run before the first write (a read that meets damage fails by itself)."""
        found = [row[0] for row in self._db.execute("PRAGMA quick_check(3)")]
        if found != ["ok"]:
            raise StoreError(f"{self.path}: the campaign database is damaged ({found[0]}); "
                             "nothing was changed; restore campaign.db from a backup")
        self._checked = True

    def _event(self, row: tuple) -> Event:
        event = _event(row)
        if self.check_dates and event.kind != "undo" and not (
                FIRST_DAY <= event.on <= LAST_DAY
                and (event.until is None or FIRST_DAY <= event.until <= LAST_DAY)
                and (event.decision_by is None or FIRST_DAY <= event.decision_by <= LAST_DAY)):
            self._refuse_out_of_range(event)
        return event

    def _refuse_out_of_range(self, event: Event) -> None:
        """An older version took any date; every rule would fail on one out of range. Name
        the event and its undo, unless it is undone already."""
        undone: set[int] = set()  # an undo of an undo restores the original (rules/stages.py)
        for undo_id, target in self._db.execute(
                "SELECT id, supersedes FROM events WHERE kind = 'undo' ORDER BY id DESC"):
            if undo_id not in undone and target is not None:
                undone.add(target)
        if event.id in undone:
            return
        bad = next(d for d in (event.on, event.until, event.decision_by)
                   if d is not None and not FIRST_DAY <= d <= LAST_DAY)
        raise StoreError(f"{self.path}: event #{event.id} ({event.kind}) holds the date "
                         f"{bad.isoformat()}, outside {RANGE_TEXT}; undo it with `campaign log "
                         f"--undo {event.id}` and log it again with the right date")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside happen together or not at all; nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        if not self._checked:
            self.check_intact()
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    # -- employers -------------------------------------------------------------------------
    def employers(self, *, active_only: bool = False) -> list[Employer]:
        sql = f"SELECT {_EMPLOYER_COLUMNS} FROM employers"
        if active_only:
            sql += " WHERE active = 1"
        found = [_employer(row) for row in self._db.execute(sql)]
        return sorted(found, key=lambda e: e.sort_key)

    def employer(self, employer_id: int) -> Employer | None:
        row = self._db.execute(f"SELECT {_EMPLOYER_COLUMNS} FROM employers WHERE id = ?",
                              (employer_id,)).fetchone()
        return _employer(row) if row else None

    def employer_keys(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT key, id FROM employers"))

    def add_employer(self, key: str, employer: Employer) -> int:
        values = _employer_values(employer)
        names = ", ".join(["key", *values, "added_on", "updated_on"])
        marks = ", ".join("?" * (len(values) + 3))
        now = _now()
        cursor = self._db.execute(f"INSERT INTO employers ({names}) VALUES ({marks})",
                                 (key, *values.values(), now, now))
        return int(cursor.lastrowid)

    def update_employer(self, employer_id: int, employer: Employer, *, key: str | None = None
                        ) -> None:
        values = _employer_values(employer)
        if key is not None:
            values["key"] = key
        sets = ", ".join(f"{name} = ?" for name in values)
        self._db.execute(f"UPDATE employers SET {sets}, updated_on = ? WHERE id = ?",
                        (*values.values(), _now(), employer_id))

    def set_employer_active(self, employer_id: int, active: bool) -> None:
        self._db.execute("UPDATE employers SET active = ?, updated_on = ? WHERE id = ?",
                        (int(active), _now(), employer_id))

    def set_employer_row(self, employer_id: int, sheet_row: int) -> None:
        self._db.execute("UPDATE employers SET sheet_row = ? WHERE id = ?", (sheet_row, employer_id))

    # -- corrections made with `campaign edit` ---------------------------------------------
    def employer_edits(self) -> dict[int, dict[str, tuple[str, str]]]:
        """employer id -> field -> (the corrected value, what the sheet said when corrected)."""
        edits: dict[int, dict[str, tuple[str, str]]] = {}
        for employer_id, name, value, sheet_value in self._db.execute(
                "SELECT employer_id, field, value, sheet_value FROM employer_edits"):
            edits.setdefault(employer_id, {})[name] = (value, sheet_value)
        return edits

    def set_employer_edit(self, employer_id: int, name: str, value: str, sheet_value: str,
                          on: date) -> None:
        self._db.execute(
            "INSERT INTO employer_edits (employer_id, field, value, sheet_value, edited_on) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (employer_id, field) DO UPDATE SET "
            "value = excluded.value, edited_on = excluded.edited_on",
            (employer_id, name, value, sheet_value, on.isoformat()))

    def drop_employer_edit(self, employer_id: int, name: str) -> None:
        self._db.execute("DELETE FROM employer_edits WHERE employer_id = ? AND field = ?",
                        (employer_id, name))

    # -- people ----------------------------------------------------------------------------
    def people(self, employer_id: int | None = None) -> list[Person]:
        if employer_id is None:
            rows = self._db.execute("SELECT * FROM people ORDER BY id")
        else:
            rows = self._db.execute("SELECT * FROM people WHERE employer_id = ? ORDER BY id",
                                   (employer_id,))
        return [_person(row) for row in rows]

    def person_by_name(self, employer_id: int, name: str) -> Person | None:
        row = self._db.execute("SELECT * FROM people WHERE employer_id = ? AND name = ?",
                              (employer_id, name)).fetchone()
        return _person(row) if row else None

    def save_person(self, person: Person) -> int:
        """Insert a person, or update the one of that employer with that name; returns its id."""
        existing = self.person_by_name(person.employer_id, person.name)
        values = {name: getattr(person, name) for name in _PERSON_FIELDS}
        if existing is None:
            cursor = self._db.execute(
                f"INSERT INTO people ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()))
            return int(cursor.lastrowid)
        # Keep what we knew when the new record leaves a field blank.
        merged = {k: (v if v not in ("", None) else getattr(existing, k)) for k, v in values.items()}
        sets = ", ".join(f"{name} = ?" for name in merged)
        self._db.execute(f"UPDATE people SET {sets} WHERE id = ?", (*merged.values(), existing.id))
        return existing.id

    def add_people(self, people: list[Person]) -> None:
        """Insert people known to be new (the hiring authorities of employers added in this
        transaction), in one statement: an import of thousands looks none of them up."""
        names = ", ".join(_PERSON_FIELDS)
        self._db.executemany(
            f"INSERT INTO people ({names}) VALUES ({', '.join('?' * len(_PERSON_FIELDS))})",
            [tuple(getattr(person, name) for name in _PERSON_FIELDS) for person in people])

    def set_person_role(self, person_id: int, role: str) -> None:
        self._db.execute("UPDATE people SET role = ? WHERE id = ?", (role, person_id))

    # -- contacts --------------------------------------------------------------------------
    def contacts(self, *, active_only: bool = False) -> list[Contact]:
        sql = "SELECT * FROM contacts" + (" WHERE active = 1" if active_only else "")
        rows = self._db.execute(sql + " ORDER BY sheet_row, id")
        return [_contact(row) for row in rows]

    def contact_keys(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT key, id FROM contacts"))

    def save_contact(self, key: str, contact: Contact, contact_id: int | None = None) -> int:
        values = {name: getattr(contact, name) for name in _CONTACT_FIELDS}
        values["active"] = int(values["active"])
        if contact_id is None:
            names = ", ".join(["key", *values])
            cursor = self._db.execute(
                f"INSERT INTO contacts ({names}) VALUES ({', '.join('?' * (len(values) + 1))})",
                (key, *values.values()))
            return int(cursor.lastrowid)
        sets = ", ".join(f"{name} = ?" for name in values)
        self._db.execute(f"UPDATE contacts SET {sets} WHERE id = ?", (*values.values(), contact_id))
        return contact_id

    def set_contact_active(self, contact_id: int, active: bool) -> None:
        self._db.execute("UPDATE contacts SET active = ? WHERE id = ?", (int(active), contact_id))

    # -- events ----------------------------------------------------------------------------
    def events(self, *, employer_id: int | None = None) -> list[Event]:
        if employer_id is None:
            rows = self._db.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY id")
        else:
            rows = self._db.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE employer_id = ?"
                                   " ORDER BY id", (employer_id,))
        return [self._event(row) for row in rows]

    def funnel_events(self, through: date) -> list[FunnelEvent]:
        """The events a report of letters and their results reads, up to a day, as light
        records (a report reads the whole log: building full events would take most of it)."""
        rows = self._db.execute(
            "SELECT id, kind, on_date, employer_id, outcome, supersedes, batch_id FROM events "
            "WHERE kind IN ('letter', 'call', 'appointment', 'interview', 'decision', "
            "'referral', 'undo') AND on_date <= ? ORDER BY id", (through.isoformat(),))
        fromiso = date.fromisoformat
        return [FunnelEvent(i, kind, fromiso(on), employer_id, outcome, supersedes, batch_id)
                for i, kind, on, employer_id, outcome, supersedes, batch_id in rows]

    def offer_events(self) -> list[Event]:
        """Every event of the employers that ever made an offer, and every undo: enough to
        tell which offers wait for an answer without reading the whole log."""
        rows = self._db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE kind = 'undo' OR employer_id IN "
            "(SELECT employer_id FROM events WHERE outcome = 'offer') ORDER BY id")
        return [_event(row) for row in rows]

    def event(self, event_id: int) -> Event | None:
        row = self._db.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE id = ?",
                              (event_id,)).fetchone()
        return self._event(row) if row else None

    def followup_events(self, employer_ids: Iterable[int]) -> list[Event]:
        """The events of these employers, and every event the follow-up engine reads across
        employers: pauses, snoozes, referrals, undos and the networking contacts' own events."""
        rows = self._db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events"
            " WHERE employer_id IN (SELECT value FROM json_each(?)) OR employer_id IS NULL"
            " OR kind IN ('undo', 'pause', 'snooze', 'referral') ORDER BY id",
            (json.dumps(sorted(employer_ids)),))
        return [self._event(row) for row in rows]

    def last_event_id(self) -> int:
        return self._db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]

    def employers_logged_after(self, event_id: int) -> dict[int, int]:
        """employer id -> its last event id, for the employers named by an event after
        `event_id` (ids only grow: the log is append-only)."""
        return dict(self._db.execute("SELECT employer_id, max(id) FROM events WHERE id > ?"
                                    " AND employer_id IS NOT NULL GROUP BY employer_id",
                                    (event_id,)))

    def employers_undone_from_elsewhere(self) -> set[int]:
        """Employers with an event undone by an undo that names another employer or none
        (`campaign log --undo` always names the employer of the event it undoes)."""
        rows = self._db.execute("SELECT target.employer_id, undo.employer_id FROM events undo"
                               " JOIN events target ON target.id = undo.supersedes"
                               " WHERE undo.kind = 'undo'"
                               " AND undo.employer_id IS NOT target.employer_id")
        return {employer_id for row in rows for employer_id in row if employer_id is not None}

    # -- kept follow-up summaries: derived data (store/summaries.py) --------------------------
    def kept_summaries(self) -> dict[int, tuple[str, int, str, str]]:
        """employer id -> (key, through id, latest day, summary as JSON text)."""
        return {row[0]: row[1:] for row in self._db.execute(
            "SELECT employer_id, key, through_id, latest, summary FROM followup_summaries")}

    def keep_summaries(self, rows: Iterable[tuple[int, str, int, str, str]]) -> None:
        """Store (employer id, key, through id, latest day, summary JSON), replacing older."""
        self._db.executemany("INSERT OR REPLACE INTO followup_summaries"
                            " (employer_id, key, through_id, latest, summary)"
                            " VALUES (?, ?, ?, ?, ?)", rows)

    def kept_holidays(self, country: str, source: str) -> dict[int, frozenset[date]]:
        """The holiday dates kept for `country`, by year, from this version of the library."""
        rows = self._db.execute("SELECT year, days FROM holiday_years WHERE country = ? AND "
                               "source = ?", (country, source))
        return {year: frozenset(date.fromisoformat(d) for d in json.loads(days))
                for year, days in rows}

    def keep_holidays(self, country: str, source: str,
                      years: dict[int, frozenset[date]]) -> None:
        self._db.execute("DELETE FROM holiday_years WHERE country = ? AND source != ?",
                        (country, source))
        self._db.executemany(
            "INSERT OR REPLACE INTO holiday_years VALUES (?, ?, ?, ?)",
            [(country, year, source, json.dumps(sorted(d.isoformat() for d in days)))
             for year, days in years.items()])

    def append_event(self, event: Event) -> int:
        """Append one event (its id is assigned here) and return the new id."""
        cursor = self._db.execute(
            "INSERT INTO events (kind, on_date, employer_id, contact_id, person_ids, outcome, note,"
            " until, decision_by, supersedes, batch_id, data, logged_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.kind, event.on.isoformat(), event.employer_id, event.contact_id,
             json.dumps(list(event.person_ids)), event.outcome, event.note,
             event.until.isoformat() if event.until else None,
             event.decision_by.isoformat() if event.decision_by else None,
             event.supersedes, event.batch_id, json.dumps(event.data, sort_keys=True), _now()))
        return int(cursor.lastrowid)

    def event_sources(self) -> set[str]:
        """The `data.source` marks of logged events, to make re-reading a sheet idempotent."""
        rows = self._db.execute(
            "SELECT json_extract(data, '$.source') FROM events"
            " WHERE json_extract(data, '$.source') IS NOT NULL")
        return {row[0] for row in rows}

    # -- batches ---------------------------------------------------------------------------
    def batches(self) -> list[Batch]:
        members: dict[int, list[int]] = {}
        dropped: dict[int, list[int]] = {}
        for batch_id, employer_id, was_dropped in self._db.execute(
                "SELECT batch_id, employer_id, dropped FROM batch_members"
                " ORDER BY batch_id, position"):
            (dropped if was_dropped else members).setdefault(batch_id, []).append(employer_id)
        return [Batch(id=batch_id, label=label, template=template,
                      printed_on=date.fromisoformat(printed_on), mailed_on=_day(mailed_on),
                      employer_ids=tuple(members.get(batch_id, ())), large=bool(large),
                      dropped=tuple(dropped.get(batch_id, ())))
                for batch_id, label, template, printed_on, mailed_on, large
                in self._db.execute("SELECT id, label, template, printed_on, mailed_on, large"
                                    " FROM batches ORDER BY id")]

    def batch(self, label: str) -> Batch | None:
        """One batch by label: what a write just recorded, read back to report it."""
        return next((b for b in self.batches() if b.label == label), None)

    def add_batch(self, label: str, template: str, printed_on: date, employer_ids: Iterable[int],
                  *, large: bool = False) -> int:
        cursor = self._db.execute(
            "INSERT INTO batches (label, template, printed_on, large) VALUES (?, ?, ?, ?)",
            (label, template, printed_on.isoformat(), int(large)))
        batch_id = int(cursor.lastrowid)
        self._db.executemany(
            "INSERT INTO batch_members (batch_id, employer_id, position) VALUES (?, ?, ?)",
            [(batch_id, employer_id, position) for position, employer_id in enumerate(employer_ids)])
        return batch_id

    def set_batch_template(self, batch_id: int, template: str) -> None:
        self._db.execute("UPDATE batches SET template = ? WHERE id = ?", (template, batch_id))

    def drop_from_batch(self, batch_id: int, employer_id: int) -> None:
        self._db.execute("UPDATE batch_members SET dropped = 1 WHERE batch_id = ? AND employer_id = ?",
                        (batch_id, employer_id))

    def set_batch_mailed(self, batch_id: int, on: date) -> None:
        self._db.execute("UPDATE batches SET mailed_on = ? WHERE id = ?", (on.isoformat(), batch_id))

    # -- the outbox of e-mailed letters ------------------------------------------------------
    def outbox(self, label: str | None = None) -> list[Mail]:
        sql = f"SELECT {_MAIL_COLUMNS} FROM outbox"
        rows = (self._db.execute(sql + " WHERE label = ? ORDER BY id", (label,)) if label
                else self._db.execute(sql + " ORDER BY id"))
        return [Mail(*row[:9], _day(row[9]), _day(row[10])) for row in rows]

    def replace_unsent_mail(self, label: str, mails: Iterable[Mail],
                            kinds: Iterable[str] | None = None) -> None:
        """The e-mails a week holds now: unsent ones written before (of these kinds, or all)
        make way; sent ones stay."""
        if kinds is None:
            self._db.execute("DELETE FROM outbox WHERE label = ? AND sent_on IS NULL", (label,))
        else:
            self._db.executemany(
                "DELETE FROM outbox WHERE label = ? AND kind = ? AND sent_on IS NULL",
                [(label, kind) for kind in kinds])
        self._db.executemany(
            f"INSERT INTO outbox ({_MAIL_COLUMNS}) VALUES ({', '.join('?' * 11)})",
            [(None, label, m.kind, m.employer_id, m.person_id, m.batch_id, m.path, m.message_id,
              m.to_address, m.written_on.isoformat(), None) for m in mails])

    def move_sent_mail(self, mail_id: int, path: str) -> None:
        """Where a sent e-mail's file now stands (a rebuilt week keeps it in email/sent/)."""
        self._db.execute("UPDATE outbox SET path = ? WHERE id = ? AND sent_on IS NOT NULL",
                         (path, mail_id))

    def mark_mail_sent(self, mail_id: int, on: date) -> None:
        self._db.execute("UPDATE outbox SET sent_on = ? WHERE id = ? AND sent_on IS NULL",
                        (on.isoformat(), mail_id))

    # -- settings-like state ---------------------------------------------------------------
    def counts(self) -> dict[str, Any]:
        one = self._db.execute
        return {
            "employers": one("SELECT count(*) FROM employers").fetchone()[0],
            "active": one("SELECT count(*) FROM employers WHERE active = 1").fetchone()[0],
            "events": one("SELECT count(*) FROM events").fetchone()[0],
            "contacts": one("SELECT count(*) FROM contacts").fetchone()[0],
        }


_MAIL_COLUMNS = ("id, label, kind, employer_id, person_id, batch_id, path, message_id, to_address,"
                 " written_on, sent_on")


_SQLITE_HEADER = b"SQLite format 3\x00"
_REMEDY = "nothing was changed; restore campaign.db from a backup"


def _check_file(path: Path) -> None:
    """Look at the file before SQLite does: SQLite takes an empty file for a new database and
    would rebuild it, and turns a read-only one into errors halfway through a command."""
    if not path.exists():
        raise StoreError(f"{path}: no campaign database here; run `campaign init` first")
    if not path.is_file():
        raise StoreError(f"{path}: is not a file; move it away and restore campaign.db")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror or exc}); check its "
                         "permissions") from None
    if not head:
        raise StoreError(f"{path}: is empty (0 bytes), its contents are lost; {_REMEDY} "
                         "(or move it away and run `campaign init` to start over)")
    if head != _SQLITE_HEADER:
        raise StoreError(f"{path}: is not a campaign database (not SQLite); {_REMEDY}")
    if not os.access(path, os.W_OK):
        raise StoreError(f"{path}: is read-only; make it writable (chmod u+w campaign.db) "
                         "and retry")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"{path.parent}: the campaign folder is read-only (the database "
                         "needs to write its journal beside it); make it writable and retry")


def _check_version(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a database a newer version of the tool has migrated: its schema may mean
    things this version would get wrong, and migrating it would write to it."""
    known = {name for name, _ in MIGRATIONS}
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    has_log = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                 " AND name = 'schema_migrations'").fetchone()
    names = {row[0] for row in connection.execute("SELECT name FROM schema_migrations")} \
        if has_log else set()
    if not has_log and connection.execute("SELECT 1 FROM sqlite_master").fetchone():
        raise StoreError(f"{path}: is an SQLite database of some other program, not a campaign "
                         f"database; {_REMEDY}")
    newer = sorted(names - known)
    if version > len(MIGRATIONS) or newer:
        what = f"schema step {newer[0]!r}" if newer else f"schema version {version}"
        raise StoreError(f"{path}: was written by a newer version of campaign ({what} is "
                         "unknown here); install that version (pip install -U campaign); "
                         "nothing was changed")


def fault_message(path: Path, exc: BaseException) -> StoreError | None:
    """The one line for a database fault met halfway through a command, or None when `exc`
    is not one (the CLI re-raises it)."""
    return failure(path, exc) if isinstance(exc, sqlite3.DatabaseError) else None


def failure(path: Path, exc: sqlite3.Error) -> StoreError:
    """An SQLite error as the one line a user can act on."""
    text = str(exc)
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path}: is read-only; make it and its folder writable and retry")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"{path}: in use by another campaign command; wait for it and retry")
    if "full" in lowered:
        return StoreError(f"{path}: the disk is full; free some space and retry; "
                          "nothing was changed")
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreError(f"{path}: the campaign database is damaged ({text}); {_REMEDY}")
    return StoreError(f"{path}: the campaign database cannot be used ({text}); {_REMEDY}")


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in sql.splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements


def _employer_values(employer: Employer) -> dict[str, Any]:
    values = {name: getattr(employer, name) for name in _EMPLOYER_FIELDS}
    values["active"] = int(values["active"])
    if values["rank"] == float("inf"):
        values["rank"] = None
    # orjson: an import writes thousands of these, and every command reads them back.
    values["extra"] = (orjson.dumps(employer.extra, option=orjson.OPT_SORT_KEYS).decode()
                       if employer.extra else "{}")
    return values


# Employer's fields in order: a row is the constructor's arguments once three are converted.
_EMPLOYER_COLUMNS = ", ".join(f.name for f in fields(Employer))
_RANK = 1 + _EMPLOYER_FIELDS.index("rank")
_ACTIVE = 1 + _EMPLOYER_FIELDS.index("active")


def _employer(row: tuple) -> Employer:
    values = list(row)
    values[_RANK] = float("inf") if values[_RANK] is None else float(values[_RANK])
    values[_ACTIVE] = bool(values[_ACTIVE])
    values[-1] = orjson.loads(values[-1]) if values[-1] != "{}" else {}
    return Employer(*values)


def _person(row: tuple) -> Person:
    return Person(*row)


def _contact(row: tuple) -> Contact:
    contact_id, _key, name, relationship, phone, email, notes, active, sheet_row = row
    return Contact(contact_id, name, relationship, phone, email, notes, bool(active), sheet_row)


_EVENT_COLUMNS = ("id, kind, on_date, employer_id, contact_id, person_ids, outcome, note, until,"
                  " decision_by, supersedes, batch_id, data")


def _event(row: tuple) -> Event:
    try:
        return _event_of(row)
    except (ValueError, TypeError):
        raise StoreError(f"event #{row[0]} ({row[1]}) in the campaign database cannot be read "
                         f"(a date or list in it is damaged); {_REMEDY}") from None


def _event_of(row: tuple) -> Event:
    (event_id, kind, on_date, employer_id, contact_id, person_ids, outcome, note, until,
     decision_by, supersedes, batch_id, data) = row
    # Most events name nobody and carry no data: skip the JSON parser for the empty cases.
    return Event(id=event_id, kind=kind, on=date.fromisoformat(on_date), employer_id=employer_id,
                 contact_id=contact_id,
                 person_ids=tuple(json.loads(person_ids)) if person_ids != "[]" else (),
                 outcome=outcome, note=note, until=_day(until), decision_by=_day(decision_by),
                 supersedes=supersedes, batch_id=batch_id,
                 data=json.loads(data) if data != "{}" else {})


def as_dict(record: Any) -> dict[str, Any]:
    """A record as plain JSON-ready values."""
    out = asdict(record)
    for key, value in out.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, float) and value == float("inf"):
            out[key] = None
    return out
