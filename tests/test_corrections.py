"""`levelcal label` and `levelcal explain` end to end: corrections are stored in the
user's data dir, win on the next run for the event and similar ones, and survive
a change of the bundled model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calendars import BERLIN_VTIMEZONE, vcalendar, vevent
from levelcal.classify import model, personal
from levelcal.classify.features import EventFeatures
from levelcal.levels import Level

ME = "kim@orca.example"
TEAM = tuple(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{name}@orca.example" for name in "abcde")
POD = vcalendar(
    BERLIN_VTIMEZONE,
    # The team's own name for its weekly meeting, which no corpus can know.
    vevent(
        "jam@orca",
        "Pod Orca jam",
        "DTSTART;TZID=Europe/Berlin:20260302T100000",
        "DTEND;TZID=Europe/Berlin:20260302T110000",
        "RRULE:FREQ=WEEKLY",
        f"ORGANIZER:mailto:{ME}",
        *TEAM,
    ),
    vevent(
        "special@orca",
        "Pod Orca jam - Q3 planning edition",
        "DTSTART;TZID=Europe/Berlin:20260305T140000",
        "DTEND;TZID=Europe/Berlin:20260305T153000",
        f"ORGANIZER:mailto:{ME}",
        *TEAM,
    ),
    vevent(
        "review@orca",
        "Budget review",
        "DTSTART;TZID=Europe/Berlin:20260304T090000",
        "DTEND;TZID=Europe/Berlin:20260304T100000",
        "ORGANIZER:mailto:cfo@orca.example",
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ceo@orca.example",
    ),
)
WINDOW = ("--from", "2026-03-02", "--to", "2026-03-09", "--tz", "Europe/Berlin", "--me", ME)


@pytest.fixture
def pod(tmp_path: Path) -> Path:
    path = tmp_path / "pod.ics"
    path.write_bytes(POD)
    return path


def labels(run, pod: Path) -> dict[str, tuple[str, str]]:
    result = run("analyze", "-c", str(pod), *WINDOW, "--json")
    assert result.exit_code == 0, result.stderr
    return {e["title"]: (e["level"], e["labeled_by"]) for e in json.loads(result.stdout)["events"]}


@pytest.mark.full_refit
def test_a_correction_fixes_the_event_and_similar_ones_on_the_next_run(run, pod):
    before = labels(run, pod)
    model_says = before["Pod Orca jam"][0]
    # The user's answer differs from the model's, so the test shows a change.
    wanted = "unification" if model_says != "unification" else "implementation"
    unrelated = before["Budget review"]

    result = run("label", wanted, "--title", "^Pod Orca jam$", "-c", str(pod), *WINDOW)
    assert result.exit_code == 0, result.stderr
    assert "stored 1 correction" in result.stdout and "retrained" in result.stdout

    after = labels(run, pod)
    assert after["Pod Orca jam"] == (wanted, "correction")
    assert after["Pod Orca jam - Q3 planning edition"][0] == wanted
    assert after["Budget review"] == unrelated  # a different title is not dragged along
    stored = personal.corrections_path().read_text(encoding="utf-8")
    assert "Pod Orca jam" in stored and wanted in stored


@pytest.mark.full_refit
def test_one_correction_leaves_the_rest_of_a_real_calendar_alone(run):
    """A city's director general corrects the biweekly 1:1 "Pt Olivier T." (set G, written
    apart from the corpus). The refit must not carry the corpus somewhere else: before
    the anchor was taken out of the objective, 8 of this calendar's other events moved.
    Another "Pt" ("point") with a colleague may follow the correction to managing, as the
    hand labels have it ("Pt agenda Christine"); nothing else moves."""
    calendar = Path(__file__).parents[1] / "models/leader_calendars_g/dgs-ville-nantes.ics"
    window = ("-c", str(calendar), "--me", "laurent.moreau@ville-estuaire.fr", "--tz",
              "Europe/Paris", "--from", "2026-11-16", "--to", "2026-11-30")  # fmt: skip

    def levels() -> dict[tuple[str, str], tuple[str, str]]:
        result = run("analyze", *window, "--json")
        assert result.exit_code == 0, result.stderr
        events = json.loads(result.stdout)["events"]
        return {(e["uid"], e["start"]): (e["title"], e["level"]) for e in events}

    before = levels()
    assert run("label", "managing", "--title", "^Pt Olivier T", *window).exit_code == 0
    after = levels()
    moved = {after[key] for key in before if before[key][1] != after[key][1]}
    assert "Pt Olivier T." in {title for title, _ in moved}
    assert all(title.startswith("Pt ") and level == "unification" for title, level in moved), moved


def test_corrections_survive_a_new_bundled_model(run, pod):
    # "do": the start of one level's name is that level (README: "label").
    assert run("label", "do", "--uid", "jam@orca", "-c", str(pod), *WINDOW).exit_code == 0
    personal_model = personal.personal_model_path()
    found, extra = model.from_bytes(personal_model.read_bytes())
    stale = {**extra["trained_from"], "base": "a model levelcal shipped before"}
    personal_model.write_bytes(found.to_bytes({"trained_from": stale}))

    result = run("analyze", "-c", str(pod), *WINDOW, "--json")
    assert result.exit_code == 0
    assert "retraining your personal model with 1 corrections" in result.stderr
    events = {e["uid"]: e for e in json.loads(result.stdout)["events"]}
    assert events["jam@orca"]["level"] == "implementation"
    fresh = model.from_bytes(personal_model.read_bytes())[1]
    assert fresh["trained_from"]["base"] != "a model levelcal shipped before"


def test_a_personal_model_refitted_the_earlier_way_is_retrained(run, pod):
    """Refits before 2026-11-30 let the corpus sample pull every weight: such a model is
    retrained once, with the anchor that keeps the rest of the calendar where it was."""
    assert run("label", "do", "--uid", "jam@orca", "-c", str(pod), *WINDOW).exit_code == 0
    personal_model = personal.personal_model_path()
    found, extra = model.from_bytes(personal_model.read_bytes())
    earlier = {key: value for key, value in extra["trained_from"].items() if key != "refit"}
    personal_model.write_bytes(found.to_bytes({"trained_from": earlier}))

    result = run("analyze", "-c", str(pod), *WINDOW, "--json")
    assert result.exit_code == 0, result.stderr
    assert "retraining your personal model with 1 corrections" in result.stderr
    assert (
        model.from_bytes(personal_model.read_bytes())[1]["trained_from"]["refit"] == personal.REFIT
    )


def test_a_personal_model_saved_before_format_v4_is_retrained_and_replaced(run, pod):
    """Releases before model format v4 kept the personal model as JSON: it is only a cache
    of the corrections, so it is retrained once in the new format, and the old file goes."""
    assert run("label", "do", "--uid", "jam@orca", "-c", str(pod), *WINDOW).exit_code == 0
    personal_model = personal.personal_model_path()
    old = personal_model.with_name("personal-model.json")
    old.write_text('{"trained_from": {}, "model": {"format": "levelcal-linear-v3"}}')
    personal_model.rename(personal_model.with_name("elsewhere"))

    result = run("analyze", "-c", str(pod), *WINDOW, "--json")
    assert result.exit_code == 0, result.stderr
    assert "retraining your personal model with 1 corrections" in result.stderr
    assert personal_model.is_file() and not old.exists()
    events = {e["uid"]: e for e in json.loads(result.stdout)["events"]}
    assert events["jam@orca"]["level"] == "implementation"


def test_a_damaged_personal_model_is_rebuilt_from_the_corrections(run, pod):
    assert run("label", "other", "--uid", "review@orca", "-c", str(pod), *WINDOW).exit_code == 0
    personal.personal_model_path().write_bytes(b"levelcal-linear-v4\n\x07half a fi")
    assert labels(run, pod)["Budget review"] == ("other", "correction")


def test_corrections_from_a_csv(run, pod, tmp_path):
    sheet = tmp_path / "fixes.csv"
    sheet.write_text(
        "title,level,attendees,external\n"
        "Budget review,directing,2,false\n"
        "Pod Orca jam,man,5,false\n",
        encoding="utf-8",
    )
    result = run("label", "--csv", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert "stored 2 corrections" in result.stdout
    assert labels(run, pod)["Budget review"] == ("communication", "correction")
    listing = run("label", "--list")
    assert listing.stdout.startswith("directing  Budget review\nmanaging   Pod Orca jam\n")
    assert "2 corrections" in listing.stdout


def test_a_bad_csv_row_is_named(run, tmp_path):
    sheet = tmp_path / "fixes.csv"
    sheet.write_text("title,level\nStandup,managing\nBoard,very important\n", encoding="utf-8")
    result = run("label", "--csv", str(sheet))
    assert result.exit_code == 2
    assert f"{sheet}:3: level 'very important' is not a level; use one of doing" in result.stderr
    assert not personal.corrections_path().exists()  # nothing half-stored


def test_interactive_labeling_goes_through_uncertain_events(run, pod):
    summary = json.loads(run("analyze", "-c", str(pod), *WINDOW, "--json").stdout)
    uncertain = [e for e in summary["events"] if e["uncertain"]]
    result = run("label", "--interactive", "-c", str(pod), *WINDOW, input="b\nq\n")
    assert result.exit_code == 0, result.stderr
    if not uncertain:
        assert "no uncertain events" in result.stdout
        return
    first = max(uncertain, key=lambda e: e["hours"])
    if first["level"] == "beyond":
        assert "no corrections to store" in result.stdout
    else:
        assert "stored 1 correction" in result.stdout
        assert first["title"] in personal.corrections_path().read_text(encoding="utf-8")


def test_label_needs_exactly_one_way_to_choose_events(run, pod):
    result = run("label", "doing", "-c", str(pod), *WINDOW)
    assert result.exit_code == 2 and "choose one of --title" in result.stderr
    result = run("label", "sideways", "--uid", "jam@orca", "-c", str(pod), *WINDOW)
    assert result.exit_code == 2 and "'sideways' is not a level" in result.stderr
    result = run("label", "d", "--uid", "jam@orca", "-c", str(pod), *WINDOW)
    assert result.exit_code == 2
    assert (
        result.stderr == "levelcal: error: LEVEL 'd' could be doing or directing: type more of it\n"
    )
    result = run("label", "doing", "--uid", "nobody@orca", "-c", str(pod), *WINDOW)
    assert result.exit_code == 2 and "no event in 2026-03-02 to 2026-03-09 matches" in result.stderr


def test_damaged_corrections_are_reported_not_lost(run, pod):
    path = personal.corrections_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"title": "Standup", "label": "unification"}\nnot json\n', encoding="utf-8")
    result = run("analyze", "-c", str(pod), *WINDOW)
    assert result.exit_code == 2
    assert f"{path}:2: not a correction" in result.stderr
    assert path.read_text(encoding="utf-8").endswith("not json\n")  # left for the user to fix


def test_explain_free_text_names_the_words_that_decided(run):
    result = run("explain", "Prep: board deck")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('"Prep: board deck" (no other attendees')  # as typed
    assert "  doing, confidence" in result.stdout
    assert 'title word "prep"' in result.stdout
    assert 'title starting with "prep"' in result.stdout  # where titles say what it is
    assert "no other attendees" in result.stdout
    assert "Why doing rather than " in result.stdout
    for label in ("implementation", "unification", "communication", "beyond"):
        assert label not in result.stdout  # a person reads the short names


def test_explain_an_event_of_the_calendar_by_uid(run, pod):
    result = run("explain", "review@orca", "-c", str(pod), *WINDOW)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('"Budget review" (Wed 04 Mar 09:00')
    assert "uid review@orca" in result.stdout
    assert "2 other attendees" in result.stdout
    assert "Why " in result.stdout


def test_explain_says_when_nothing_in_the_calendar_matches(run, pod):
    result = run("explain", "Quarterly offsite", "-c", str(pod), *WINDOW)
    assert result.exit_code == 0
    assert "no event in 2026-03-02 to 2026-03-09 matches 'Quarterly offsite'" in result.stderr
    assert result.stdout.startswith('"Quarterly offsite" (')


def test_explain_says_when_the_room_decided(run):
    """LEVELS.md hard case 4: a title of names says nothing; one colleague makes it a 1:1."""
    result = run("explain", "Mike <> Dana", "--attendees", "1", "--recurring")
    assert result.exit_code == 0, result.stderr
    assert "  managing, confidence" in result.stdout
    assert "who is in the room decided" in " ".join(result.stdout.split())


def test_explain_is_unsure_of_a_title_of_names_without_attendee_lines(run):
    result = run("explain", "Mike <> Dana")
    assert result.exit_code == 0, result.stderr
    assert "— uncertain" in result.stdout
    assert "the room does not settle it" in " ".join(result.stdout.split())


def test_explain_says_when_the_title_decided(run):
    result = run("explain", "Write Q3 OKRs", "--attendees", "10", "--external", "--minutes", "240")
    assert result.exit_code == 0, result.stderr
    assert "  doing, confidence" in result.stdout
    assert "The title decides" in result.stdout


def test_undo_forgets_the_corrections_of_one_uid_or_title(run, pod):
    jam = EventFeatures(title="Pod Orca jam", attendees=5, i_organize=True, recurring=True)
    personal.add([personal.Correction(jam, Level.IMPLEMENTATION, "jam@orca")])
    result = run("label", "--undo", "jam@orca")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"forgot 1 correction ('Pod Orca jam'); 0 left in {personal.corrections_path()}\n"
    )
    assert personal.stored_corrections() == ()
    assert labels(run, pod)["Pod Orca jam"][1] == "model"  # the bundled model again
    # The same title up to case and spacing, in two rooms: one --undo forgets both.
    personal.add(
        [
            personal.Correction(jam, Level.BEYOND),
            personal.Correction(EventFeatures(title="pod  orca JAM", attendees=2), Level.BEYOND),
        ]
    )
    result = run("label", "--undo", "Pod Orca Jam")
    assert result.stdout.startswith("forgot 2 corrections ('Pod Orca jam', 'pod  orca JAM')")
    missing = run("label", "--undo", "Pod Orca jam")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "levelcal: error: --undo 'Pod Orca jam': no stored correction has this UID or title "
        "(levelcal label --list shows them)\n"
    )
