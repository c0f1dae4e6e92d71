"""What the classifier sees of an event: who is in the room, from the owner's side."""

from datetime import UTC, datetime

from levelcal.classify.features import EventFeatures, context_words, from_event
from levelcal.events import Attendee, Event

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
END = datetime(2026, 3, 2, 9, 45, tzinfo=UTC)
ME = "kim@orca.example"


def event(organizer: str | None, *emails: str) -> Event:
    attendees = tuple(Attendee(email, "", declined=False) for email in emails)
    return Event("u", None, "Budget review", START, END, organizer=organizer, attendees=attendees)


def test_the_organizer_counts_even_when_not_listed_as_an_attendee():
    features = from_event(event("cfo@orca.example", ME, "ceo@orca.example"), frozenset({ME}))
    assert (features.attendees, features.external, features.i_organize) == (2, False, False)
    assert features.minutes == 45


def test_an_organizer_listed_as_attendee_is_one_person():
    features = from_event(event(ME, ME, "lee@orca.example"), frozenset({ME}))
    assert (features.attendees, features.external, features.i_organize) == (1, False, True)


def test_anyone_outside_the_owners_domain_is_external():
    features = from_event(event(ME, ME, "buyer@acme.example"), frozenset({ME}))
    assert (features.attendees, features.external) == (1, True)


def test_without_an_owner_one_person_is_assumed_to_be_the_owner():
    # Organizer's domain is home; three people, one of them the owner: two others.
    features = from_event(
        event("lee@orca.example", "lee@orca.example", "sam@orca.example", "ana@acme.example"),
        frozenset(),
    )
    assert (features.attendees, features.external) == (2, True)


def test_an_event_with_nobody_else_has_no_attendees():
    assert from_event(event(ME), frozenset({ME})).attendees == 0
    assert from_event(event(None), frozenset()).attendees == 0


def test_rooms_booked_as_guests_are_not_people():
    """RFC 5545 §3.2.3: CUTYPE=ROOM or RESOURCE is a place or a thing; Google books its
    rooms as guests at resource.calendar.google.com. Neither makes a 1:1 a meeting with
    an outsider."""
    from calendars import vcalendar, vevent
    from levelcal.ingest.ics import read_calendar

    data = vcalendar(
        vevent(
            "one-on-one@test",
            "Meredith / Arjun",
            "DTSTART:20261116T170000Z",
            "DTEND:20261116T173000Z",
            f"ORGANIZER:mailto:{ME}",
            f"ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED:mailto:{ME}",
            "ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED:mailto:arjun@orca.example",
            "ATTENDEE;CUTYPE=RESOURCE;CN=SEA-5 (4):mailto:c_1884@resource.calendar.google.com",
            "ATTENDEE;CUTYPE=ROOM;CN=Boardroom:mailto:boardroom@rooms.orca-facilities.example",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:c_99@resource.calendar.google.com",
        )
    )
    read = read_calendar(
        data,
        source="t.ics",
        span_start=datetime(2026, 11, 16, tzinfo=UTC),
        span_end=datetime(2026, 11, 17, tzinfo=UTC),
        tz=UTC,
    )
    (event,) = read.events
    assert [a.email for a in event.attendees] == [ME, "arjun@orca.example"]
    features = from_event(event, frozenset({ME}))
    assert (features.attendees, features.external) == (1, False)


def test_binary_analyzers_give_each_token_once():
    """The scorer counts a binary block's tokens as they come (no de-duplication), as
    scikit-learn's binary vectorizer would have them: present or not."""
    from levelcal.classify.features import ANALYZERS, EventFeatures
    from levelcal.classify.train import BLOCKS

    samples = [
        EventFeatures(title="FW: Board meeting board", attendees=3, external=True),
        EventFeatures(title="Mike <> Dana", recurring=True, minutes=30),
        EventFeatures(title="Pádel + padel 🎾 PLAT-1 PLAT-1", description="Zoom"),
        EventFeatures(title="Sync", description="Budget, budget and the budget review"),
    ]
    for spec in BLOCKS:
        if spec.binary:
            for sample in samples:
                tokens = ANALYZERS[spec.analyzer](sample)
                assert len(tokens) == len(set(tokens)), (spec.analyzer, tokens)


