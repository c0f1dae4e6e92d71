"""`make bench`: how fast levelcal starts, reads big calendars, classifies and learns.

On calendars of about 1k, 10k and 50k events made by `generate.py` (years of
history, recurring series with exceptions, attendees, VTIMEZONEs), it times:

- cold runs (empty cache) of `analyze --week`, `--year` and `--week --json`;
- a re-export: the same calendar with 1% of its VEVENT blocks changed
  (`generate.reexport`), read for the week after the original was read;
- warm runs (cache filled by the cold ones) of `--week` and `--year`;
- the floor: icalendar parsing the whole file plus recurring-ical-events
  expanding the same week, in a process of its own, and levelcal's cold
  `--week` and `--year` as ratios of it; the two must find the same occurrences;
- khal, a peer that keeps its own SQLite cache of instances (`khal import`
  once, then `khal list` for the same week and year), as a ratio of levelcal's
  warm runs; skipped, with a note, when khal is not installed (the dev extra);
- peak memory: of the largest process (maximum resident set), and of the whole
  process tree, forked workers included (proportional set size, sampled);
- `levelcal --help`, model load, classifying 10,000 events, a personal retrain.

levelcal's modules are compiled to bytecode first, as an installed wheel's are.
It prints a table, writes .benchmarks/results.json and benchmarks/RESULTS.md
(with the targets of issue 18 and whether each is met). Every time is the best
of a few runs on this machine; compare numbers from the same machine only.
`python benchmarks/bench.py 1000 10000` measures only those sizes.
"""

from __future__ import annotations

import compileall
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".benchmarks"
RESULTS = OUT / "results.json"
REPORT = ROOT / "benchmarks" / "RESULTS.md"
LEVELCAL = [sys.executable, "-m", "levelcal.cli"]
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
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


PEAKS: dict[str, float] = {}  # command -> peak memory of its process tree (MB, sampled)
LAST_CPU = [0.0]  # least CPU seconds (user + system, workers included) of the last best_of


