"""The held-out corpus rows, written as an .ics calendar and read back by
`levelcal analyze --json`: the labels survive the trip through iCalendar
(attendees, organizer, recurrence, length), as a user's calendar would carry them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sklearn.metrics import f1_score

from calendars import vcalendar, vevent
from levelcal.classify import corpus

ME = "owner@home.example"
START = datetime(2026, 3, 2, 0, 0)


def _escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaping."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def as_vevent(index: int, example: corpus.Example) -> str:
    features = example.features
    start = START + timedelta(hours=index)  # one event an hour: no overlaps
    end = start + timedelta(minutes=features.minutes)
    domain = "partner.example" if features.external else "home.example"
    guests = [f"person{n}@home.example" for n in range(features.attendees)]
    if features.external and guests:
        guests[-1] = f"guest@{domain}"
    organizer = ME if features.i_organize or not guests else guests[0]
    lines = [
        f"DTSTART:{start:%Y%m%dT%H%M%S}Z",
        f"DTEND:{end:%Y%m%dT%H%M%S}Z",
        f"DESCRIPTION:{_escape(features.description)}",
        f"LOCATION:{_escape(features.location)}",
        f"ORGANIZER:mailto:{organizer}",
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
        *(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{g}" for g in guests if g != organizer),
    ]
    if features.recurring:
        lines.append("RRULE:FREQ=MONTHLY;COUNT=2")  # the second instance falls outside
    return vevent(f"row{index}@test", _escape(features.title), *lines)


def test_held_out_rows_read_from_an_ics_calendar(run, tmp_path, corpus_examples):
    held_out = [e for e in corpus_examples if e.held_out]
    # Google event types do not travel in .ics; those rows are left to the Google path.
    rows = [e for e in held_out if e.features.event_type is None and e.features.minutes > 0]
    rows = rows[:: max(1, len(rows) // 1500)]  # about 1,500: the same size as the corpus grows
    path = tmp_path / "held-out.ics"
    path.write_bytes(vcalendar(*(as_vevent(i, e) for i, e in enumerate(rows))))
    last = START + timedelta(hours=len(rows) + 24)
    result = run(
        "analyze",
        *("-c", str(path), "--me", ME, "--tz", "UTC", "--json"),
        *("--from", f"{START:%Y-%m-%d}", "--to", f"{last:%Y-%m-%d}"),
    )
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    predicted = {e["uid"]: e["level"] for e in events}
    assert len(predicted) == len(rows)
    truth = [e.level.value for e in rows]
    guesses = [predicted[f"row{i}@test"] for i in range(len(rows))]
    macro_f1 = f1_score(truth, guesses, average="macro")
    print(f"macro-F1 through .ics: {macro_f1:.3f} on {len(rows)} events")
    assert macro_f1 >= 0.90
