"""Titles that only name people: "Mike <> Dana", "Priya", "Frau Krüger", "田中さん".

Such a title says that someone meets someone, not at which level: LEVELS.md
leaves it to who is in the room. The classifier has to recognize the shape
even for names it never saw in its corpus, so it reads it from the separators
and from a lexicon of common given names and surnames in the corpus's
languages and beyond (`names/`, written for levelcal, words that are also
ordinary words left out).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from levelcal.classify.topics import fold, topics, word_set

_NAMES = Path(__file__).parent / "names"

# Two names joined the way calendars join them: "Mike <> Dana", "Dana / Mike", "Dana:Mike",
# "Dana x Mike", "Giulia e Marco", "1:1 Hannah/Luis", "Caleb<>Maya (weekly)". A dash joins
# names only between spaces ("Simone – Paolo"), not inside a word ("Check-in").
_NAME_PART = r"[^\W\d_][\w'.]*(?:[ -][^\W\d_][\w'.]*)?"  # one or two words
_PAIR = re.compile(
    rf"^(?:(?:1:1|1on1|1-on-1|o3)\s*[:\-–]?\s*)?(?P<first>{_NAME_PART})\s*"
    r"(?:<>|<->|<=>|/|\||\sx\s|:|\+|&|\s[-–]\s|\sand\s|\sund\s|\set\s|\sy\s|\se\s|\sen\s|と|・)"
    rf"\s*(?P<second>{_NAME_PART})(?:\s*\([^)]*\))?\W*$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"<>|<->|<=>|[/|:+&,()\[\]–—·・と]|\s-\s|\s+")


# Words around names that do not change what the title is: a 1:1 marker, a cadence, "and",
# "with", and the words for a meeting that say nothing of its level (LEVELS.md hard case 4:
# "Sync", "Catch up", "Meeting"). "Point hebdo Claire / Julien" and "Sync w/ Tomás" only
# name who meets; "Coffee w/ Sam" and "Pairing w/ Kenji" say what they do.
_FILLERS = word_set(
    "1:1 1on1 1-on-1 o3 x and und et y e en weekly biweekly bi-weekly monthly daily "
    "wöchentlich hebdo hebdomadaire mensuel semanal mensual settimanale mensile wekelijks "
    "maandelijks 定例 "
    # with
    "with w w/ mit avec con com met "
    # a meeting, said without saying what it is about
    "sync sync-up catch catch-up catchup up check check-in checkin in touchpoint touch base "
    "chat quick meeting mtg call jour fixe abstimmung austausch besprechung termin gespräch "
    "point réunion échange rdv reunión llamada charla seguimiento ponto de situação reunião "
    "conversa alinhamento overleg bila gesprek afstemming punto riunione aggiornamento "
    "allineamento chiamata 面談 打ち合わせ 打合せ ミーティング"
)
_FILLERS |= {fold(word) for word in _FILLERS}  # `_bare_words` compares folded words
_HONORIFICS = word_set(
    "mr mr. mrs mrs. ms ms. dr dr. herr frau m. mme mme. mlle sr sr. sra sra. srta don "
    "doña dhr dhr. mevr mevr. sig sig. sig.ra dott dott. dott.ssa ing ing. avv avv. prof "
    "prof."
)
_JAPANESE_SUFFIXES = ("さん", "様", "氏", "先生", "くん", "君", "ちゃん")


@functools.cache
def _lexicon(name: str) -> frozenset[str]:
    try:
        text = (_NAMES / name).read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    # Folding is per character: the whole file at once is the same as line by line, faster.
    return frozenset(line.strip() for line in fold(text).splitlines() if line.strip())


def _folded(word: str) -> str:
    """Case and accents aside: "José" is "jose", "Jürgen" is "jurgen"."""
    return fold(word.strip())


def is_pair(title: str) -> bool:
    """Two names joined by a separator, nothing else (a 1:1 marker and a cadence aside).

    Each side is one or two words, each capitalized ("Dana", "Ana Rita"), written in
    Japanese or Chinese, or a known name however it is cased ("mike <> dana").
    """
    found = _PAIR.match(title)
    if found is None or _has_digits(title):
        return False
    words = found["first"].replace("-", " ").split() + found["second"].replace("-", " ").split()
    return all(_looks_like_a_name(word) for word in words)


_DIGIT = re.compile(r"\d")


def _has_digits(title: str) -> bool:
    """Digits other than a 1:1 marker: a date, a number, a ticket; not a person's name."""
    return bool(_DIGIT.search(title.replace("1:1", "")))


def _looks_like_a_name(word: str) -> bool:
    return word[:1].isupper() or not word[:1].isascii() or _is_name(word)