def tree_memory(pid: int) -> float:
    """Proportional set size of a process and its descendants, in MB (Linux; 0 elsewhere):
    pages a forked worker shares with its parent are counted once."""
    total, waiting = 0, [pid]
    while waiting:
        current = waiting.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += next(
                int(line.split()[1]) for line in rollup.splitlines() if line[:4] == "Pss:"
            )
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration, ValueError):
            continue
        waiting += [int(child) for child in children]
    return total / 1024


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak resident memory in MB, and stdout of one process; the peak memory of
    its whole process tree goes to PEAKS."""
    started = time.perf_counter()
    # A child forked from this process starts with its memory (this process holds the big
    # generated files), and Linux keeps that in the child's ru_maxrss across exec: GNU
    # time, small itself, reports the command's own peak instead.
    key = " ".join(command)
    handle, peak_file = tempfile.mkstemp()
    os.close(handle)
    if GNU_TIME:
        command = [GNU_TIME, "-f", "%M", "-o", peak_file, *command]
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.PIPE, env=env)
        tree_peak = [0.0]
        finished = threading.Event()

        def sample() -> None:
            while not finished.wait(0.02):
                tree_peak[0] = max(tree_peak[0], tree_memory(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        finished.set()
        sampler.join()
        PEAKS[key] = max(PEAKS.get(key, 0.0), tree_peak[0])
        LAST_CPU.append(usage.ru_utime + usage.ru_stime)
        assert process.stderr is not None
        errors = process.stderr.read().decode(errors="replace")
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
        output.seek(0)
        peak = usage.ru_maxrss / 1024
        with contextlib.suppress(ValueError, OSError):
            peak = int(Path(peak_file).read_text().split()[-1]) / 1024
        os.unlink(peak_file)
        return seconds, peak, output.read().decode()


def best_of(
    runs: int,
    command: list[str],
    env: dict[str, str],
    cold_cache: Path | None = None,
    before: list[str] | None = None,
):
    """Best time of `runs`, and the largest peak memory seen; clears `cold_cache` first,
    then runs `before` (untimed) if given."""
    seconds, memory, output, cpu = [], [], "", []
    for _ in range(runs):
        if cold_cache is not None:
            shutil.rmtree(cold_cache, ignore_errors=True)
        if before is not None:
            timed(before, env)
        del LAST_CPU[:]
        took, peak, output = timed(command, env)
        seconds.append(took)
        memory.append(peak)
        cpu.append(LAST_CPU[-1])
    LAST_CPU[:] = [min(cpu)]
    return min(seconds), max(memory), output


def calendar_file(events: int) -> Path:
    """The generated calendar of that size, made once and kept in .benchmarks/."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    path = OUT / "calendars" / f"generated-{events}.ics"
    again = path.with_name(f"reexported-{events}.ics")
    if not path.is_file() or not again.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = generate.generate(events)
        path.write_text(text, encoding="utf-8", newline="")
        again.write_text(generate.reexport(text), encoding="utf-8", newline="")
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
    reexported = path.with_name(f"reexported-{events}.ics")

    def analyze(calendar: Path, *flags: str) -> list[str]:
        return [*LEVELCAL, "analyze", "-c", str(calendar), "--as-of", AS_OF, "--tz", ZONE, *flags]

    runs = 3 if events <= 10_000 else 2
    week, week_mb, _ = best_of(runs, analyze(path, "--week"), env, cold_cache=cache)
    week_cpu = LAST_CPU[0]
    json_week, json_mb, _ = best_of(runs, analyze(path, "--week", "--json"), env, cold_cache=cache)
    again, again_mb, _ = best_of(
        runs, analyze(reexported, "--week"), env, cold_cache=cache, before=analyze(path, "--week")
    )
    again_cpu = LAST_CPU[0]
    year, year_mb, _ = best_of(runs, analyze(path, "--year"), env, cold_cache=cache)
    year_cpu = LAST_CPU[0]
    year_tree = PEAKS[" ".join(analyze(path, "--year"))]
    warm_week, warm_week_mb, _ = best_of(5, analyze(path, "--week"), env)
    warm_cpu = LAST_CPU[0]
    warm_year, warm_year_mb, _ = best_of(3, analyze(path, "--year"), env)
    floor, floor_mb, printed = best_of(
        1 if events > 10_000 else 3, [sys.executable, "-c", FLOOR, str(path), ZONE, AS_OF], env
    )
    floor_found = json.loads(printed)
    ours = json.loads(timed([sys.executable, __file__, "--occurrences", str(path)], env)[2])
    same = floor_found["occurrences"] == ours
    return {
        "file": f"{path.stat().st_size / 1e6:.1f} MB",
        "cold --week (s)": week,
        "cold --week --json (s)": json_week,
        "re-export, 1% of blocks changed, --week (s)": again,
        "cold --year (s)": year,
        "warm --week (s)": warm_week,
        "warm --year (s)": warm_year,
        "floor: icalendar + recurring-ical-events, one week (s)": floor,
        "floor parse / expand (s)": f"{floor_found['parse']:.2f} / {floor_found['expand']:.2f}",
        "floor / cold --week (x faster)": floor / week,
        "floor / cold --year (x faster)": floor / year,
        "CPU seconds (both cores), cold --week / re-export / cold --year": (
            f"{week_cpu:.2f} / {again_cpu:.2f} / {year_cpu:.2f}"
        ),
        "CPU seconds, warm --week": warm_cpu,
        "same occurrences as the floor": same,
        "occurrences in the week": len(floor_found["occurrences"]),
        "peak memory, cold --week / --year (MB)": f"{week_mb:.0f} / {year_mb:.0f}",
        "peak memory, cold --year, process tree (MB)": f"{year_tree:.0f}",
        "peak memory, --json / re-export / warm (MB)": f"{json_mb:.0f} / {again_mb:.0f} / "
        f"{max(warm_week_mb, warm_year_mb):.0f}",
        "peak memory, floor (MB)": f"{floor_mb:.0f}",
        **peer_rows(path, env, warm_week, warm_year),
    }


