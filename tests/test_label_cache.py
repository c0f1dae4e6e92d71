"""Labels kept between runs: a repeated report is the cold report, without scoring anything."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from levelcal import label_cache, resources
from levelcal.analysis import category_level
from levelcal.classify import model
from levelcal.classify.features import from_event
from levelcal.classify.labeler import label_all
from levelcal.events import Event, Status
from levelcal.ingest.ics import read_calendar
from levelcal.levels import Level
from levelcal.window import year_of

WEEK = ("--week", "--as-of", "2026-11-25", "--tz", "America/New_York", "--json")


def label_files() -> list[Path]:
    directory = Path(os.environ["LEVELCAL_CACHE_DIR"]) / "labels"
    return sorted(directory.iterdir()) if directory.is_dir() else []


def sample_year() -> list[Event]:
    """The bundled sample calendar's events of 2026, as the reader gives them."""
    window = year_of(date(2026, 6, 1), ZoneInfo("America/Los_Angeles"))
    read = read_calendar(
        resources.sample_calendar().read_bytes(),
        source="sample.ics",
        span_start=window.start,
        span_end=window.end,
        tz=window.tz,
    )
    return list(read.events)


def test_a_label_does_not_depend_on_the_events_labeled_with_it() -> None:
    """What the label cache rests on: the model scores each event on its own row."""
    features = [from_event(event, frozenset()) for event in sample_year()[:400]]
    bundled = model.load(resources.model_path())
    together = label_all(features, lambda: bundled)
    alone = [label_all(features[n : n + 1], lambda: bundled)[0] for n in range(len(features))]
    halves = label_all(features[1::2], lambda: bundled), label_all(features[::2], lambda: bundled)
    assert len(together) > 100
    assert alone == together  # the same floats, not merely close ones
    assert halves[0] == together[1::2] and halves[1] == together[::2]


def test_a_repeated_report_takes_its_labels_from_the_cache(run, tmp_path: Path) -> None:
    calendar = tmp_path / "week.ics"
    calendar.write_bytes(resources.sample_calendar().read_bytes())
    fresh = run("analyze", "-c", str(calendar), *WEEK, "--no-cache")
    assert fresh.exit_code == 0 and label_files() == []  # --no-cache keeps no labels either
    first = run("analyze", "-c", str(calendar), *WEEK)
    (kept,) = label_files()
    written = kept.stat().st_ino  # each write replaces the file
    second = run("analyze", "-c", str(calendar), *WEEK)
    assert first.stdout == second.stdout == fresh.stdout
    assert kept.stat().st_ino == written  # nothing new to label: not even rewritten


def test_a_new_rule_labels_again(run, tmp_path: Path) -> None:
    calendar = tmp_path / "week.ics"
    calendar.write_bytes(resources.sample_calendar().read_bytes())
    before = json.loads(run("analyze", "-c", str(calendar), *WEEK).stdout)
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\ntitle = "."\nlevel = "beyond"\n', encoding="utf-8")
    after = json.loads(run("analyze", "-c", str(calendar), *WEEK, "--rules", str(rules)).stdout)
    assert {e["labeled_by"] for e in after["events"]} == {"rule"}
    assert {e["level"] for e in after["events"]} == {"beyond"}
    assert {e["labeled_by"] for e in before["events"]} != {"rule"}
    assert len(label_files()) == 2  # one entry per set of rules


def test_a_damaged_label_entry_is_discarded_with_a_warning(run, tmp_path: Path) -> None:
    calendar = tmp_path / "week.ics"
    calendar.write_bytes(resources.sample_calendar().read_bytes())
    first = run("analyze", "-c", str(calendar), *WEEK)
    (kept,) = label_files()
    kept.write_bytes(kept.read_bytes()[:-20])
    second = run("analyze", "-c", str(calendar), *WEEK)
    assert "is damaged or not signed with your cache key; discarded unread" in second.stderr
    assert json.loads(second.stdout)["events"] == json.loads(first.stdout)["events"]