@functools.lru_cache(maxsize=65_536)
def _is_name(word: str) -> bool:
    word = word.strip(".'’")
    for suffix in _JAPANESE_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return True  # 田中さん, 佐藤様: a person, whoever they are
    folded = _folded(word)
    return folded in _lexicon("given.txt") or folded in _lexicon("surnames.txt")


def names_only(title: str) -> bool:
    """Every word names a person (a known given name or surname, or a capitalized word
    after one or after an honorific), joined by separators: "Priya", "Marcus / Elena",
    "Frau Krüger", "Sanne de Vries x Jeroen", "田中 / 佐藤"."""
    if len(title) > 60 or _has_digits(title):
        return False
    named = previous_is_name = False
    count = 0
    for word in _SEPARATORS.split(title):  # most titles fail on their first word: no list
        folded = word.casefold()
        if not word or folded in _FILLERS:
            continue
        count += 1
        if count > 6:
            return False
        if folded in _HONORIFICS:
            previous_is_name = True
            continue
        if _is_name(word):
            named = previous_is_name = True
            continue
        # A surname after a given name or an honorific, a particle inside a name ("de", "van").
        if previous_is_name and (
            word[:1].isupper() or word in ("de", "van", "von", "da", "di", "del")
        ):
            named = True
            continue
        return False
    return named


# A meal, a coffee or a drink, in the words calendars use for them: "Lunch", "Déj.", "Mittag",
# "Almoço", "Pranzo", "Koffie", "Borrel", "会食", "ランチ".
_MEALS = word_set(
    "lunch brunch dinner breakfast brekkie coffee drinks drink beers mittag mittagessen "
    "abendessen frühstück kaffee essen feierabendbier déj dej déjeuner dejeuner dîner diner "
    "petit-déj petit-déjeuner apéro verre comida almuerzo cena desayuno café cafe cafecito "
    "cañas almoço almoco jantar pequeno-almoço lanche pranzo colazione caffè caffe aperitivo "
    "ontbijt koffie borrel biertje etentje dinar sopar esmorzar cafè 会食 ランチ 昼食 夕食 "
    "朝食 食事 飲み お茶 コーヒー"
) | {"happy hour", "café da manhã", "un verre"}
_MEAL_FIRST = re.compile(
    r"^\s*(?:" + "|".join(re.escape(m) for m in sorted(_MEALS, key=len, reverse=True)) + r")\.?"
    r"(?:\s*(?:[-–—:：(（/／]|w/|m/|with|mit|avec|con|com|met|c/|amb|bij)\s*|\s+)(?P<who>.+)$",
    re.IGNORECASE,
)
_MEAL_LAST = re.compile(  # Japanese puts the meal last: "佐藤さんとランチ"
    r"^\s*(?P<who>[^\s]+?)と(?:" + "|".join(m for m in _MEALS if not m.isascii()) + r")\s*$"
)
_TABLE_WORDS = word_set(  # articles, family words and more honorifics before who eats
    "the a o os i il l' les la le los las die der den familie famille família familia "
    "famiglia hr hr. fr fr. eng eng. mw mw. dona dom"
)
_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}|[A-Z]\.?-[A-Z]\.?")
_CJK_NAME = re.compile(r"[\u3400-\u9fff]{2,4}")


def meal_with_names(title: str) -> bool:
    """A meal, a coffee or a drink, and only who: "Lunch w/ Sam", "Déj. avec M. Dubois",
    "Almoço c/ Rui", "Coffee - R. Whitfield", "会食（田中様）". Whether it is work depends
    on who is at the table (LEVELS.md hard case 1), which the title does not say; "Team
    lunch", "Lunch & Learn" and "Dinner - board" say what it is."""
    who = _who_eats(title)
    return who is not None and who[:1].isalpha() and _only_names(who)


def is_a_meal(title: str) -> bool:
    """A meal and who eats, whoever they are: "Mittag Upmeier", "Almoço Bruno (Serra
    Capital)". With `names_the_room`, a meal with people of the room."""
    return _who_eats(title) is not None


def _who_eats(title: str) -> str | None:
    """What follows the meal (or, in Japanese, precedes it), if the title is a meal and
    more; None otherwise."""
    if len(title) > 60 or _has_digits(title):
        return None
    found = _MEAL_FIRST.match(title)
    if found is None and "と" in title:  # the only way the meal comes last
        found = _MEAL_LAST.match(title)
    return None if found is None else _TRAILING.sub("", found["who"])


