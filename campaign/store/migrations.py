"""Ordered, named schema steps; each is applied once, with its record, in one transaction.

A step is SQL text, or a function of the connection for a change SQL cannot express (such as
recomputing keys with the tool's own rules)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def rekey_employers(db: sqlite3.Connection) -> None:
    """Recompute every employer's identity key with rules/identity.py (keys once dropped every
    non-Latin letter, so two Greek companies at one postal code shared one). Only the key
    column changes: ids, and so every event, batch and person, stay where they were."""
    from campaign.rules.identity import employer_key

    rows = db.execute("SELECT id, company, postal_code FROM employers ORDER BY id").fetchall()
    # Keys are unique: park every row on a key no import makes before giving the new ones.
    db.executemany("UPDATE employers SET key = ? WHERE id = ?",
                   [(f"\x00rekey:{employer_id}", employer_id) for employer_id, _, _ in rows])
    taken: set[str] = set()
    for employer_id, company, postal_code in rows:
        key = base = employer_key(company, postal_code)
        n = 2
        while key in taken:  # the same suffix imports give a second employer with one key
            key, n = f"{base}#{n}", n + 1
        taken.add(key)
        db.execute("UPDATE employers SET key = ? WHERE id = ?", (key, employer_id))


MIGRATIONS: tuple[tuple[str, str | Callable[[sqlite3.Connection], None]], ...] = (
    ("0001_initial", """
        CREATE TABLE employers (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,          -- normalised company + postal code
            source_id TEXT NOT NULL DEFAULT '',  -- the sheet's own id, when it has one
            company TEXT NOT NULL,
            contact TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            address1 TEXT NOT NULL DEFAULT '',
            address2 TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT '',
            postal_code TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            industry TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            priority TEXT NOT NULL DEFAULT '',
            rank REAL,                          -- NULL sorts last
            sheet_row INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            extra TEXT NOT NULL DEFAULT '{}',   -- other columns, JSON
            added_on TEXT NOT NULL,
            updated_on TEXT NOT NULL
        );
        CREATE INDEX employers_source_id ON employers(source_id);

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            employer_id INTEGER NOT NULL REFERENCES employers(id),
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT 'other',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            good_time TEXT NOT NULL DEFAULT '',
            UNIQUE (employer_id, name)
        );

        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            relationship TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            sheet_row INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            template TEXT NOT NULL,
            printed_on TEXT NOT NULL,
            mailed_on TEXT,
            large INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE batch_members (
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            employer_id INTEGER NOT NULL REFERENCES employers(id),
            position INTEGER NOT NULL,
            dropped INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, employer_id)
        );

        -- The append-only log: corrections are new events that supersede old ones.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            on_date TEXT NOT NULL,
            employer_id INTEGER REFERENCES employers(id),
            contact_id INTEGER REFERENCES contacts(id),
            person_ids TEXT NOT NULL DEFAULT '[]',
            outcome TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            until TEXT,
            decision_by TEXT,
            supersedes INTEGER REFERENCES events(id),
            batch_id INTEGER REFERENCES batches(id),
            data TEXT NOT NULL DEFAULT '{}',
            logged_at TEXT NOT NULL
        );
        CREATE INDEX events_employer ON events(employer_id);
        CREATE INDEX events_contact ON events(contact_id);
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    """),
    ("0002_followup_summaries", """
        -- Each employer's log folded by the follow-up engine (see store/summaries.py): derived
        -- data, used only while its key matches and no newer event names the employer.
        CREATE TABLE followup_summaries (
            employer_id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,              -- settings, engine code, rank, people
            through_id INTEGER NOT NULL,    -- the log's last event id when it was folded
            latest TEXT NOT NULL,           -- the employer's latest event day ('' for none)
            summary TEXT NOT NULL           -- followup.Summary as JSON
        );
        CREATE INDEX events_kind ON events(kind);
    """),
    ("0003_employer_edits", """
        -- Corrections made with `campaign edit`: each field's value and what the sheet said
        -- then, so that a later import of an older sheet keeps the correction and a changed
        -- sheet is reported as a conflict instead of silently winning or losing.
        CREATE TABLE employer_edits (
            employer_id INTEGER NOT NULL REFERENCES employers(id),
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            sheet_value TEXT NOT NULL,
            edited_on TEXT NOT NULL,
            PRIMARY KEY (employer_id, field)
        );
    """),
    ("0004_outbox", """
        -- E-mails written for a week (`batch --email`, `week --email`), and when each was
        -- accepted by the mail server (`campaign send`): a run that stops is run again, and
        -- nothing is sent twice.
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,            -- the week or batch label the e-mails belong to
            kind TEXT NOT NULL,             -- the event sending logs: letter, thank-you...
            employer_id INTEGER REFERENCES employers(id),
            person_id INTEGER,
            batch_id INTEGER REFERENCES batches(id),
            path TEXT NOT NULL,             -- the .eml file, relative to the campaign folder
            message_id TEXT NOT NULL,
            to_address TEXT NOT NULL,
            written_on TEXT NOT NULL,
            sent_on TEXT
        );
        CREATE INDEX outbox_label ON outbox(label);
    """),
    ("0005_kept_holidays", """
        -- The public holidays of the campaign's country, a year at a time, as the holiday
        -- library (at `source`, its version) gave them (see store/holidays.py): derived data,
        -- kept so that everyday commands need not import that library.
        CREATE TABLE holiday_years (
            country TEXT NOT NULL,
            year INTEGER NOT NULL,
            source TEXT NOT NULL,
            days TEXT NOT NULL,             -- JSON list of ISO dates, possibly empty
            PRIMARY KEY (country, year)
        );
    """),
    ("0006_employer_keys_keep_every_script", rekey_employers),
)
