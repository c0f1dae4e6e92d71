"""What clients add to a title is removed before any feature; titles that only name
people are recognized, known names or not."""

import pytest

from levelcal.classify.features import EventFeatures, title_chars, title_shape, title_words
from levelcal.classify.people import is_pair, names_only
from levelcal.classify.titles import clean


@pytest.mark.parametrize(
    "written",
    [
        "Invitation: Board meeting",
        "Updated invitation: Board meeting",
        "Updated invitation with note: Board meeting",
        "FW: Board meeting",
        "Fwd: Board meeting",
        "fwd:Board meeting",
        "WG: Board meeting",
        "TR: Board meeting",
        "RE: Board meeting",
        "AW: WG: Board meeting",
        "RV: RE: Board meeting",
        "[EXT] Board meeting",
        "[External] Board meeting",
        "[EXTERNAL]: Board meeting",
        "EXTERNAL: Board meeting",
        "Tentative: Board meeting",
        "Accepted: Board meeting",
        "Einladung: Board meeting",
        "Aktualisierte Einladung: Board meeting",
        "Invitation mise à jour : Board meeting",
        "Invitación: Board meeting",
        "Convite: Board meeting",
        "Uitnodiging: Board meeting",
        "Invito: Board meeting",
        "招待: Board meeting",
        "Invitation: Board meeting @ Mon Nov 23, 2026 10am - 11am (PST) (dana@northwind.example)",
        "Updated invitation: Board meeting @ Weekly from 10am to 11am on Monday (PST) "
        "(dana@northwind.example)",
        "Einladung: Board meeting @ Mo. 23. Nov. 2026 10:00 - 11:00 (MEZ) (jonas@faltwerk.example)",
        "招待: Board meeting @ 2026年11月19日 (木) 13:00～14:30 (JST) (sato@kawamura.example)",
    ],
)
def test_client_prefixes_and_invitation_tails_are_not_part_of_the_title(written):
    assert clean(written) == "Board meeting"
    plain, forwarded = EventFeatures(title="Board meeting"), EventFeatures(title=written)
    assert title_words(forwarded) == title_words(plain)
    assert title_chars(forwarded) == title_chars(plain)


@pytest.mark.parametrize(
    "title",
    [
        "RE:",
        "Re: ",
        "Prep: board deck",
        "Coffee @ Blue Bottle",
        "Re-org planning",
        "Travel: FW conference",
    ],
)
def test_the_authors_own_words_are_kept(title):
    assert clean(title) == title.strip()


@pytest.mark.parametrize(
    "title",
    [
        "Mike <> Dana",
        "Dana / Mike",
        "Dana:Mike",
        "Dana x Mike",
        "Giulia e Marco",
        "Jeroen en Sanne",
        "1:1 Hannah/Luis",
        "Caleb<>Maya (weekly)",
        "Simone – Paolo",
        "田中 / 佐藤",
        "mike <> dana",  # known names, however they are cased
    ],
)
def test_two_names_joined_are_a_pair(title):
    assert is_pair(title)
    assert "shape=names" in title_shape(EventFeatures(title=title))


@pytest.mark.parametrize(
    "title",
    [
        "Faith x Wanjiru (moved – FAC pack)",  # from hand-labeled calendars of set G
        "Matthias <> Katrin (Mi statt Di – KW in London)",
        "Paolo x Chiara (anticipato - gio sono a Roma)",  # set E
        "Inoue / Sato（※13:30に変更）",
        "Thijs / Marloes [vervroegd]",
    ],
)
def test_a_note_in_brackets_after_names_still_only_names_who_meets(title):
    """A rescheduled 1:1 gets a note ("moved", "statt Di"); it still meets the same person.
    The note's words still reach the model, which weighs them against the names."""
    assert "shape=names" in title_shape(EventFeatures(title=title))


@pytest.mark.parametrize("title", ["Board (prep)", "Q3 review (Dana)", "Budget 2027 (Rui / Ana)"])
def test_names_in_brackets_after_a_topic_are_not_a_bare_name(title):
    assert "shape=names" not in title_shape(EventFeatures(title=title))


@pytest.mark.parametrize(
    "title",
    ["Check-in", "f/u", "sync-up", "Catch up – all afternoon", "Sync w/ Tom", "Q3 / Q4 plan"],
)
def test_joined_words_that_are_not_names_are_not_a_pair(title):
    assert not is_pair(title)


@pytest.mark.parametrize(
    "title",
    ["Priya", "Frau Krüger", "田中さん", "Dr. Patel", "Sanne de Vries x Jeroen", "Jürgen"],
)
def test_a_bare_name_names_only_people(title):
    assert names_only(title)


@pytest.mark.parametrize(
    "title", ["Hackathon", "Board", "Lunch", "Strategy offsite", "Acme", "Sync", "Budget 2027"]
)
def test_a_word_is_not_a_name_unless_it_is_one(title):
    assert not names_only(title)


@pytest.mark.parametrize(
    "title",
    [
        "Point hebdo Claire / Julien",  # from the hand-labeled CFO calendar
        "Sync w/ Tomás",
        "Catch-up with Priya",
        "Jour fixe mit Anna",
        "Reunión con Carmen Ortega",
        "Ponto de situação Ana / Rui",
        "Overleg Sanne & Joost",
        "松本様 打ち合わせ",
    ],
)
def test_a_meeting_word_with_names_only_names_who_meets(title):
    """LEVELS.md hard case 4: "Sync", "Catch up", "Meeting" say nothing of the level. With
    names beside them, the title still only says who meets: the room decides."""
    assert names_only(title)
    assert "shape=names" in title_shape(EventFeatures(title=title))


@pytest.mark.parametrize(
    "title",
    [
        "Sync",  # nobody named
        "Weekly sync",
        "Coffee w/ Sam",  # what they do, not only who
        "Pairing w/ Kenji: parser refactor",
        "Call Mom",
        "Meeting room B",
        "Chat with Jordan about pricing",
    ],
)
def test_a_meeting_word_without_names_or_with_more_is_not_names_only(title):
    assert not names_only(title)


def test_the_forms_of_a_long_title_word_count_together():
    """ "Strategic", "Strategie" and "strategia" are one word to the stems block; short
    words and Japanese, which has no spaces to cut at, give no stem."""
    from levelcal.classify.features import title_stems

    def stems(title: str) -> list[str]:
        return title_stems(EventFeatures(title=title))

    assert stems("FW: Strategic review") == ["strate~"]
    assert stems("Strategie-Workshop 2027") == ["strate~", "worksh~"]
    assert stems("strategia di prodotto") == ["strate~", "prodot~"]
    assert stems("Board sync") == []
    assert stems("経営戦略会議について") == []


def test_a_generic_title_takes_its_topics_from_the_description():
    """ "Catch up" names nothing; its description does. A pasted video-call invitation is
    how to join, not what the meeting is about: it names no topic."""
    from levelcal.classify.features import context_topics

    about = context_topics(
        EventFeatures(title="Catch up", description="Budget for the Q3 hiring plan")
    )
    assert {"topic=money_budget", "topic=hiring"} <= set(about)
    invitation = (
        "Join Zoom Meeting\nhttps://us06web.zoom.us/j/89920144713?pwd=golf\n\n"
        "Meeting ID: 899 2014 4713\nPasscode: 774210"
    )
    assert context_topics(EventFeatures(title="Catch up", description=invitation)) == []
