"""Hypothesis strategies: calendars a client could write, and mutations of them."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st

from calendars import BERLIN_VTIMEZONE, vcalendar, vevent

FIRST = datetime(2026, 3, 1)  # the generated events fall around 2-9 March 2026


@st.composite
def vevents(draw: st.DrawFn, index: int) -> str:
    start = FIRST + timedelta(minutes=15 * draw(st.integers(0, 4 * 24 * 10)))
    zone = draw(st.sampled_from(["Z", "berlin", "floating"]))

    def stamp(moment: datetime) -> str:
        text = moment.strftime("%Y%m%dT%H%M%S")
        if zone == "Z":
            return f":{text}Z"
        return f";TZID=Europe/Berlin:{text}" if zone == "berlin" else f":{text}"

    lines = []
    if draw(st.booleans()) and not draw(st.booleans()):  # a quarter are all-day
        lines += [
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        ]
    else:
        lines.append(f"DTSTART{stamp(start)}")
        minutes = draw(st.integers(0, 600))
        if draw(st.booleans()):
            lines.append(f"DTEND{stamp(start + timedelta(minutes=minutes))}")
        else:
            lines.append(f"DURATION:PT{minutes}M")
    if draw(st.integers(0, 3)) == 0:
        frequency = draw(st.sampled_from(["DAILY", "WEEKLY"]))
        lines.append(f"RRULE:FREQ={frequency};COUNT={draw(st.integers(1, 8))}")
    status = draw(st.sampled_from([None, None, None, "CONFIRMED", "TENTATIVE", "CANCELLED"]))
    if status:
        lines.append(f"STATUS:{status}")
    if draw(st.integers(0, 5)) == 0:
        lines.append("TRANSP:TRANSPARENT")
    title = draw(st.sampled_from(["Standup", "1:1", "Board meeting", "Focus", "Lunch", "Sync"]))
    return vevent(f"event-{index}@gen", title, *lines)


@st.composite
def calendars(draw: st.DrawFn) -> list[str]:
    """The VEVENT blocks of a calendar; join them with `as_bytes`."""
    count = draw(st.integers(0, 12))
    return [draw(vevents(index)) for index in range(count)]


def as_bytes(blocks: list[str]) -> bytes:
    return vcalendar(BERLIN_VTIMEZONE, *blocks)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid calendar, then damaged the way files get damaged."""
    lines = as_bytes(draw(calendars())).decode().split("\r\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "copy", "swap", "garble", "cut", "insert"]))
        if action == "drop":
            del lines[at]
        elif action == "copy":
            lines.insert(at, lines[at])
        elif action == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "garble":
            name = lines[at].partition(":")[0]
            lines[at] = f"{name}:{draw(st.text(max_size=30))}"
        elif action == "cut":
            lines = lines[: at + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        else:
            lines.insert(at, draw(st.text(max_size=40)))
    data = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    return data
