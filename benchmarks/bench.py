"""`make bench`: how fast levelcal starts, reads big calendars, classifies and learns.

On calendars of about 1k, 10k and 50k events made by `generate.py` (years of
history, recurring series with exceptions, attendees, VTIMEZONEs), it times:

- cold runs (empty cache) of `analyze --week`, `--year` and `--week --json`;
- warm runs (cache filled by the cold ones) of `--week` and `--year`;
- the floor: icalendar parsing the whole file plus recurring-ical-events
  expanding the same week, in a process of its own, and levelcal's cold
  `--week` as a ratio of it; the two must find the same occurrences;
- peak memory (maximum resident set) of each process;
- `levelcal --help`, model load, classifying 10,000 events, a personal retrain.

It prints a table and writes .benchmarks/results.json. Every time is the best
of a few runs on this machine; compare numbers from the same machine only.
`python benchmarks/bench.py 1000 10000` measures only those sizes.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".benchmarks"
RESULTS = OUT / "results.json"
LEVELCAL = [sys.executable, "-m", "levelcal.cli"]
SIZES = (1_000, 10_000, 50_000)
AS_OF = "2026-11-25"  # generate.REFERENCE_DAY
ZONE = "America/New_York"
FLOOR = """
import json, sys, time
from datetime import date, datetime, time as clock, timedelta
from zoneinfo import ZoneInfo
started = time.perf_counter()
import icalendar, recurring_ical_events
data = open(sys.argv[1], "rb").read()
calendar = icalendar.Calendar.from_ical(data)
parsed = time.perf_counter()
zone = ZoneInfo(sys.argv[2])
today = date.fromisoformat(sys.argv[3])
monday = datetime.combine(today - timedelta(days=today.weekday()), clock(0), zone)
found = recurring_ical_events.of(calendar).between(monday, monday + timedelta(days=7))
occurrences = []
for event in found:
    start = event.decoded("DTSTART")
    if isinstance(start, datetime):
        start = start if start.tzinfo else start.replace(tzinfo=zone)
        occurrences.append([str(event.get("UID")), start.timestamp()])
expanded = time.perf_counter()
print(json.dumps({"parse": parsed - started, "expand": expanded - parsed,
                  "occurrences": sorted(occurrences)}))
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak resident memory in MB, and stdout of one process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        assert process.stderr is not None
        errors = process.stderr.read().decode(errors="replace")
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
        output.seek(0)
        return seconds, usage.ru_maxrss / 1024, output.read().decode()


def best_of(runs: int, command: list[str], env: dict[str, str], cold_cache: Path | None = None):
    """Best time of `runs`, and the largest peak memory seen; clears `cold_cache` first."""
    seconds, memory, output = [], [], ""
    for _ in range(runs):
        if cold_cache is not None:
            subprocess.run(["rm", "-rf", str(cold_cache)], check=True)
        took, peak, output = timed(command, env)
        seconds.append(took)
        memory.append(peak)
    return min(seconds), max(memory), output


def calendar_file(events: int) -> Path:
    """The generated calendar of that size, made once and kept in .benchmarks/."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    path = OUT / "calendars" / f"generated-{events}.ics"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate.generate(events), encoding="utf-8", newline="")
    return path


def our_occurrences(path: Path) -> list[list[object]]:  # run in a process of its own
    """The occurrences levelcal reads for the floor's week, the same way the floor lists them."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from levelcal.ingest.ics import read_calendar
    from levelcal.window import week_of

    window = week_of(date.fromisoformat(AS_OF), ZoneInfo(ZONE))
    read = read_calendar(
        path.read_bytes(),
        source=path.name,
        span_start=window.start,
        span_end=window.end,
        tz=window.tz,
    )

    def in_week(start: datetime, end: datetime) -> bool:  # as recurring-ical-events counts
        return start < window.end and (end > window.start or start == end >= window.start)

    return sorted(
        [e.uid, e.start.timestamp()]
        for e in read.events
        if not e.all_day and in_week(e.start, e.end)
    )


