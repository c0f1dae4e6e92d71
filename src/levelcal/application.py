"""The application layer: what each command does, from a request and the config to data.

A command parses its flags into a `Request`, loads the config once, calls one
function here and hands what comes back to a renderer (`report.output`). Nothing
here prints or parses a flag: what the user should hear on the way (a warning,
the sample calendar standing in) goes to `Callbacks.note`, and online fetches
report to `Callbacks.progress`. Failures are `LevelcalError`s, as everywhere.

    Request + Config --analyze--> Summary --review--> Review       (analyze, digest)
    the history      --history--> recorded weeks and their trend   (history, trend)
    Summary          --explain / corrections_for / learn-->        (explain, label)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from levelcal.errors import ConfigError, InputError
from levelcal.request import SILENT, WINDOW_FLAGS, Callbacks, Request

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from levelcal.cadence import Cadence
    from levelcal.classify.corpus import Example
    from levelcal.classify.explain import Explanation
    from levelcal.classify.features import EventFeatures
    from levelcal.classify.label import Label
    from levelcal.classify.leader_check import LeaderCheck
    from levelcal.classify.model import Model
    from levelcal.classify.personal import Correction
    from levelcal.classify.rules import Rule
    from levelcal.classify.train import Training
    from levelcal.config import Config, Smtp
    from levelcal.events import Event
    from levelcal.handoffs import Attended, Handoff, Progress
    from levelcal.ingest.types import ListedCalendar, Source
    from levelcal.label_cache import LabelCache
    from levelcal.levels import Level
    from levelcal.limits import Limits
    from levelcal.report import Report
    from levelcal.review import Review
    from levelcal.roles import Role
    from levelcal.summary import LabeledEvent, Summary
    from levelcal.window import Window

__all__ = [
    "MAX_EXPLAINED",
    "MAX_WARNINGS_SHOWN",
    "SILENT",
    "WINDOW_FLAGS",
    "Callbacks",
    "Delivery",
    "Explained",
    "Explanations",
    "Learned",
    "Request",
    "Trained",
    "Uncertain",
    "Undone",
    "analyze",
    "calendars",
    "connect_microsoft",
    "corrections_for",
    "delivery",
    "digest_request",
    "explain",
    "forget_week",
    "handoffs",
    "history",
    "learn",
    "plan",
    "record_handoff",
    "report",
    "require_calendar",
    "review",
    "role_of",
    "send_digest",
    "train",
    "uncertain",
    "undo",
    "undo_handoff",
]

MAX_WARNINGS_SHOWN = 10
MAX_EXPLAINED = 5


# --- resolving the request -------------------------------------------------------------


_MOST_WEEKS = 5200  # --weeks: a hundred years of weeks, more than any history holds


def _check_weeks(weeks: int) -> None:
    if not 1 <= weeks <= _MOST_WEEKS:
        raise InputError(f"--weeks must be from 1 to {_MOST_WEEKS}, got {weeks}")


def _executives(request: Request, settings: Config) -> tuple[str, ...]:
    """--executive, else the config's executives; the config's manager always counts."""
    from levelcal.events import is_email

    for address in request.executive or ():
        if not is_email(address):
            raise InputError(f"--executive {address!r}: not an email address")
    named = tuple(request.executive or ()) or settings.executives
    return (*named, settings.manager) if settings.manager else named


def _zone_name(flag: str | None, settings: Config, sources: Sequence[Source]) -> tuple[str, str]:
    """The report's zone, and where it came from when that is worth saying in the header.

    --tz, else the config's `timezone`, else the zone the first calendar declares
    (X-WR-TIMEZONE, a Google calendar's zone, the one zone its VTIMEZONEs define), else
    the system's: a cron job on a
    UTC server still reads a Los Angeles calendar in Los Angeles time.
    """
    if flag:
        return flag, ""
    if settings.timezone:
        return settings.timezone, ""
    from levelcal.ingest.types import calendar_zone

    declared = calendar_zone(sources)
    if declared is not None:
        zone, name = declared
        return zone, f"the zone of {name.rsplit('/', 1)[-1]}"
    try:
        import tzlocal

        return str(tzlocal.get_localzone_name() or "UTC"), ""
    except Exception:  # an unusual system zone setup: fall back rather than fail
        return "UTC", ""


def _rules(path: Path | None) -> tuple[Rule, ...]:
    from levelcal.paths import default_rules_path

    if path is not None and not path.is_file():
        raise InputError(f"--rules {path}: no such file")
    path = path or default_rules_path()
    if not path.is_file():
        return ()
    from levelcal.classify import rules

    return rules.load(path)


def _sources(
    request: Request,
    settings: Config,
    limits: Limits,
    stdin: BinaryIO,
    callbacks: Callbacks,
    *,
    sample_if_none: bool,
) -> list[Source]:
    from levelcal import paths, resources
    from levelcal.ingest.sources import load
    from levelcal.ingest.types import no_progress

    chosen = list(request.calendar or ()) or list(settings.calendars)
    if not chosen and not sample_if_none:
        return []
    if not chosen:
        sample = resources.sample_calendar()
        callbacks.note(
            f"no calendar given or configured: analyzing the bundled sample calendar "
            f"{sample.name} (pass --calendar FILE for your own)"
        )
        chosen = [str(sample)]

    def loaded(spec: str) -> Sequence[Source]:
        try:
            return load(
                spec,
                stdin,
                limits,
                cache_dir=paths.cache_dir(),
                cached=not request.no_cache,
                refresh=request.refresh,
                google=settings.google,
                microsoft=settings.microsoft,
                caldav=settings.caldav,
                progress=callbacks.progress or no_progress,
            )
        except InputError as error:
            if spec not in _SWITCH_WORDS:
                raise
            raise InputError(f"{error}; did you mean --{spec}?") from None

    return [source for spec in chosen for source in loaded(spec)]


# `levelcal analyze week` meant --week: a window switch's name, written as a calendar that
# does not exist, is named in the error.
_SWITCH_WORDS = frozenset(
    field.name.replace("_", "-")
    for field in dataclasses.fields(Request)
    if field.metadata.get("window") and field.default is False
)


# --- analysis and review ---------------------------------------------------------------


def _window_in(request: Request, zone: ZoneInfo) -> Window:
    """The window the flags choose, in `zone`; this week when none does."""
    from levelcal.window import parse_date, resolve

    return resolve(
        tz=zone,
        today=_today(request, zone),
        week=request.week,
        last_week=request.last_week,
        next_week=request.next_week,
        month=request.month,
        last_month=request.last_month,
        year=request.year,
        last_year=request.last_year,
        days=request.days,
        from_day=parse_date(request.from_day, "--from") if request.from_day else None,
        to_day=parse_date(request.to_day, "--to") if request.to_day else None,
    )


def _today(request: Request, zone: ZoneInfo) -> date:
    """--as-of, else today, in the report's zone: the weeks since a handoff end by it."""
    from levelcal.window import parse_date

    return parse_date(request.as_of, "--as-of") if request.as_of else datetime.now(zone).date()


def _now(request: Request, zone: ZoneInfo) -> datetime:
    """Now; with --as-of, the start of that day (what a plan "as of" a day looks ahead from)."""
    if request.as_of:
        return datetime.combine(_today(request, zone), time(0), tzinfo=zone)
    return datetime.now(zone)


@dataclass(frozen=True, slots=True)
class _Read:
    """An analysis, and what it was read from: what the cadence reads again over its span."""

    summary: Summary
    sources: list[Source]
    limits: Limits


def analyze(
    request: Request,
    settings: Config,
    *,
    stdin: BinaryIO,
    callbacks: Callbacks = SILENT,
    sample_if_none: bool = True,
    load_model: Callable[[], Model] | None = None,
) -> Summary:
    """Read, count and label the requested window; the warnings go to `callbacks.note`.

    With no calendar given or configured, the bundled sample calendar is read
    (and the user told so), unless `sample_if_none` is off.
    """
    return _analyze(
        request,
        settings,
        stdin=stdin,
        callbacks=callbacks,
        sample_if_none=sample_if_none,
        load_model=load_model,
    ).summary


def _analyze(
    request: Request,
    settings: Config,
    *,
    stdin: BinaryIO,
    callbacks: Callbacks,
    sample_if_none: bool = True,
    load_model: Callable[[], Model] | None = None,
) -> _Read:
    from levelcal import analysis
    from levelcal.classify import personal
    from levelcal.window import parse_zone

    # Every flag is checked before a calendar is read (a download, a Google sync)...
    _window_in(request, parse_zone(request.tz or settings.timezone or "UTC"))
    rules = _rules(request.rules_file)
    limits = request.limits()
    sources = _sources(request, settings, limits, stdin, callbacks, sample_if_none=sample_if_none)
    # ...and the window is the one in the zone the calendars may declare.
    zone_name, zone_from = _zone_name(request.tz, settings, sources)
    window = dataclasses.replace(_window_in(request, parse_zone(zone_name)), zone_from=zone_from)
    corrections = personal.stored_corrections()
    summary = analysis.analyze(
        sources,
        window,
        owner_emails=tuple(request.me or ()) or settings.owner_emails,
        executives=_executives(request, settings),
        load_model=load_model or (lambda: personal.active_model(callbacks.note)),
        rules=rules,
        corrections=corrections,
        limits=limits,
        categories=settings.categories,
        show_private=request.show_private,
        label_cache=None if request.no_cache or load_model else _label_cache(corrections),
    )
    for warning in summary.warnings[:MAX_WARNINGS_SHOWN]:
        callbacks.note(f"warning: {warning}")
    hidden = len(summary.warnings) - MAX_WARNINGS_SHOWN
    if hidden > 0:
        callbacks.note(
            f"warning: ... and {hidden} more (all are listed under `warnings` in --json)"
        )
    return _Read(summary, sources, limits)


def _label_cache(corrections: Sequence[Correction]) -> LabelCache:
    from levelcal import paths
    from levelcal.classify import personal
    from levelcal.label_cache import LabelCache
    from levelcal.pickle_store import CacheDir

    return LabelCache(
        CacheDir(paths.cache_dir() / "labels", max_entries=8),
        personal.model_identity(corrections),
    )


def role_of(flag: str | None, settings: Config) -> Role | None:
    """The --role, else the config's role, with the config's target overrides."""
    if flag is None and settings.role is None:
        return None
    from levelcal import roles

    role = roles.get(flag) if flag is not None else roles.get(settings.role or "", "role")
    return roles.with_overrides(role, settings.target_overrides)


def review(
    summary: Summary,
    settings: Config,
    role_flag: str | None,
    *,
    save: bool,
    weeks: int,
    always_trend: bool = False,
    scheduled: bool = False,
    callbacks: Callbacks = SILENT,
) -> Review:
    """Save the week if asked, then build what the role and the history add to it
    (`scheduled`: the window has not started, --next-week)."""
    from levelcal import history
    from levelcal.review import build

    _check_weeks(weeks)
    role = role_of(role_flag, settings)
    saved = None
    if save:
        record = history.record_of(summary)
        replaced = history.save(record)
        saved = record.week
        if replaced is not None and set(replaced) != set(record.sources):
            callbacks.note(
                f"{record.week} was recorded from {', '.join(replaced) or 'no calendar'}; "
                f"replaced with {', '.join(record.sources) or 'no calendar'}"
            )
    # Weeks that end before the window starts: none overlaps it, whatever the window.
    year, week, _ = summary.window.start.date().isocalendar()
    try:
        earlier = history.load(weeks - 1, before=f"{year}-W{week:02d}")
    except ConfigError as error:
        if save:
            raise
        # Only reading: a damaged history must not cost the user the report itself.
        callbacks.note(f"warning: {error}; this report leaves the history out")
        earlier = []
    return build(
        summary,
        role,
        earlier,
        saved,
        always_trend=always_trend,
        working_hours=settings.working_hours,
        scheduled=scheduled,
    )


def report(
    request: Request,
    settings: Config,
    *,
    role: str | None,
    save: bool,
    weeks: int,
    stdin: BinaryIO,
    callbacks: Callbacks = SILENT,
    always_trend: bool = False,
) -> Report:
    """`analyze` and then `review`: what `levelcal analyze` and the digest show."""
    from levelcal.report import Report
    from levelcal.window import parse_zone

    read = _analyze(request, settings, stdin=stdin, callbacks=callbacks)
    now = _now(request, parse_zone(read.summary.window.tz_name))
    scheduled = read.summary.window.start > now  # --next-week: scheduled, not spent
    if save and scheduled:
        callbacks.note(
            f"{read.summary.window.description} has not started: not recorded in the history"
        )
        save = False
    found = review(
        read.summary,
        settings,
        role,
        save=save,
        weeks=weeks,
        always_trend=always_trend,
        scheduled=scheduled,
        callbacks=callbacks,
    )
    found = dataclasses.replace(found, cadence=_cadence(read, settings, now))
    today = _today(request, read.summary.window.tz)
    found = _with_handoffs(found, read.summary, read.sources, read.limits, today, callbacks)
    return Report(summary=read.summary, review=found)


def _cadence(read: _Read, settings: Config, now: datetime) -> Cadence | None:
    """The cadence with the configured manager, as of the window's end or now (the earlier),
    from the calendars read again over the four weeks before it; None without a manager."""
    if settings.manager is None:
        return None
    from levelcal.cadence import LOOK_BACK, find
    from levelcal.window import Window

    window = read.summary.window
    moment = min(now, window.end)
    span = Window(min(window.start, moment - LOOK_BACK), window.end, window.tz, "cadence")
    owners = frozenset(read.summary.owner_emails)
    attended, _ = _attended(read.sources, span, owners, read.limits)
    return find(
        (event for event, _ in attended),
        settings.manager,
        owners,
        now=moment,
        span=(span.start, span.end),
        calendars=read.summary.calendar_names,
    )


def _plan_request(request: Request) -> Request:
    """The plan's window: next week, unless the request chooses one."""
    if any(getattr(request, flag) for flag in WINDOW_FLAGS):
        return request
    return dataclasses.replace(request, next_week=True)


def _ahead(window: Window, now: datetime) -> None:
    if window.end <= now:
        raise InputError(
            f"plan looks ahead, and {window.description} is over: plan next week (the "
            "default, --next-week) or the rest of this one (--week); levelcal analyze "
            "reports past weeks"
        )


def plan(
    request: Request,
    settings: Config,
    *,
    role: str | None,
    stdin: BinaryIO,
    callbacks: Callbacks = SILENT,
) -> Report:
    """`levelcal plan`: the scheduled window (next week by default) against the role, with
    one suggestion per series still ahead. Refused for a window that is over."""
    from levelcal import plan as planning
    from levelcal.report import Report
    from levelcal.review import build
    from levelcal.window import parse_zone

    request = _plan_request(request)
    guessed = parse_zone(request.tz or settings.timezone or "UTC")
    _ahead(_window_in(request, guessed), _now(request, guessed))  # before reading anything
    chosen = role_of(role, settings)  # a bad --role, too
    read = _analyze(request, settings, stdin=stdin, callbacks=callbacks)
    window = read.summary.window
    now = _now(request, window.tz)
    _ahead(window, now)
    hours = settings.working_hours
    planned = planning.build(
        read.summary,
        chosen.beneath if chosen is not None else None,
        now=now,
        decline_over=settings.plan.decline_over,
        manager=settings.manager,
        working=(time.fromisoformat(hours.start), time.fromisoformat(hours.end)),
    )
    found = dataclasses.replace(
        build(read.summary, chosen, [], scheduled=True), cadence=_cadence(read, settings, now)
    )
    return Report(summary=read.summary, review=found, plan=planned)


def history(weeks: int) -> Report:
    """The last `weeks` recorded weeks and their trend (`levelcal history`, `levelcal trend`)."""
    from levelcal import history as records
    from levelcal import trend
    from levelcal.report import Report

    _check_weeks(weeks)
    recorded = records.load(weeks, events=False)
    return Report(
        weeks=tuple(recorded),
        trend=trend.compute([(r.week, r.monday, r.hours_by_level) for r in recorded]),
        history_path=records.history_path(),
        handoffs=_recorded_progress(),
    )


# --- handoffs ----------------------------------------------------------------------------


def _attended(
    sources: Sequence[Source], window: Window, owners: frozenset[str], limits: Limits
) -> tuple[list[tuple[Event, float]], frozenset[str]]:
    """The events you attended in `window` as the report counts them (not declined, not
    cancelled, not free) and their hours; and whose calendar it is (`owners`, else the
    calendars' own say, as `analysis.analyze` takes it)."""
    from levelcal.accounting import account
    from levelcal.analysis import read_all

    read = read_all(sources, window, limits, show_private=True)  # titles match handoffs
    owners = owners or frozenset(read.owners)
    counted = account(read.events, window, owners).counted
    return [(item.event, item.hours) for item in counted], owners


def _as_attended(events: Sequence[tuple[Event, float]], zone: ZoneInfo) -> list[Attended]:
    from levelcal.handoffs import Attended

    return [
        Attended(event.uid, event.series_name, event.start.astimezone(zone).date(), hours)
        for event, hours in events
    ]


def _with_handoffs(
    found: Review,
    summary: Summary,
    sources: Sequence[Source],
    limits: Limits,
    today: date,
    callbacks: Callbacks,
) -> Review:
    """The review with each recorded handoff's progress, from the calendar, and the series
    that look handed off but are still attended (with a role: beneath it)."""
    from datetime import timedelta

    from levelcal import history

    try:
        recorded = history.handoffs()
    except ConfigError as error:  # reading only: the report itself still goes out
        callbacks.note(f"warning: {error}; this report leaves the handoffs out")
        return found
    beneath = found.assessment.role.beneath if found.assessment is not None else frozenset()
    if not summary.sources or (not recorded and not beneath):
        return found
    from levelcal import handoffs
    from levelcal.delegation import normalized_title
    from levelcal.window import between

    window = summary.window
    first = window.start.date() - timedelta(weeks=handoffs.LOOKBACK_WEEKS)
    first = min([first, *(handoff.first_monday for handoff in recorded)])
    wide = between(first, window.end.date(), window.tz)
    events, owners = _attended(sources, wide, frozenset(summary.owner_emails), limits)
    attended = _as_attended(events, window.tz)
    end = min(window.end.date(), today)
    progress = tuple(
        handoffs.progress(h, attended, handoffs.weeks_since(h, end), "calendar") for h in recorded
    )
    earlier = [
        (
            normalized_title(e.series_name),
            handoffs.people(e.organizer, (a.email for a in e.attendees)),
        )
        for e, _ in events
        if e.start < window.start and e.recurring
    ]
    suggested = handoffs.suggestions(summary.events, earlier, owners, beneath, recorded)
    # A series already handed off is followed in the handoffs, not offered again.
    candidates = tuple(
        c for c in found.candidates if not any(h.matches("", c.title) for h in recorded)
    )
    return dataclasses.replace(
        found, handoffs=progress, suggested_handoffs=tuple(suggested), candidates=candidates
    )


def _recorded_progress() -> tuple[Progress, ...]:
    """`levelcal trend`, which reads no calendar: each handoff over the recorded weeks since."""
    from levelcal import handoffs
    from levelcal import history as records

    recorded = records.handoffs()
    if not recorded:
        return ()
    first = min(handoff.first_monday for handoff in recorded)
    weeks = [record for record in records.load(10_000) if record.monday >= first]
    attended = [
        handoffs.Attended(s.uid, s.title, date.fromisoformat(s.start[:10]), s.hours)
        for record in weeks
        for s in record.events
    ]
    return tuple(
        handoffs.progress(
            h, attended, [r.monday for r in weeks if r.monday >= h.first_monday], "history"
        )
        for h in recorded
    )


def _handoff_matches(
    request: Request,
    settings: Config,
    pattern: str,
    on: date | None,
    stdin: BinaryIO,
    callbacks: Callbacks,
) -> tuple[list[Attended], str, date, int]:
    """The attended events PATTERN matches around the handoff day (the weeks the hours
    before are taken from, and two weeks on), where they were looked for, the day, and how
    many weeks the hours before are over.

    In the calendars given or configured (every week of them is read: BASELINE_WEEKS);
    without one, in the recorded weeks (a week not recorded is not counted as none)."""
    from datetime import timedelta

    from levelcal import handoffs
    from levelcal import history as records
    from levelcal.window import between, parse_zone

    limits = request.limits()
    sources = _sources(request, settings, limits, stdin, callbacks, sample_if_none=False)
    zone = parse_zone(_zone_name(request.tz, settings, sources)[0])
    day = on or _today(request, zone)
    first, monday = handoffs.baseline_weeks(day)
    end = monday + timedelta(weeks=2)
    wanted = pattern.strip().casefold()
    if sources:
        owners = frozenset(e.lower() for e in (request.me or settings.owner_emails))
        events, _ = _attended(sources, between(first, end, zone), owners, limits)
        attended = _as_attended(events, zone)
        names = ", ".join(source.name for source in sources)
        where = f"the calendar {names} from {first} to {end - timedelta(days=1)}"
        weeks = handoffs.BASELINE_WEEKS
    else:
        recorded = records.load(handoffs.BASELINE_WEEKS + 2, before=_week_of(end))
        attended = [
            handoffs.Attended(s.uid, s.title, date.fromisoformat(s.start[:10]), s.hours)
            for record in recorded
            for s in record.events
        ]
        where = f"the weeks recorded in {records.history_path()} (no calendar given)"
        weeks = sum(1 for record in recorded if first <= record.monday < monday)
    matched = [a for a in attended if a.uid.casefold() == wanted or wanted in a.title.casefold()]
    if not matched:
        raise InputError(
            f"{pattern!r} matches no event you attended in {where}: give a part of the "
            "title (any case) or a UID"
        )
    return matched, where, day, weeks


def _week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def record_handoff(
    request: Request,
    settings: Config,
    pattern: str,
    to: str,
    on: str | None,
    *,
    stdin: BinaryIO,
    callbacks: Callbacks = SILENT,
) -> Handoff:
    """`levelcal handoff PATTERN --to ADDRESS`: find the series in the calendar (else in the
    recorded weeks), take its hours a week before, and record the handoff."""
    from levelcal import handoffs
    from levelcal import history as records
    from levelcal.delegation import normalized_title
    from levelcal.events import is_email
    from levelcal.window import parse_date

    if not is_email(to.strip()):
        raise InputError(f"--to {to!r}: not an email address; write it as priya@northwind.example")
    if not pattern.strip():
        raise InputError("handoff: PATTERN is empty; give a part of the series' title, or its UID")
    day = parse_date(on, "--on") if on else None
    matched, where, day, weeks = _handoff_matches(request, settings, pattern, day, stdin, callbacks)
    titles = sorted({normalized_title(m.title): m.title for m in matched}.values())
    if len(titles) > 1:
        shown = "; ".join(titles[:5]) + ("; …" if len(titles) > 5 else "")
        raise InputError(
            f"{pattern!r} matches {len(titles)} different titles in {where} ({shown}); "
            "give more of the title, or the UID"
        )
    handoff = handoffs.Handoff(
        pattern=pattern.strip(),
        title=max(matched, key=lambda m: m.day).title,
        uids=tuple(sorted({m.uid for m in matched})),
        to=to.strip().lower(),
        on=day,
        hours_per_week_before=handoffs.hours_per_week_before(day, matched, weeks),
        recorded_at=datetime.now().astimezone().isoformat(timespec="seconds"),
    )
    records.add_handoff(handoff)
    return handoff


def handoffs() -> list[Handoff]:
    """`handoff --list`: every recorded handoff, oldest first."""
    from levelcal import history as records

    return records.handoffs()


def undo_handoff(pattern: str) -> list[Handoff]:
    """`handoff --undo PATTERN`: forget the handoffs whose pattern, title or UID it matches
    (a case-insensitive part of the pattern or title, or a whole UID)."""
    from levelcal import history as records

    wanted = pattern.strip().casefold()
    chosen = [
        h
        for h in records.handoffs()
        if wanted
        and (wanted in h.pattern.casefold() or wanted in h.title.casefold() or pattern in h.uids)
    ]
    if not chosen:
        raise InputError(
            f"--undo {pattern!r}: matches no handoff recorded in {records.history_path()} "
            "(levelcal handoff --list shows them)"
        )
    records.remove_handoffs(chosen)
    return chosen


# --- accounts ----------------------------------------------------------------------------


def calendars(settings: Config, account: str | None) -> list[ListedCalendar]:
    """`levelcal calendars`: the calendars of one account, or of every account set up."""
    from levelcal.ingest.sources import calendar_lists
    from levelcal.limits import DEFAULT

    return calendar_lists(settings, account, DEFAULT)


def connect_microsoft(
    settings: Config,
    client_id: str | None,
    tenant: str | None,
    *,
    browser: bool,
    port: int,
    tell: Callable[[str], None],
) -> Path:
    """Sign in to Microsoft 365 once; a --client-id or --tenant given is kept in the config,
    so that unattended runs renew the token with the same app registration."""
    import dataclasses

    from levelcal import config, paths
    from levelcal.ingest import microsoft

    chosen = dataclasses.replace(settings.microsoft, tenant=tenant or settings.microsoft.tenant)
    path = microsoft.connect(
        chosen,
        client_id,
        browser=browser,
        port=port,
        tell=tell,
        store_dir=paths.cache_dir(),
    )
    if client_id and client_id != settings.microsoft.client_id:
        config.set_value("microsoft.client_id", [client_id])
    if tenant and tenant != settings.microsoft.tenant:
        config.set_value("microsoft.tenant", [tenant])
    return path


# --- the digest ------------------------------------------------------------------------


def digest_request(request: Request) -> Request:
    """The digest's window: last week, unless the request chooses one."""
    import dataclasses

    if any(getattr(request, flag) for flag in WINDOW_FLAGS):
        return request
    return dataclasses.replace(request, last_week=True)


@dataclass(frozen=True, slots=True)
class Delivery:
    """Who gets the digest, from whom, and over which server: all checked before any reading."""

    recipients: tuple[str, ...]
    sender: str
    smtp: Smtp
    secret: str | None


def _check_addresses(addresses: Sequence[str], given_as: str) -> None:
    """Each is one address: a line break in one would add a header to the mail."""
    from levelcal.events import is_email

    for address in addresses:
        if not is_email(address) or not address.isprintable():
            raise InputError(f"{given_as} {address!r}: not an email address (name@example.com)")


def require_calendar(given: Sequence[str] | None, settings: Config, what: str) -> None:
    """What mails a digest never mails the bundled sample: it needs a calendar of the user's."""
    if not given and not settings.calendars:
        raise InputError(
            f"{what}: no calendar configured, and the bundled sample is for looking, not "
            "for mailing; levelcal config set calendars FILE (or URL, or google)"
        )


def delivery(settings: Config, mail_to: Sequence[str], request: Request) -> Delivery:
    """The digest's recipients (--mail-to, else digest.to, else me), sender and password;
    refused when no calendar is given or configured."""
    from levelcal import mail

    require_calendar(request.calendar, settings, "digest --send")
    _check_addresses(mail_to, "--mail-to")
    recipients = tuple(mail_to or settings.digest.recipients or settings.owner_emails)
    if not recipients:
        raise InputError(
            "no recipient: pass --mail-to EMAIL, or levelcal config set digest.to EMAIL"
        )
    if not settings.smtp.host:
        raise InputError("smtp.host is not set: levelcal config set smtp.host mail.example.com")
    secret = mail.password(settings.smtp)
    user = settings.smtp.user
    sender = settings.digest.sender or (user if user and "@" in user else recipients[0])
    _check_addresses([sender], "the sender (digest.from, else smtp.user)")
    return Delivery(recipients, sender, settings.smtp, secret)


def send_digest(
    to: Delivery, *, subject: str, text: str, html: str, callbacks: Callbacks = SILENT
) -> None:
    """Send the digest as one message with a text and an HTML part; nothing partially sent.

    A server that took the message and then failed at QUIT gets a warning (callbacks.note).
    """
    from levelcal import mail

    message = mail.build(
        subject=subject, sender=to.sender, recipients=list(to.recipients), text=text, html=html
    )
    warning = mail.send(message, to.smtp, to.secret)
    if warning:
        callbacks.note(f"warning: {warning}")


# --- the classifier: explain, label, train ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Explained:
    """One event's (or one free text's) label and why."""

    explanation: Explanation
    label: Label | None = None  # the event's label (None for free text)
    heading: str = ""  # which event: title, start, UID ("": the free text)


@dataclass(frozen=True, slots=True)
class Explanations:
    events: tuple[Explained, ...]  # the window's matching events, at most MAX_EXPLAINED
    more: int  # matching events beyond those
    searched: str | None  # the window looked in; None when no calendar was read
    free_text: Explained | None  # QUERY read as a title, when no event matched


def _matching(summary: Summary, query: str) -> list[LabeledEvent]:
    """Events whose UID is `query` or whose title contains it; one per title and room."""
    wanted = query.strip().casefold()
    found: dict[tuple[str, int, bool], LabeledEvent] = {}
    for item in summary.events:
        event = item.event
        if event.uid.casefold() == wanted or wanted in event.title.casefold():
            key = (event.title.casefold(), len(event.attendees), bool(event.organizer))
            found.setdefault(key, item)
    return list(found.values())


def explain(
    request: Request,
    settings: Config,
    query: str,
    free_text: EventFeatures,
    *,
    stdin: BinaryIO,
    callbacks: Callbacks = SILENT,
) -> Explanations:
    """The window's events matching `query` (UID or title), else `free_text`, explained."""
    import functools

    from levelcal.classify import personal
    from levelcal.classify.explain import explain as explain_one
    from levelcal.classify.features import from_event

    load_model = functools.cache(lambda: personal.active_model(callbacks.note))  # loaded once
    summary = analyze(
        request,
        settings,
        stdin=stdin,
        callbacks=callbacks,
        sample_if_none=False,
        load_model=load_model,
    )
    matches = _matching(summary, query) if summary.sources else []
    model = load_model()
    owners, executives = frozenset(summary.owner_emails), frozenset(summary.executives)
    explained = tuple(
        Explained(
            explain_one(model, from_event(item.event, owners, executives)),
            item.label,
            f'"{item.event.title}" ({item.event.start:%a %d %b %H:%M}, uid {item.event.uid})',
        )
        for item in matches[:MAX_EXPLAINED]
    )
    return Explanations(
        explained,
        max(0, len(matches) - MAX_EXPLAINED),
        summary.window.description if summary.sources else None,
        None if matches else Explained(explain_one(model, free_text)),
    )


def corrections_for(
    summary: Summary, level: Level, *, title: str | None, uid: str | None
) -> list[Correction]:
    """`label LEVEL --title REGEX` or `--uid UID`: one correction per matching event and room."""
    import re

    from levelcal.classify.features import from_event
    from levelcal.classify.personal import Correction

    if not summary.sources:
        raise InputError("no calendar to find the events in: pass --calendar SOURCE")
    if title is not None:
        try:
            pattern = re.compile(title, re.IGNORECASE)
        except re.error as error:
            raise InputError(f"--title {title!r}: bad regular expression ({error})") from None
        chosen = [i for i in summary.events if pattern.search(i.event.title)]
        what = f"--title {title!r}"
    else:
        chosen = [i for i in summary.events if i.event.uid == uid]
        what = f"--uid {uid!r}"
    if not chosen:
        raise InputError(f"no event in {summary.window.description} matches {what}")
    owners, executives = frozenset(summary.owner_emails), frozenset(summary.executives)
    unique: dict[tuple[str, EventFeatures], Correction] = {}
    for item in chosen:
        # as the classifier read it
        features = from_event(item.event.unmasked(), owners, executives)
        unique.setdefault((item.event.uid, features), Correction(features, level, item.event.uid))
    return list(unique.values())


@dataclass(frozen=True, slots=True)
class Uncertain:
    """One title whose label is uncertain: its first event and its hours in the window."""

    item: LabeledEvent
    hours: float

    def correction(
        self, level: Level, owner_emails: Sequence[str], executives: Sequence[str] = ()
    ) -> Correction:
        from levelcal.classify.features import from_event
        from levelcal.classify.personal import Correction

        event = self.item.event
        features = from_event(event.unmasked(), frozenset(owner_emails), frozenset(executives))
        return Correction(features, level, event.uid)


def uncertain(summary: Summary) -> list[Uncertain]:
    """`label --interactive`: one entry per uncertain title, the most hours first."""
    if not summary.sources:
        raise InputError("no calendar to go through: pass --calendar SOURCE")
    hours: dict[str, float] = {}
    first: dict[str, LabeledEvent] = {}
    for item in summary.events:
        if item.label.uncertain:
            key = item.event.title.casefold()
            hours[key] = hours.get(key, 0.0) + item.hours
            first.setdefault(key, item)
    return [Uncertain(first[key], hours[key]) for key in sorted(first, key=lambda k: -hours[k])]


@dataclass(frozen=True, slots=True)
class Learned:
    added: int
    stored: int  # corrections in all
    path: Path
    seconds: float  # retraining the personal model


def learn(corrections: Sequence[Correction]) -> Learned:
    """Store the corrections and retrain the personal model on all of them."""
    from levelcal.classify import personal

    stored = personal.add(corrections)
    _, seconds = personal.retrain(stored)
    return Learned(len(corrections), len(stored), personal.corrections_path(), seconds)


@dataclass(frozen=True, slots=True)
class Undone:
    removed: tuple[Correction, ...]
    stored: int  # corrections left
    path: Path
    seconds: float  # retraining the personal model on those left (0: none left)


def undo(what: str) -> Undone:
    """`label --undo`: forget the corrections of one UID or title, and retrain on the rest."""
    from levelcal.classify import personal

    removed, kept = personal.remove(what)
    if not removed:
        raise InputError(
            f"--undo {what!r}: no stored correction has this UID or title "
            "(levelcal label --list shows them)"
        )
    seconds = personal.retrain(kept)[1] if kept else 0.0
    if not kept:  # the bundled model is used again; the personal one would only go stale
        personal.personal_model_path().unlink(missing_ok=True)
    return Undone(removed, len(kept), personal.corrections_path(), seconds)


def forget_week(week: str) -> Path:
    """`history --forget WEEK`: remove one recorded ISO week; the history's file."""
    import re

    from levelcal import history as records

    if not re.fullmatch(r"\d{4}-W\d{2}", week.strip()):
        raise InputError(f"--forget {week!r}: not an ISO week; write it as 2026-W47")
    if not records.forget(week.strip()):
        raise InputError(
            f"--forget {week.strip()}: not recorded in {records.history_path()} "
            "(levelcal history lists the weeks)"
        )
    return records.history_path()


@dataclass(frozen=True, slots=True)
class Trained:
    training: Training
    leaders: LeaderCheck | None  # the hand-labeled leader calendars, when the checkout has them
    # the sets written after a model, oldest first (model_card.LATER_SETS), each checked
    later_leaders: tuple[tuple[str, LeaderCheck], ...]
    model_file: Path
    card_file: Path


def train(corpus: Path | None, out: Path | None, stage: Callable[[str], None]) -> Trained:
    """Train on the labeled corpus; check it on the leader calendars beside it; write the
    model and its card (a checkout's models/). `stage` hears each step: it takes minutes."""

    from levelcal import resources

    models_dir = resources.checkout_models_dir()
    corpus_dir = corpus or (models_dir / "corpus" if models_dir else None)
    out_dir = out or models_dir
    if corpus_dir is None or out_dir is None:
        raise InputError(
            "levelcal train needs the labeled corpus: run it in a source checkout, "
            "or pass --corpus DIR and --out DIR"
        )
    from levelcal.classify import corpus as corpus_files
    from levelcal.classify.train import train as fit_and_evaluate

    examples = corpus_files.load(corpus_dir)
    training = fit_and_evaluate(examples, progress=stage)
    return _finish_training(training, examples, corpus_dir, out_dir, stage)


def _finish_training(
    training: Training,
    examples: Sequence[Example],
    corpus_dir: Path,
    out_dir: Path,
    stage: Callable[[str], None],
) -> Trained:
    """After the fit: choose the spread of confidence on the calendars of sets B to H,
    write the model, check it on every set of leader calendars and write its card."""
    from levelcal.classify import leader_check, model_card, speed
    from levelcal.classify.train import Confidences, with_spread
    from levelcal.storage import write_atomically

    calibration = [
        name
        for name in leader_check.CALIBRATION_SETS
        if (corpus_dir.parent / name / leader_check.MANIFEST).is_file()
    ]
    if calibration:
        stage(f"choosing how far to trust the model on {len(calibration)} sets of real calendars")
        labels = Confidences.of(
            [
                (case.confidence, case.right)
                for name in calibration
                for case in leader_check.check(corpus_dir.parent / name, training.model).decided
                if case.labeled_by == "model"  # a rule's or a correction's label is not spread
            ]
        )
        training = with_spread(training, examples, labels, calibration)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_file = out_dir / "levelcal-model.bin"
    card_file = out_dir / "MODEL_CARD.md"
    write_atomically(model_file, training.model.to_bytes(), mode=0o644)  # a project file
    leaders_dir = corpus_dir.parent / "leader_calendars"
    leaders = unconfigured = None
    if (leaders_dir / leader_check.MANIFEST).is_file():
        stage("reading the leader calendars")
        leaders = leader_check.check(leaders_dir, training.model)
        unconfigured = leader_check.check(leaders_dir, training.model, with_executives=False)
    later = tuple(
        (name, leader_check.check(corpus_dir.parent / name, training.model))
        for name in model_card.LATER_SETS
        if (corpus_dir.parent / name / leader_check.MANIFEST).is_file()
    )
    stage("measuring speed")
    names = sorted(p.name for p in corpus_dir.glob("*.jsonl"))
    sample = [example.features for example in examples]
    card = model_card.render(
        training, examples, names, speed.measure(model_file, sample), leaders, unconfigured, later
    )
    write_atomically(card_file, card, mode=0o644)
    return Trained(training, leaders, later, model_file, card_file)
