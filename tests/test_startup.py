"""Start-up stays fast: the heavy libraries load only when a command needs them."""

import subprocess
import sys

HEAVY = (
    "sklearn",
    "scipy",
    "icalendar",
    "recurring_ical_events",
    "numpy",
    "googleapiclient",
    "google.auth",
    "google_auth_oauthlib",
    "httplib2",
    "msal",
    "requests",
    "caldav",
    "niquests",
    "lxml",
)
HABIT = ("sqlite3", "smtplib", "email.message", "tomlkit", "ssl")  # history, digest, config
# The flags need only levelcal.request; the layers behind it load when a command runs.
LAYERS = ("levelcal.application", "levelcal.config", "levelcal.report", "levelcal.ingest")
# What a warm report without a role, a history, corrections, rules or a config file does not
# use (issue 18, a leaner warm path): each is imported inside the function that needs it.
NOT_WARM = {
    "levelcal.classify.people": "telling 1:1s by their titles: only a role's candidates ask",
    "levelcal.classify.topics": "the same, through classify.people",
    "levelcal.handoffs": "no handoff is recorded",
    "levelcal.report.handoffs": "no handoff to show",
    "levelcal.trend": "no recorded week to trend",
    "levelcal.cadence": "no manager in the config",
    "levelcal.classify.rules": "no rules file",
    "tomllib": "no config or rules file to read",
    "json": "no corrections, no history",
    "tempfile": "a report from the cache writes no file",
    "secrets": "the cache's signing key exists: none is made",
}


def modules_loaded_by(*args: str) -> set[str]:
    probe = (
        "import sys\n"
        "from levelcal.cli import app\n"
        "try:\n"
        f"    app({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_help_imports_none_of_the_heavy_libraries():
    loaded = modules_loaded_by("--help")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert not loaded & set(HABIT), loaded & set(HABIT)
    assert not loaded & set(LAYERS), loaded & set(LAYERS)


def test_analyze_scores_with_numpy_and_never_imports_scikit_learn(tmp_path):
    loaded = modules_loaded_by("analyze", "--week", "--as-of", "2026-11-25", "--json")
    assert "numpy" in loaded and "icalendar" in loaded
    assert "sklearn" not in loaded and "scipy" not in loaded


def test_a_warm_report_loads_neither_the_parser_nor_the_model(tmp_path):
    """The second report of the same window reads the cache: no icalendar, no scoring, no
    pydantic (see pyproject.toml's typer bound), no package metadata lookups."""
    import os

    from levelcal import resources

    calendar = tmp_path / "export.ics"
    calendar.write_bytes(resources.sample_calendar().read_bytes())
    probe = (
        "import sys\n"
        "from levelcal.cli import app\n"
        f"app(['analyze', '-c', {str(calendar)!r}, '--week', '--as-of', '2026-11-25'],"
        " standalone_mode=False)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    environment = {**os.environ, "LEVELCAL_CACHE_DIR": str(tmp_path / "cache")}

    def loaded() -> set[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe], env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return set(done.stdout.strip().splitlines()[-1].split())

    assert "icalendar" in loaded()  # cold
    warm = loaded()
    parser = {"icalendar", "recurring_ical_events", "dateutil", "x_wr_timezone"}
    # The report holds plain labels (classify/label.py): numpy comes only to score.
    assert not warm & (parser | set(HEAVY)), warm & (parser | set(HEAVY))
    assert not warm & {"pydantic", "importlib.metadata"}
    # Nor the corpus or the classifier's features (their lexicons and patterns): no
    # correction is read or made.
    assert not warm & {"levelcal.classify.corpus", "levelcal.classify.features"}
    assert "levelcal.classify.model" not in warm  # no event was scored: no model loaded
    loaded_anyway = {name: why for name, why in NOT_WARM.items() if name in warm}
    assert not loaded_anyway, loaded_anyway


def test_the_ics_path_imports_no_online_accounts_library():
    loaded = modules_loaded_by("analyze", "--week", "--as-of", "2026-11-25", "--json")
    online = {"msal", "caldav", "niquests", "requests", "googleapiclient", "google.auth"}
    assert not loaded & online, loaded & online