def test_each_analyzer_reads_only_what_the_scorer_keys_it_by():
    """The scorer works an analyzer's tokens out once per distinct value of what it reads
    (`READS`): an analyzer that read one more field would be scored wrong, silently."""
    from dataclasses import fields, replace

    from levelcal.classify.features import ANALYZERS, READS, EventFeatures

    base = EventFeatures(
        title="FW: Budget review w/ Mike <> Dana",
        description="Q3 numbers before the board",
        location="Room 4",
        attendees=3,
        minutes=45,
    )
    changed = {
        "title": "Strategy offsite",
        "description": "Hiring plan",
        "location": "Trattoria da Enzo",  # a kind of place: a room's name is not read
        "attendees": 12,
        "external": True,
        "i_organize": True,
        "recurring": True,
        "minutes": 240,
        "event_type": "focusTime",
        "executive": True,  # shown by `explain`; the model reads it as `external`
        "names_room": True,  # read by the model's gate, not by an analyzer
    }
    assert set(changed) == {field.name for field in fields(EventFeatures)}
    assert set(READS) == set(ANALYZERS)
    for name, reads in READS.items():
        for field, value in changed.items():
            other = replace(base, **{field: value})
            if reads(other) == reads(base):
                assert ANALYZERS[name](other) == ANALYZERS[name](base), (name, field)
            else:
                assert ANALYZERS[name](other) != ANALYZERS[name](base), (name, field)


GOOGLE_MARKER = "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"


def test_the_conference_block_of_google_and_teams_says_nothing_about_the_meeting():
    """Google Calendar sets its Meet block between two marker lines, Teams between two
    lines of underscores: "Please do not edit this section", "Click here to join the
    meeting" are the service's words, the agenda above them is the event's."""

    google = (
        "Agenda: renewal terms with Northwind's CFO\n\n"
        f"{GOOGLE_MARKER}\n"
        "Join with Google Meet: https://meet.google.com/vuu-kjmb-foz\n"
        "Or dial: (US) +1 929-659-7114 PIN: 5612465510087#\n"
        "More phone numbers: https://tel.meet/vuu-kjmb-foz?pin=5612465510087\n\n"
        "Learn more about Meet at: https://support.google.com/a/users/answer/9282720\n\n"
        "Please do not edit this section.\n"
        f"{GOOGLE_MARKER}"
    )
    teams = (
        "Agenda: renewal terms with Northwind's CFO\n\n" + "_" * 80 + "\n"
        "Réunion Microsoft Teams\n"
        "Rejoindre sur votre ordinateur, application mobile ou appareil de salle\n"
        "Cliquez ici pour participer à la réunion<https://teams.microsoft.com/l/meetup-join/x>\n"
        "ID de la réunion : 223 819 041 186\nCode secret : axwyfn\n"
        "Télécharger Teams<https://www.microsoft.com/microsoft-teams/download-app>\n" + "_" * 80
    )
    expected = ["agenda", "renewal", "terms", "with", "northwind", "cfo"]
    for description in (google, teams, google.rsplit("\n", 1)[0]):  # also a block cut short
        assert context_words(EventFeatures(title="Sync", description=description)) == expected