def test_a_report_read_in_a_child_while_the_model_loads_is_the_plain_report(
    run, tmp_path: Path, generated_calendar, monkeypatch
) -> None:
    """A cold read of a large calendar runs in a forked child while the classifier loads
    here (`parallel.meanwhile`): the report is the one read without the cache, byte for byte."""
    import pytest

    from levelcal.ingest import parallel

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    monkeypatch.setattr(parallel, "WORTH_A_CHILD", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.delenv("LEVELCAL_ONE_CORE", raising=False)
    from levelcal import analysis

    warmed: list[int] = []
    warm_classifier = analysis._warm_classifier

    def spied(model) -> None:
        warmed.append(os.getpid())
        warm_classifier(model)

    monkeypatch.setattr(analysis, "_warm_classifier", spied)
    calendar = tmp_path / "export.ics"
    calendar.write_bytes(generated_calendar(1000))
    fresh = run("analyze", "-c", str(calendar), *WEEK, "--no-cache")
    cold = run("analyze", "-c", str(calendar), *WEEK)
    assert warmed == [os.getpid()]  # the model was loaded here while the child read
    warm = run("analyze", "-c", str(calendar), *WEEK)
    assert fresh.exit_code == 0 and fresh.stdout == cold.stdout == warm.stdout
    assert len(warmed) == 1  # a report from the cache reads nothing: nothing to do beside it


MALFORMED = Path(__file__).parent / "data" / "malformed"


@pytest.mark.parametrize(
    "name",
    [
        "garbage-dtstart.ics",
        "missing-dtstart.ics",
        "cr-only-line-ends.ics",
        "nul-in-one-event.ics",
        "not-icalendar.ics",
        "stray-end.ics",
    ],
)
def test_a_calendar_read_in_a_child_warns_and_fails_as_a_plain_read(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Warnings, repairs and refusals come back from the child word for word, exit code
    and all (a child that fails, on a file that is no calendar, is redone here)."""
    import re

    from levelcal.ingest import parallel

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    monkeypatch.setattr(parallel, "WORTH_A_CHILD", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.delenv("LEVELCAL_ONE_CORE", raising=False)
    calendar = tmp_path / name
    calendar.write_bytes((MALFORMED / name).read_bytes())
    day = re.search(rb"DTSTART[^:\r\n]*:(\d{4})(\d{2})(\d{2})", calendar.read_bytes())
    as_of = "-".join(part.decode() for part in day.groups()) if day else "2026-11-25"
    flags = ("--week", "--as-of", as_of, "--tz", "Europe/Berlin")
    fresh = run("analyze", "-c", str(calendar), *flags, "--no-cache")
    beside = run("analyze", "-c", str(calendar), *flags)
    assert (beside.exit_code, beside.stdout, beside.stderr) == (
        fresh.exit_code,
        fresh.stdout,
        fresh.stderr,
    )


# A value of each field the label cache leaves out, unlike any an event of the calendar has.
OTHER_VALUES = {
    "all_day": True,
    "status": Status.TENTATIVE,
    "transparent": True,
    "calendar": "Renamed calendar",
    "source": "/downloads/calendar (1).ics",
    "private": True,
    "series_title": "A series renamed",
    "created": datetime(2020, 1, 1, tzinfo=UTC),
}


def test_a_label_reads_only_the_fields_the_cache_keys_it_by() -> None:
    """The cache keys a label by `LABEL_FIELDS` (a re-exported file, another file name, keep
    their labels): every other field of an event must change nothing a label reads."""
    keyed = set(label_cache.LABEL_FIELDS)
    assert keyed | set(OTHER_VALUES) == {f.name for f in dataclasses.fields(Event)}
    assert not keyed & set(OTHER_VALUES)
    events = [e for e in sample_year() if e.attendees][:60]
    owners = frozenset({"dana@northwind.example"})
    executives = frozenset(a.email for a in events[0].attendees[:1])
    categories = [("Focus", Level.IMPLEMENTATION), ("Customer", Level.COMMUNICATION)]
    assert len(events) == 60
    for event in events:
        for name, value in OTHER_VALUES.items():
            other = dataclasses.replace(event, **{name: value})
            assert label_cache.digest(other) == label_cache.digest(event), name
            assert from_event(other.unmasked(), owners, executives) == from_event(
                event.unmasked(), owners, executives
            ), name
            assert category_level(other, categories) == category_level(event, categories), name
    # ...and a field it keys by does change the key.
    moved = dataclasses.replace(events[0], title=events[0].title + " (moved)")
    assert label_cache.digest(moved) != label_cache.digest(events[0])


def test_a_renamed_export_keeps_its_labels(run, tmp_path: Path) -> None:
    first = tmp_path / "calendar.ics"
    first.write_bytes(resources.sample_calendar().read_bytes())
    before = run("analyze", "-c", str(first), *WEEK)
    (kept,) = label_files()
    written = kept.stat().st_ino
    renamed = tmp_path / "calendar (1).ics"
    first.rename(renamed)
    after = run("analyze", "-c", str(renamed), *WEEK)

    def labels(result) -> list[tuple[str, str, float]]:
        events = json.loads(result.stdout)["events"]
        return [(e["title"], e["level"], e["confidence"]) for e in events]

    assert labels(after) == labels(before)
    assert kept.stat().st_ino == written  # every label came from the cache: nothing new