_TRAILING = re.compile(r"[\W_]+$")  # a closing bracket, an emoji: not part of a name
_WHO_SEPARATORS = re.compile(r"[\s/|&,・、]+")


def _only_names(who: str) -> bool:
    """Every word names a person: a known name, initials, a surname after a name, an
    honorific or an article ("Hr. Berger", "the Hendersons", "JB"), a Japanese name."""
    named = previous_is_name = False
    words = [w for w in _WHO_SEPARATORS.split(who) if w]
    if not 0 < len(words) <= 5:
        return False
    for word in words:
        folded = word.casefold()
        if folded in _FILLERS:
            continue
        if folded in _HONORIFICS or folded in _TABLE_WORDS or folded.startswith("l'"):
            previous_is_name = True
            word = word[2:] if folded.startswith("l'") else ""
            if not word:
                continue
        if _is_name(word):
            named = previous_is_name = True
            continue
        if topics(word):
            return False  # "CTO", "Sindaco", "board": who they are says what it is
        if _INITIALS.fullmatch(word) or _CJK_NAME.fullmatch(word):
            named = previous_is_name = True
            continue
        if previous_is_name and word[:1].isupper():
            named = True
            continue
        return False
    return named


# What a calendar adds around an organization's name, and what an address's domain holds
# besides it: legal forms, and the labels of mail providers and registries.
_LEGAL_FORMS = word_set(
    "ag gmbh kg se sa sas sarl spa srl bv nv ltd ltda llc inc corp co plc kk oy ab as "
    "株式会社 有限会社"
)
_NOT_AN_ORGANIZATION = word_set(
    "com net org edu gov co ac or ne go mail email gmail googlemail outlook hotmail live msn "
    "yahoo icloud me mac aol gmx web proton protonmail posteo t-online orange free wanadoo "
    "libero uol bol terra naver qq 163 docomo ezweb softbank"
)
_NAME_WORD = re.compile(r"[^\W\d_]+")
_GROUPS = word_set(
    "team teams equipe equipo equipa squadra ploeg groep gruppe gruppo group all alle tous "
    "todos tutti everyone staff"
)
_SKIPPED = _FILLERS | _HONORIFICS | _LEGAL_FORMS | {fold(meal) for meal in _MEALS}
_PERSONAL_ADDRESS = re.compile(r"[^\W\d_][._-][^\W\d_]")


def names_the_room(title: str, people: Iterable[tuple[str, str]]) -> bool:
    """The title only names people or organizations that are in the room: "Esselunga" with
    someone from esselunga.it, "Kinetica Freight" with kineticafreight.com, "Ken / Meredith"
    with Ken and Meredith, "Hugues Barthélémy" with Hugues Barthélémy, "Mittag Upmeier" with
    Jens Upmeier. Such a title is a bare name, however rare (no lexicon holds every
    customer): LEVELS.md leaves it to the room.

    `people` are everyone's (address, display name), the owner's too ("Ken / Meredith" in
    Meredith's calendar). A title with digits never matches, nor one with a word of a topic
    ("Planning", "Travel"), unless that word is part of words that spell a domain's name
    whole: "Isar Hotels" with someone from isarhotels.de, "Serra Capital" with
    serracapital.com.br.
    """
    readings = {words for words in (_bare_words(title), _bare_words(_spelled_out(title))) if words}
    if not readings:
        return False
    names: set[str] = set()
    labels: set[str] = set()
    for address, display in people:
        local, _, domain = address.lower().partition("@")
        names.update(_NAME_WORD.findall(_folded(display)))
        if _PERSONAL_ADDRESS.search(local):  # first.last@, not a list's team@ or planning@
            names.update(_NAME_WORD.findall(local))
        for label in domain.split(".")[:-1]:
            if label not in _NOT_AN_ORGANIZATION:
                # "groupe-vernier" is Vernier's and "muehle-wimmer" Mühle Wimmer's
                labels.update((label.replace("-", ""), *label.split("-")))
    names -= _GROUPS  # a list's display name ("Marketing Team") names nobody
    return any(_all_named(words, names, frozenset(labels)) for words in readings)


