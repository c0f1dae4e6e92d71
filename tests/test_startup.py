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


def test_the_ics_path_imports_no_online_accounts_library():
    loaded = modules_loaded_by("analyze", "--week", "--as-of", "2026-11-25", "--json")
    online = {"msal", "caldav", "niquests", "requests", "googleapiclient", "google.auth"}
    assert not loaded & online, loaded & online