def peer_rows(path: Path, env: dict[str, str], week: float, year: float) -> dict[str, object]:
    """khal's rows, or what stopped it: a peer that fails on a file is a finding too."""
    try:
        return khal_rows(path, env, week, year)
    except SystemExit as failure:
        last = str(failure).strip().splitlines()[-1]
        return {"khal": f"failed on this file: {last}"}


KHAL_CONFIG = """[calendars]
[[bench]]
path = {vdir}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}
[sqlite]
path = {database}
"""


# `khal import` takes some 25 ms an event here (about 20 minutes for 50,000): beyond this
# size the bench writes khal's calendar directory itself, as `khal import` would.
KHAL_IMPORT_BYTES = 2_000_000


def write_vdir(text: str, directory: Path) -> None:
    """The calendar as a vdir: one .ics file per UID, with the calendar's VTIMEZONEs."""
    head, _, rest = text.partition("BEGIN:VEVENT\r\n")
    zones = "".join(
        "BEGIN:VTIMEZONE" + part.split("END:VTIMEZONE")[0] + "END:VTIMEZONE\r\n"
        for part in head.split("BEGIN:VTIMEZONE")[1:]
    )
    series: dict[str, list[str]] = {}
    for block in ("BEGIN:VEVENT\r\n" + rest).split("END:VEVENT\r\n")[:-1]:
        uid = block.split("\r\nUID:", 1)[1].split("\r\n", 1)[0]
        series.setdefault(uid, []).append(block + "END:VEVENT\r\n")
    for number, blocks in enumerate(series.values()):
        calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//levelcal bench//EN\r\n"
        calendar += zones + "".join(blocks) + "END:VCALENDAR\r\n"
        (directory / f"{number:06d}.ics").write_text(calendar, encoding="utf-8", newline="")


