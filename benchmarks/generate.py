"""A reproducible executive's calendar export, of any size, for the benchmarks.

`python benchmarks/generate.py 50000 out.ics` writes about 50,000 VEVENT blocks
(about 24 MB) spanning years up to the reference day: one-off meetings with
attendees and pasted conference boilerplate, recurring series (weekly 1:1s,
daily stand-ups, monthly reviews) some ending with UNTIL or COUNT and some
open-ended, EXDATEs, moved and cancelled instances (RECURRENCE-ID overrides),
all-day markers, events in two VTIMEZONEs and in UTC. The same size and seed
always give the same bytes.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

REFERENCE_DAY = date(2026, 11, 25)  # the benchmarks' "today"
OWNER = "dana.whitfield@northwind.example"

VTIMEZONES = {
    "America/New_York": (
        "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
        "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"
        "DTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\n"
        "DTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n"
    ),
    "Europe/Berlin": (
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
        "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
        "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
        "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n"
    ),
}
HOME_ZONE = "America/New_York"

ONE_OFF_TITLES = (
    "Fix flaky checkout test",
    "Review PR #{n} for the billing service",
    "Write Q{q} board memo",
    "Debug prod alert on payments",
    "Interview: senior backend engineer",
    "Budget review with finance",
    "Customer call: {company} renewal",
    "Hiring committee",
    "Offsite planning: {year} strategy",
    "Draft the {year} product vision",
    "All-hands prep",
    "Coffee with {name}",
    "Dentist",
    "Pick up kids",
    "Lunch",
    "Vendor pitch: {company}",
    "Incident postmortem #{n}",
    "Roadmap alignment with product",
    "Escalation: {company} outage",
    "Board meeting",
    "Investor update call",
    "Deep work: pricing model spreadsheet",
    "Performance review: {name}",
    "Headcount planning",
    "Press interview with {company} Weekly",
    "Partnership exploration: {company}",
    "Migrate CI runners",
    "Design review: search ranking",
    "Gym",
    "Flight to {city}",
)
SERIES_TITLES = (
    ("1:1 {name} / Dana", "WEEKLY", 30),
    ("Engineering stand-up", "DAILY", 15),
    ("Staff meeting", "WEEKLY", 60),
    ("Monthly business review", "MONTHLY", 90),
    ("Pipeline review", "WEEKLY", 45),
    ("Quarterly planning", "MONTHLY", 120),
    ("Architecture office hours", "WEEKLY", 60),
    ("Skip-level with {name}", "MONTHLY", 30),
)
NAMES = (
    "Priya Raman",
    "Tomás Ortega",
    "Mei Chen",
    "Jonas Becker",
    "Amara Okafor",
    "Luca Moretti",
    "Sofia Lindqvist",
    "Kenji Watanabe",
    "Fatima Haddad",
    "Noah Goldberg",
)
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne")
CITIES = ("Berlin", "Austin", "Tokyo", "São Paulo", "Lisbon")
BOILERPLATE = (
    "────────────────\\nJoin Zoom Meeting\\nhttps://northwind.zoom.us/j/{meeting}"
    "?pwd=Zk9xQ2RmT0tMbXBz\\n\\nMeeting ID: {meeting_spaced}\\nPasscode: 481516\\n\\n"
    "One tap mobile\\n+13126266799,,{meeting}# US (Chicago)\\n────────────────"
)


def _email(name: str, external: bool) -> str:
    local = name.lower().replace(" ", ".").replace("á", "a")
    return f"{local}@{'globex.example' if external else 'northwind.example'}"


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines longer than 75 octets continue after CRLF and a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start = [], 0
    while start < len(data):
        end = min(start + (75 if not parts else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # not inside a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
    return "\r\n ".join(parts) + "\r\n"


class _Writer:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.lines: list[str] = []
        self.blocks = 0
        self.serial = 0

    def title(self, template: str) -> str:
        pick = self.random.choice
        return template.format(
            n=self.random.randint(100, 9999),
            q=self.random.randint(1, 4),
            year=self.random.randint(2022, 2027),
            company=pick(COMPANIES),
            name=pick(NAMES),
            city=pick(CITIES),
        )

    def stamp(self, when: datetime, zone: str | None) -> str:
        if zone is None:
            return f":{when:%Y%m%dT%H%M%S}Z"
        return f";TZID={zone}:{when:%Y%m%dT%H%M%S}"

    def event(
        self,
        *,
        uid: str,
        title: str,
        start: datetime,
        minutes: int,
        zone: str | None,
        extra: tuple[str, ...] = (),
        all_day: bool = False,
    ) -> None:
        rnd = self.random
        lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{REFERENCE_DAY:%Y%m%d}T090000Z"]
        if all_day:
            lines += [
                f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
                "TRANSP:TRANSPARENT",
            ]
        else:
            lines.append("DTSTART" + self.stamp(start, zone))
            if rnd.random() < 0.15:
                lines.append(f"DURATION:PT{minutes // 60}H{minutes % 60}M")
            else:
                lines.append("DTEND" + self.stamp(start + timedelta(minutes=minutes), zone))
        lines.append(f"SUMMARY:{title}")
        lines += extra
        if not all_day:
            people = rnd.sample(NAMES, rnd.choice((0, 0, 1, 1, 2, 3, 5)))
            external = rnd.random() < 0.2
            if people:
                lines.append(f"ORGANIZER;CN=Dana Whitfield:mailto:{OWNER}")
                lines.append(
                    f"ATTENDEE;CN=Dana Whitfield;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:"
                    f"mailto:{OWNER}"
                )
            for index, person in enumerate(people):
                status = rnd.choice(("ACCEPTED", "ACCEPTED", "TENTATIVE", "NEEDS-ACTION"))
                email = _email(person, external and index == 0)
                lines.append(f"ATTENDEE;CN={person};PARTSTAT={status}:mailto:{email}")
            if people and rnd.random() < 0.3:
                meeting = str(rnd.randint(10**9, 10**10 - 1))
                spaced = f"{meeting[:3]} {meeting[3:7]} {meeting[7:]}"
                description = BOILERPLATE.format(meeting=meeting, meeting_spaced=spaced)
                lines.append(f"DESCRIPTION:Agenda: {title.lower()}.\\n{description}")
                lines.append(f"LOCATION:https://northwind.zoom.us/j/{meeting}")
            elif rnd.random() < 0.3:
                lines.append(f"LOCATION:{rnd.choice(CITIES)} office\\, room {rnd.randint(1, 40)}")
        if not any(line.startswith("STATUS:") for line in extra):  # one STATUS (RFC 5545)
            lines.append("STATUS:CONFIRMED")
        lines.append("END:VEVENT")
        self.lines.extend(_fold(line) for line in lines)
        self.blocks += 1

    def next_uid(self) -> str:
        self.serial += 1
        return f"{self.serial:07d}-{self.random.getrandbits(40):010x}@northwind.example"


def _working_slot(rnd: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, rnd.randint(8, 17), rnd.choice((0, 15, 30, 45)))


def generate(events: int, seed: int = 2026) -> str:
    """An .ics calendar with about `events` VEVENT blocks, ending at REFERENCE_DAY."""
    writer = _Writer(seed)
    rnd = writer.random
    years = max(1, min(8, events // 6000 + 1))
    first_day = REFERENCE_DAY - timedelta(days=365 * years)
    days = (REFERENCE_DAY + timedelta(days=60) - first_day).days
    series_count = max(2, events // 250)
    override_share = 0.15  # of the blocks: moved or cancelled instances
    for number in range(series_count):
        template, frequency, minutes = SERIES_TITLES[number % len(SERIES_TITLES)]
        zone = rnd.choice((HOME_ZONE, HOME_ZONE, "Europe/Berlin"))
        start_day = first_day + timedelta(days=rnd.randrange(days - 60))
        start = _working_slot(rnd, start_day)
        while start.weekday() >= 5:
            start += timedelta(days=1)
        rule = f"RRULE:FREQ={frequency}"
        if frequency == "DAILY":
            rule += ";BYDAY=MO,TU,WE,TH,FR"
        step = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 28}[frequency]
        last = datetime.combine(REFERENCE_DAY + timedelta(days=60), start.time())
        ending = rnd.random()
        if ending < 0.4:
            until = start + timedelta(days=rnd.randint(30, 900))
            rule += f";UNTIL={until:%Y%m%dT%H%M%S}Z"
            last = min(last, until - timedelta(days=1))
        elif ending < 0.55:
            count = rnd.randint(5, 120)
            rule += f";COUNT={count}"
            last = min(last, start + timedelta(days=step * (count - 1)))  # weekdays: fewer
        uid = writer.next_uid()
        title = writer.title(template)
        exdates = tuple(
            f"EXDATE;TZID={zone}:{start + timedelta(weeks=rnd.randint(1, 60)):%Y%m%dT%H%M%S}"
            for _ in range(rnd.randint(0, 3))
        )
        writer.event(
            uid=uid,
            title=title,
            start=start,
            minutes=minutes,
            zone=zone,
            extra=(rule, *exdates),
        )
        if frequency == "MONTHLY":
            continue  # its instances are not a fixed step apart: no overrides
        originals: set[datetime] = set()
        for _ in range(int(2 * events * override_share / series_count)):
            original = start + timedelta(days=step * rnd.randint(1, 400))
            if original.weekday() >= 5:  # stand-ups are on weekdays: move to Monday
                original += timedelta(days=7 - original.weekday())
            if original > last or original in originals:
                continue
            originals.add(original)
            moved = original + timedelta(minutes=rnd.choice((-60, -30, 30, 60, 24 * 60)))
            cancelled = rnd.random() < 0.25
            writer.event(
                uid=uid,
                title=title + (" (moved)" if not cancelled else ""),
                start=moved,
                minutes=minutes,
                zone=zone,
                extra=(
                    f"RECURRENCE-ID;TZID={zone}:{original:%Y%m%dT%H%M%S}",
                    *(("STATUS:CANCELLED",) if cancelled else ()),
                ),
            )
    while writer.blocks < events:
        day = first_day + timedelta(days=rnd.randrange(days))
        if rnd.random() < 0.04:
            writer.event(
                uid=writer.next_uid(),
                title=rnd.choice(("Out of office", "Conference", "Public holiday")),
                start=datetime(day.year, day.month, day.day),
                minutes=0,
                zone=None,
                all_day=True,
            )
            continue
        if day.weekday() >= 5 and rnd.random() < 0.8:
            continue
        zone = rnd.choice((HOME_ZONE, HOME_ZONE, HOME_ZONE, "Europe/Berlin", None))
        writer.event(
            uid=writer.next_uid(),
            title=writer.title(rnd.choice(ONE_OFF_TITLES)),
            start=_working_slot(rnd, day),
            minutes=rnd.choice((15, 25, 30, 30, 45, 60, 60, 90, 120)),
            zone=zone,
        )
    header = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "PRODID:-//levelcal//benchmark generator//EN\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
        f"X-WR-CALNAME:{OWNER}\r\nX-WR-TIMEZONE:{HOME_ZONE}\r\n"
    )
    return header + "".join(VTIMEZONES.values()) + "".join(writer.lines) + "END:VCALENDAR\r\n"


def reexport(text: str, share: float = 0.01, seed: int = 18) -> str:
    """The same calendar exported again a little later: `share` of its VEVENT blocks
    changed (a title edited, a one-off event moved by a day, an event deleted), the
    rest byte for byte the same."""
    rnd = random.Random(seed)
    head, _, rest = text.partition("BEGIN:VEVENT\r\n")
    body, end, tail = ("BEGIN:VEVENT\r\n" + rest).rpartition("END:VEVENT\r\n")
    blocks = [block + end for block in (body + end).split(end)][:-1]
    for number in rnd.sample(range(len(blocks)), int(len(blocks) * share)):
        block, change = blocks[number], rnd.random()
        if change < 0.2:
            blocks[number] = ""  # deleted
        elif change < 0.5 and "RRULE" not in block and "RECURRENCE-ID" not in block:
            day = block.split("DTSTART", 1)[1].split(":", 1)[1][:8]
            later = datetime.strptime(day, "%Y%m%d") + timedelta(days=1)
            blocks[number] = block.replace(day, f"{later:%Y%m%d}")  # moved by a day
        else:
            blocks[number] = block.replace("\r\nSUMMARY:", "\r\nSUMMARY:Updated: ", 1)
    return head + "".join(blocks) + tail


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: generate.py EVENTS OUT.ics")
    text = generate(int(sys.argv[1]))
    Path(sys.argv[2]).write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
