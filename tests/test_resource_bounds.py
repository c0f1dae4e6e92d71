"""Every hostile file of the malformed corpus is read within 5 s and 300 MB, under hard limits.

The files are read in two child processes (one per core), each under
`resource.setrlimit`: RLIMIT_AS caps its memory at 300 MB (an allocation past it
fails), RLIMIT_CPU kills it once every file's 5 s are spent, and a profiling
timer stops a file after its own 5 s. A parser that hangs makes this test fail
within seconds instead of blocking CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

MALFORMED = Path(__file__).parent / "data" / "malformed"
SECONDS = 5.0  # CPU time for one file
MEMORY = 300 * 1024 * 1024  # address space of the whole reading process

# Reads each file named on the command line as `levelcal analyze` does (no cache), under
# the limits; prints one JSON line per file: its name, "read" or "refused" (a one-line
# InputError), or "timeout" / "memory", and the CPU seconds spent.
CHILD = """
import json, resource, signal, sys, time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from levelcal.errors import LevelcalError
from levelcal.ingest import ics

memory, seconds, paths = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
ics.import_parser()
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
cpu = int(seconds * len(paths)) + 2
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


class Expired(BaseException):  # not an Exception: the reader's handlers must not catch it
    pass


def expired(signum, frame):
    raise Expired


signal.signal(signal.SIGPROF, expired)
for path in paths:
    with open(path, "rb") as handle:
        data = handle.read()
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        ics.read_calendar(
            data,
            source=path,
            span_start=datetime(2026, 3, 2, tzinfo=UTC),
            span_end=datetime(2026, 3, 9, tzinfo=UTC),
            tz=ZoneInfo("UTC"),
        )
        outcome = "read"
    except LevelcalError:
        outcome = "refused"
    except Expired:
        outcome = "timeout"
    except MemoryError:
        outcome = "memory"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    spent = time.process_time() - started
    print(json.dumps({"file": path, "outcome": outcome, "cpu": spent}), flush=True)
"""


def _halves(paths: list[Path]) -> list[list[Path]]:
    """Two lists of about equal bytes: the big files decide the time."""
    halves: list[list[Path]] = [[], []]
    sizes = [0, 0]
    for path in sorted(paths, key=lambda p: p.stat().st_size, reverse=True):
        smaller = sizes.index(min(sizes))
        halves[smaller].append(path)
        sizes[smaller] += path.stat().st_size
    return halves


def test_every_hostile_file_is_read_within_five_seconds_and_300_mb():
    files = sorted(MALFORMED.glob("*.ics"))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(MEMORY), str(SECONDS), *map(str, half)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in _halves(files)
    ]
    reports = []
    for child in children:
        out, err = child.communicate(timeout=SECONDS * len(files) + 60)
        assert child.returncode == 0, f"the reader died ({child.returncode}): {err[-2000:]}"
        reports += [json.loads(line) for line in out.splitlines()]
    assert sorted(r["file"] for r in reports) == sorted(map(str, files))
    slow = {r["file"]: r for r in reports if r["outcome"] not in ("read", "refused")}
    assert slow == {}
    assert max(r["cpu"] for r in reports) < SECONDS