def khal_rows(path: Path, env: dict[str, str], week: float, year: float) -> dict[str, object]:
    """khal on the same file: `khal import` once, then `khal list` for the week and the year
    (its first list builds khal's SQLite cache; the others read it)."""
    khal = shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")
    if khal is None:
        return {"khal": "not installed (it is in the dev extra: pip install -e '.[dev]'); skipped"}
    scratch = Path(tempfile.mkdtemp(prefix="levelcal-khal-"))
    (scratch / "vdir").mkdir()
    config = scratch / "khal.conf"
    config.write_text(
        KHAL_CONFIG.format(vdir=scratch / "vdir", zone=ZONE, database=scratch / "khal.db"),
        encoding="utf-8",
    )
    khal_env = {**env, "XDG_CONFIG_HOME": str(scratch), "XDG_DATA_HOME": str(scratch)}
    run = [khal, "-c", str(config)]
    imported: object = "not run: the vdir is written directly (one file per UID, as it does)"
    if path.stat().st_size < KHAL_IMPORT_BYTES:
        imported = timed([*run, "import", "--batch", "-a", "bench", str(path)], khal_env)[0]
    else:
        write_vdir(path.read_bytes().decode("utf-8"), scratch / "vdir")
    today = date.fromisoformat(AS_OF)
    monday = date.fromordinal(today.toordinal() - today.weekday())
    list_week = [*run, "list", "--once", monday.isoformat(), "7d"]
    first_list, _, _ = timed(list_week, khal_env)  # builds khal's cache from the vdir
    runs = 3 if path.stat().st_size < KHAL_IMPORT_BYTES else 1  # a big year takes minutes
    khal_week, _, _ = best_of(runs, list_week, khal_env)
    list_year = [*run, "list", "--once", f"{today.year}-01-01", "365d"]
    khal_year, _, _ = best_of(runs, list_year, khal_env)
    shutil.rmtree(scratch, ignore_errors=True)
    return {
        "khal import (s)": imported,
        "khal first list, builds its cache (s)": first_list,
        "khal list, week (s)": khal_week,
        "khal list, year (s)": khal_year,
        "khal week / warm --week (x slower)": khal_week / week,
        "khal year / warm --year (x slower)": khal_year / year,
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
    # Bytecode, as an installed wheel has it (some shells set PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(ROOT / "src" / "levelcal", quiet=1)
    load_before = os.getloadavg()[0]
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
        "load average before the run (1 min)": f"{load_before:.2f}",
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
    general["load average after the run (1 min)"] = f"{os.getloadavg()[0]:.2f}"
    RESULTS.parent.mkdir(exist_ok=True)
    results = {**general, "calendars": calendars}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(markdown(general, calendars), encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} and {REPORT.relative_to(ROOT)}")


# Issue 18's targets, on the 50k-event calendar: (row, bound, at most or at least).
TARGETS = (
    ("cold --week (s)", 1.0, "at most"),
    ("floor / cold --week (x faster)", 20.0, "at least"),
    ("re-export, 1% of blocks changed, --week (s)", 0.6, "at most"),
    ("cold --year (s)", 3.0, "at most"),
    ("floor / cold --year (x faster)", 7.0, "at least"),
    ("warm --week (s)", 0.25, "at most"),
)


def markdown(general: dict[str, object], calendars: dict[str, dict[str, object]]) -> str:
    """benchmarks/RESULTS.md: the whole table, and issue 18's targets met or not."""
    lines = [
        "# `make bench` results",
        "",
        f"Written by `benchmarks/bench.py` on {date.today().isoformat()}: "
        f"{general['machine']} ({cores()} usable by levelcal), load average "
        f"{general['load average before the run (1 min)']} before the run and "
        f"{general['load average after the run (1 min)']} after it (other work on the "
        "machine slows every number, the two-core ones most). Times are the best of a few "
        "runs, in seconds; memory in MB.",
        "",
    ]
    biggest = calendars.get("50,000 events")
    if biggest is not None:
        help_seconds = float(general["levelcal --help (s)"])  # type: ignore[arg-type]
        lines += ["## Issue 18's targets (50,000 events)", "", "| case | measured | target | met |"]
        lines.append("|---|---:|---:|:-:|")
        for row, bound, way in TARGETS:
            value = float(biggest[row])  # type: ignore[arg-type]
            met = value <= bound if way == "at most" else value >= bound
            lines.append(f"| {row} | {value:.2f} | {way} {bound:g} | {'yes' if met else 'no'} |")
        warm = float(biggest["warm --week (s)"])  # type: ignore[arg-type]
        lines.append(
            f"| warm --week / levelcal --help | {warm / help_seconds:.1f}x | at most 3x | "
            f"{'yes' if warm <= 3 * help_seconds else 'no'} |"
        )
        peak = max(
            float(str(biggest["peak memory, cold --week / --year (MB)"]).split(" / ")[1]),
            float(str(biggest["peak memory, cold --year, process tree (MB)"])),
        )
        lines += [
            f"| peak memory, cold --year (MB) | {peak:.0f} | at most 300 | "
            f"{'yes' if peak <= 300 else 'no'} |",
            "",
        ]
    lines += ["## Everything measured", "", "| | |", "|---|---:|"]
    lines += [f"| {name} | {show(value)} |" for name, value in general.items()]
    for size, rows in calendars.items():
        lines += ["", f"### {size}", "", "| | |", "|---|---:|"]
        lines += [f"| {name} | {show(value)} |" for name, value in rows.items()]
    return "\n".join(lines) + "\n"


def cores() -> int:
    from levelcal.ingest.parallel import cores as usable

    return usable()


if __name__ == "__main__":
    main()
