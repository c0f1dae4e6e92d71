"""`make bench`: how fast levelcal starts, reads, classifies and learns.

Prints a table and writes .benchmarks/results.json. Each number is the best of
several runs, on this machine; compare numbers from the same machine only.
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

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / ".benchmarks" / "results.json"
LEVELCAL = [sys.executable, "-m", "levelcal.cli"]


def best_of(runs: int, command: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    from levelcal import resources
    from levelcal.classify import corpus, personal, speed
    from levelcal.classify.features import EventFeatures
    from levelcal.levels import Level

    scratch = tempfile.mkdtemp(prefix="levelcal-bench-")
    env = {**os.environ, "LEVELCAL_CONFIG_DIR": scratch, "LEVELCAL_DATA_DIR": scratch}
    sample = str(resources.sample_calendar())
    week = [*LEVELCAL, "analyze", "-c", sample, "--week", "--as-of", "2026-11-25", "--tz", "UTC"]

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
    retrain_seconds = min(personal.retrain([correction])[1] for _ in range(2))

    results = {
        "machine": f"{platform.machine()} {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs",
        "levelcal --help (s)": best_of(5, [*LEVELCAL, "--help"], env),
        "analyze --week, sample calendar (s)": best_of(3, week, env),
        "analyze --week --json, sample calendar (s)": best_of(3, [*week, "--json"], env),
        "model load (s)": scoring.load_seconds,
        f"classify {speed.EVENTS:,} distinct events (s)": scoring.score_seconds,
        "retrain personal model, 1 correction (s)": retrain_seconds,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    width = max(len(name) for name in results)
    for name, value in results.items():
        shown = f"{value:8.3f}" if isinstance(value, float) else value
        print(f"{name:<{width}}  {shown}")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