def calendar_rows(events: int, env: dict[str, str], cache: Path) -> dict[str, object]:
    path = calendar_file(events)
    analyze = [*LEVELCAL, "analyze", "-c", str(path), "--as-of", AS_OF, "--tz", ZONE]
    runs = 3 if events <= 10_000 else 1
    week, week_mb, _ = best_of(runs, [*analyze, "--week"], env, cold_cache=cache)
    json_week, json_mb, _ = best_of(runs, [*analyze, "--week", "--json"], env, cold_cache=cache)
    year, year_mb, _ = best_of(runs, [*analyze, "--year"], env, cold_cache=cache)
    warm_week, warm_week_mb, _ = best_of(3, [*analyze, "--week"], env)
    warm_year, warm_year_mb, _ = best_of(3, [*analyze, "--year"], env)
    floor, floor_mb, printed = best_of(
        runs, [sys.executable, "-c", FLOOR, str(path), ZONE, AS_OF], env
    )
    floor_found = json.loads(printed)
    ours = json.loads(timed([sys.executable, __file__, "--occurrences", str(path)], env)[2])
    same = floor_found["occurrences"] == ours
    return {
        "file": f"{path.stat().st_size / 1e6:.1f} MB",
        "cold --week (s)": week,
        "cold --week --json (s)": json_week,
        "cold --year (s)": year,
        "warm --week (s)": warm_week,
        "warm --year (s)": warm_year,
        "floor: icalendar + recurring-ical-events, one week (s)": floor,
        "floor parse / expand (s)": f"{floor_found['parse']:.2f} / {floor_found['expand']:.2f}",
        "floor / cold --week (x faster)": floor / week,
        "floor / cold --year (x faster)": floor / year,
        "same occurrences as the floor": same,
        "occurrences in the week": len(floor_found["occurrences"]),
        "peak memory, cold --week / --year (MB)": f"{week_mb:.0f} / {year_mb:.0f}",
        "peak memory, --json / warm (MB)": f"{json_mb:.0f} / {max(warm_week_mb, warm_year_mb):.0f}",
        "peak memory, floor (MB)": f"{floor_mb:.0f}",
    }


def classifier_rows(scratch: str) -> dict[str, object]:  # run in a process of its own
    from levelcal import resources
    from levelcal.classify import corpus, personal, speed
    from levelcal.classify.features import EventFeatures
    from levelcal.levels import Level

    rows = [e.features for e in corpus.read_rows(resources.corpus_dir())]
    # 10,000 distinct events: corpus rows, each title made unique.
    distinct = [
        replace(rows[i % len(rows)], title=f"{rows[i % len(rows)].title} #{i}")
        for i in range(speed.EVENTS)
    ]
    scoring = speed.measure(resources.model_path(), distinct)
    os.environ["LEVELCAL_DATA_DIR"] = scratch
    correction = personal.Correction(
        EventFeatures(title="Pod Orca jam", attendees=5), Level.UNIFICATION
    )
    return {
        "model load (s)": scoring.load_seconds,
        f"classify {speed.EVENTS:,} distinct events (s)": scoring.score_seconds,
        "retrain personal model, 1 correction (s)": min(
            personal.retrain([correction])[1] for _ in range(2)
        ),
    }


def show(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main() -> None:
    """The parent stays small: what loads levelcal runs in child processes, whose peak
    memory (which includes whatever the parent held when it forked them) is measured."""
    from levelcal import resources

    if sys.argv[1:2] == ["--occurrences"]:
        print(json.dumps(our_occurrences(Path(sys.argv[2]))))
        return
    if sys.argv[1:2] == ["--classifier"]:
        print(json.dumps(classifier_rows(sys.argv[2])))
        return
    sizes = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    scratch = tempfile.mkdtemp(prefix="levelcal-bench-")
    cache = Path(scratch) / "cache"
    env = {
        **os.environ,
        "LEVELCAL_CONFIG_DIR": scratch,
        "LEVELCAL_DATA_DIR": scratch,
        "LEVELCAL_CACHE_DIR": str(cache),
    }
    sample = str(resources.sample_calendar())
    help_seconds, help_mb, _ = best_of(5, [*LEVELCAL, "--help"], env)
    sample_week, _, _ = best_of(
        3, [*LEVELCAL, "analyze", "-c", sample, "--week", "--as-of", AS_OF], env, cold_cache=cache
    )
    general: dict[str, object] = {
        "machine": f"{platform.machine()} {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs",
        "levelcal --help (s)": help_seconds,
        "levelcal --help, peak memory (MB)": f"{help_mb:.0f}",
        "analyze --week, bundled sample, cold (s)": sample_week,
        **json.loads(timed([sys.executable, __file__, "--classifier", scratch], env)[2]),
    }
    for name, value in general.items():
        print(f"{name:<55} {show(value)}", flush=True)
    calendars = {}
    for events in sizes:
        calendars[f"{events:,} events"] = calendar_rows(events, env, cache)
        print(f"\n{events:,} events", flush=True)
        for name, value in calendars[f"{events:,} events"].items():
            print(f"  {name:<55} {show(value)}", flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    results = {**general, "calendars": calendars}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
