"""The accounting rules of the README, each on events built by hand."""

import random
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from levelcal.accounting import account
from levelcal.events import Attendee, Event, Status
from levelcal.window import between

TZ = ZoneInfo("America/New_York")
WINDOW = between(date(2026, 3, 2), date(2026, 3, 3), TZ)  # Monday 2 March, 24 hours
ME = frozenset({"me@example.com"})


def at(hour: float, day: int = 2) -> datetime:
    return datetime(2026, 3, day, tzinfo=TZ) + timedelta(hours=hour)


def event(uid: str, start: datetime, end: datetime, **fields) -> Event:
    return Event(uid=uid, recurrence_id=None, title=uid, start=start, end=end, **fields)


def hours_of(accounting) -> dict[str, float]:
    return {item.event.uid: item.hours for item in accounting.counted}


def test_overlap_is_shared_equally_and_busy_time_is_the_union():
    result = account([event("a", at(9), at(10)), event("b", at(9.5), at(10.5))], WINDOW, ME)
    # 9:00-9:30 a alone (0.5), 9:30-10:00 shared (0.25 each), 10:00-10:30 b alone (0.5).
    assert hours_of(result) == {"a": 0.75, "b": 0.75}
    assert result.busy_hours == 1.5


def test_three_way_overlap_keeps_exact_thirds():
    events = [event(uid, at(9), at(10)) for uid in "abc"]
    result = account(events, WINDOW, ME)
    assert [item.attributed_seconds for item in result.counted] == [Fraction(1200)] * 3
    assert result.busy_seconds == 3600


def test_events_count_only_inside_the_window():
    overnight = event("night", at(22, day=1), at(2))  # 22:00 the day before to 02:00
    late = event("late", at(23), at(1, day=3))
    outside = event("outside", at(10, day=3), at(11, day=3))
    result = account([overnight, late, outside], WINDOW, ME)
    assert hours_of(result) == {"night": 2.0, "late": 1.0}


def test_exclusions_are_counted_by_reason_and_never_as_hours():
    events = [
        event("cancelled", at(9), at(10), status=Status.CANCELLED),
        event(
            "declined", at(9), at(10), attendees=(Attendee("me@example.com", "Me", declined=True),)
        ),
        event(
            "someone else declined",
            at(11),
            at(12),
            attendees=(Attendee("bo@example.com", "Bo", declined=True),),
        ),
        event("free", at(13), at(14), transparent=True),
        event(
            "holiday",
            datetime(2026, 3, 2, tzinfo=TZ),
            datetime(2026, 3, 3, tzinfo=TZ),
            all_day=True,
        ),
        event("kept", at(15), at(16)),
    ]
    result = account(events, WINDOW, ME, broken=2)
    assert hours_of(result) == {"someone else declined": 1.0, "kept": 1.0}
    assert (result.excluded.cancelled, result.excluded.declined, result.excluded.free) == (1, 1, 1)
    assert result.excluded.broken == 2
    assert [e.uid for e in result.all_day] == ["holiday"]
    assert result.busy_hours == 2.0


def test_a_cancelled_event_does_not_dilute_an_overlapping_one():
    result = account(
        [event("real", at(9), at(10)), event("gone", at(9), at(10), status=Status.CANCELLED)],
        WINDOW,
        ME,
    )
    assert hours_of(result) == {"real": 1.0}


def test_zero_length_events_are_listed_with_zero_hours():
    result = account(
        [event("reminder", at(9), at(9)), event("at end", at(0, 3), at(0, 3))], WINDOW, ME
    )
    assert hours_of(result) == {"reminder": 0.0}


def test_the_same_occurrence_from_two_sources_counts_once():
    first = event("x", at(9), at(10), source="a.ics")
    second = event("x", at(9), at(10), source="b.ics")
    result = account([first, second], WINDOW, ME)
    assert result.busy_hours == 1.0 and len(result.counted) == 1
    assert result.excluded.duplicate == 1


def test_hours_across_the_spring_change_are_elapsed_hours():
    # New York springs forward on 2026-03-08 at 02:00: 00:00-05:00 local is 4 elapsed hours.
    window = between(date(2026, 3, 8), date(2026, 3, 9), TZ)
    result = account([event("night", at(0, 8), at(5, 8))], window, ME)
    assert window.hours == 23
    assert result.busy_hours == 4.0


def test_hours_are_the_float_of_the_exact_quotient() -> None:
    """`CountedEvent.hours` skips building seconds / 3600; the float must be the same."""
    import random
    from fractions import Fraction

    from levelcal.accounting import _hours

    rnd = random.Random(18)
    for _ in range(20_000):
        seconds = Fraction(
            rnd.randrange(10**12), rnd.choice([1, 2, 3, 7, 60, rnd.randrange(1, 10**9)])
        )
        assert _hours(seconds) == float(seconds / 3600), seconds


def test_shares_match_a_minute_by_minute_count_however_many_overlap():
    # Each minute of the day covered by k counted events gives each of them 60/k seconds.
    chooser = random.Random(42)
    for trial in range(40):
        spans = []
        for number in range(chooser.randint(1, 60)):
            first = chooser.randrange(0, 24 * 60 - 1)
            spans.append((f"e{number}", first, chooser.randint(first + 1, min(first + 240, 1440))))
        events = [event(uid, at(a / 60), at(b / 60)) for uid, a, b in spans]
        expected = {uid: Fraction(0) for uid, _, _ in spans}
        for minute in range(24 * 60):
            covering = [uid for uid, a, b in spans if a <= minute < b]
            for uid in covering:
                expected[uid] += Fraction(60, len(covering))
        result = account(events, WINDOW, ME)
        assert {i.event.uid: i.attributed_seconds for i in result.counted} == expected, trial
        assert result.busy_seconds == 60 * sum(
            any(a <= minute < b for _, a, b in spans) for minute in range(24 * 60)
        )