def test_a_conference_block_set_off_by_dashes_says_nothing_either():
    """BlueMind (as Thunderbird exports it) sets its block off with lines of dashes, in
    French: it goes like Teams' block. A block of dashes without joining instructions is
    what the meeting is about, and stays."""
    bluemind = (
        "----------\nVisioconférence BlueMind\n"
        "Rejoindre la visioconférence : https://visio.ville-estuaire.fr/cyril-jaouen-lm-7k2p9d\n"
        "Aucune installation nécessaire : un navigateur récent suffit.\n"
        "Par téléphone : +33 2 52 10 40 00, code 7K2P9D\n----------"
    )
    assert context_words(EventFeatures(title="Call Cyril J.", description=bluemind)) == []
    agenda = "Ordre du jour\n----------\nBudget primitif 2027\nArbitrages\n----------"
    words = context_words(EventFeatures(title="CODIR", description=agenda))
    assert words == ["ordre", "du", "jour", "budget", "primitif", "2027", "arbitrages"]


def test_a_forwarded_message_set_off_by_underscores_is_read():
    """Outlook sets off a forwarded message with a line of underscores too: without
    joining instructions in it, it is what the meeting is about."""

    forwarded = (
        "Can you take this one?\n" + "_" * 32 + "\n"
        "From: Sophie Lang\nSent: Friday, 6 November 2026 10:14\n"
        "Subject: Year-end audit fieldwork\n\nThe auditors want the inventory count plan."
    )
    words = context_words(EventFeatures(title="FW: Audit", description=forwarded))
    assert {"auditors", "inventory", "fieldwork"} <= set(words)


def test_japanese_voiced_kana_and_a_one_on_one_marker_name_their_topics():
    """NFKD splits "ゴ" into "コ" and a mark that is no accent: folding joins them again, so
    the lexicon's "ゴルフ" matches a title's. "1:1" is one word, not "1" and "1"."""
    from levelcal.classify.topics import topics

    assert "sport_fitness" in topics("ゴルフコンペ")
    assert "sport_fitness" in topics("ｺﾞﾙﾌ")  # half-width katakana, as old systems write it
    assert "people_management" in topics("1:1 with Anna")


def test_a_short_head_names_a_compound_only_where_a_word_follows_it():
    """A compound the lexicon lacks is read by its parts, but five or six letters before an
    ending are often another word: "Operations" is no opera, "comercial" no meal,
    "cardiologia" no sport. A linking "s" or "en" before the next word is fine."""
    from levelcal.classify.topics import topics

    assert "leisure_culture" not in topics("Operations review")
    assert "leisure_culture" not in topics("Operaciones semanales")
    assert "meals_food" not in topics("Reunião comercial")
    assert "sport_fitness" not in topics("Riunione cardiologia")
    assert "leisure_culture" in topics("Opera night")  # the word itself still counts
    assert "external_stakeholders" in topics("Klantenservice overleg")  # klant|en|service
    assert "executive_bodies" in topics("Vorstandsebene")  # a long head names its topic
    assert "culture_org_design" in topics("Personalentwicklung")


def test_a_rooms_name_is_not_read_but_the_kind_of_place_is():
    """A room's name says where, not at which level: "HQ - CFO Office" must not make a 1:1
    directing. A restaurant, a gym or an airport says what the event is."""
    from levelcal.classify.features import context_topics

    def context(location: str) -> tuple[list[str], list[str]]:
        features = EventFeatures(title="Marcus / Joanne", location=location)
        return context_words(features), context_topics(features)

    for room in (
        "HQ - CFO Office",
        "Boardroom",
        "GF-Besprechung (Verwaltung, 2. OG)",
        "役員会議室",
    ):
        assert context(room) == ([], []), room
    assert context("Sushi Ishikawa, Ginza") == ([], ["topic=meals_food"])
    assert context("Fitness First, Leopoldstraße") == ([], ["topic=sport_fitness"])
    assert context("Aeropuerto de Barajas, T4") == ([], ["topic=travel_transport"])
    # A salon is a trade fair in French, not a hairdresser's.
    assert context("Salon des Maires - stand Berger-Levrault (Pav. 3)") == ([], [])
    described = EventFeatures(title="Sync", description="Budget 2027 with the CFO", location="Gym")
    assert context_words(described) == ["budget", "2027", "with", "the", "cfo"]
    assert "topic=sport_fitness" in context_topics(described)