# A Japanese organization's name cannot be matched with the room's addresses without a
# dictionary of readings: オリンパス writes olympus.com, 洛都銀行 rakuto-bank.co.jp.
_ORGANIZATION_ENDINGS = sorted(  # the longest first, and always in the same order
    word_set(
        "銀行 信用金庫 信金 証券 保険 生命 損保 商事 物産 商社 商会 商店 工業 産業 興業 製作所 "
        "電機 電工 精機 重工 化学 製薬 薬品 食品 酒造 建設 工務店 不動産 運輸 物流 海運 鉄道 "
        "交通 自動車 電力 ガス 通信 放送 新聞 出版 印刷 製紙 鉄鋼 金属 技研 ホールディングス "
        "グループ コーポレーション システムズ ソリューションズ テクノロジーズ"
    ),
    key=lambda ending: (-len(ending), ending),
)
_LEGAL_MARKS = re.compile(r"株式会社|有限会社|合同会社|[（(]株[）)]|㈱")
_KATAKANA_NAME = re.compile(r"[ァ-ヺー]{2,}[A-Z0-9]{0,3}|[A-Z]{1,4}")
_KANJI_OR_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]+")
# Katakana words of what people do, which no topic of the lexicon lists.
_KATAKANA_ACTIVITIES = word_set(
    "イベント フォーカス ミート インタビュー マーケティング セールス ボウリング ミーティング "
    "アポ ブリーフィング ディスカッション ヒアリング フォロー アップ チェック"
)


def names_a_japanese_organization(title: str) -> bool:
    """The title is only a Japanese organization's name: katakana words that name no topic
    ("オリンパス", "ホワイトリネン", "アスカEV"), or a name with a company's ending ("東邦原薬商事",
    "洛都銀行", "(株)大和精機"), an honorific after it ("星野電機様"). With someone from outside
    in the room, the title names them (`features`), though their address spells it in
    another script."""
    words = [w for w in re.split(r"[\s・]+", _without_suffixes(_LEGAL_MARKS.sub(" ", title))) if w]
    if not words or len(words) > 3:
        return False
    if all(_KATAKANA_NAME.fullmatch(w) for w in words):
        return any(_KANJI_OR_KANA.search(w) for w in words) and not any(
            w in _KATAKANA_ACTIVITIES or topics(w) for w in words
        )
    if len(words) != 1:
        return False
    (word,) = words
    for ending in _ORGANIZATION_ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word:
            return 1 <= len(stem) <= 8 and bool(_KANJI_OR_KANA.fullmatch(stem)) and not topics(stem)
    return False


def _all_named(words: tuple[str, ...], names: set[str], labels: frozenset[str]) -> bool:
    """Every word is a name in the room or part of a run of words that spells one of its
    domains' names ("redwood bay" and redwoodbay.vc)."""
    start = 0
    while start < len(words):
        for end in range(len(words), start + 1, -1):  # the longest run first
            run = "".join(words[start:end])
            if len(run) >= 4 and (
                run in labels
                or (
                    not any(topics(w) for w in words[start:end])
                    and any(label.startswith(run) for label in labels)
                )
            ):
                start = end
                break
        else:
            if not _named(words[start], names, labels):
                return False
            start += 1
    return True


def _named(word: str, names: set[str], labels: frozenset[str]) -> bool:
    """One word names someone in the room: a display name's word, a domain's name ("msc"
    and msc.com), or the start or the end of one ("safran" and safrangroup.com, "hera" and
    gruppohera.it). A word of a topic only as a domain's whole name."""
    if len(word) >= 3 and word in labels:
        return True
    if topics(word):
        return False
    return (len(word) >= 2 and word in names) or (
        len(word) >= 4 and any(label.startswith(word) or label.endswith(word) for label in labels)
    )


# Addresses spell "ü" as "ue" (muehle-wimmer.de), "ß" as "ss", "œ" as "oe".
_SPELLED_OUT = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "œ": "oe",
        "Œ": "Oe",
        "æ": "ae",
        "Æ": "Ae",
    }
)


def _spelled_out(title: str) -> str:
    return title.translate(_SPELLED_OUT)


@functools.lru_cache(maxsize=16_384)
def _bare_words(title: str) -> tuple[str, ...]:
    """The words a bare name is made of, folded, without what says nothing of the level
    (a cadence, "Sync", a meal, a legal form, an emoji, a hyphen inside a name:
    "Berger-Levrault"); no words when the title says more than names: digits, punctuation
    inside a word."""
    if _has_digits(title):
        return ()
    words: list[str] = []
    for token in _SEPARATORS.split(_without_suffixes(title)):
        token = _folded(token.strip(".'’"))
        if token in _SKIPPED or not any(c.isalnum() for c in token):
            continue
        words.extend(w for w in token.split("-") if w and w not in _SKIPPED)
    if not all(_NAME_WORD.fullmatch(w) for w in words):
        return ()
    return tuple(words)


def _without_suffixes(title: str) -> str:
    """Japanese honorific suffixes off each word: "田中さん" names 田中."""
    for suffix in _JAPANESE_SUFFIXES:
        title = title.replace(suffix + " ", " ").removesuffix(suffix)
    return title
