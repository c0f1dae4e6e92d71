"""What `pip install .` gives a user: a wheel that runs anywhere, and a quick start-up."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("levelcal-*.whl")
    return built


def test_wheel_ships_the_model_and_the_sample_calendars(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "levelcal/bundled/models/levelcal-model.bin" in names
    corpus = [n for n in names if n.startswith("levelcal/bundled/models/corpus/")]
    assert corpus and all(n.endswith(".jsonl") for n in corpus)  # personal models retrain on it
    assert "levelcal/report/schema.json" in names
    assert "levelcal/report/plan-schema.json" in names
    samples = {n for n in names if n.startswith("levelcal/bundled/sample_calendars/")}
    assert len([n for n in samples if n.endswith(".ics")]) >= 3


def test_installed_wheel_runs_from_any_directory(wheel, tmp_path):
    # Install the wheel alone into a directory of its own and run its console script
    # from an unrelated directory: the package must find its model and samples inside
    # itself, not in this checkout. (Its dependencies come from this environment.)
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "LEVELCAL_CONFIG_DIR": str(tmp_path / "cfg"),
        "LEVELCAL_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [str(target / "bin" / "levelcal"), "analyze", "--week", "--as-of", "2026-11-25", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["sources"][0].startswith(str(target / "levelcal" / "bundled"))
    assert document["totals"]["work_hours"] > 0

    # A correction retrains a personal model from the corpus inside the package (anchored
    # on 400 of its rows, as tests/conftest.py's quick refit: the retrain is not the point).
    sheet = tmp_path / "fixes.csv"
    sheet.write_text("title,level\nPod Orca jam,managing\n", encoding="utf-8")
    quick = (
        "import sys; from levelcal.classify import personal; personal.REFIT_ROWS = 400; "
        f"assert personal.__file__.startswith({str(target)!r}), personal.__file__; "
        "from levelcal.cli import main; sys.argv[0] = 'levelcal'; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", quick, "label", "--csv", str(sheet)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "personal-model.bin").is_file()
