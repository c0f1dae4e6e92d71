"""A function's own team meeting: "Finance LT", "Staff IT", "Eng leads", "技術本部 部長会".

LEVELS.md puts weekly team meetings and reviews inside one function at managing,
and leadership or executive staff meetings across functions at directing. Real
calendars name the first by the function and a word for its team ("LT", "staff",
"leads", "部長会"), and the second without a function ("ELT", "Comité de
Dirección", "経営会議"). The text model reads words one by one, and "LT" is
mostly the executive team in the corpus: it labels the first directing too
(`model.own_team_is_managing` sets that right).

The words are written here from general knowledge, in the corpus's eight
languages, folded as `topics.fold` folds a title.
"""

from __future__ import annotations

import functools
import itertools
import re

from levelcal.classify.topics import fold, word_set

# A company's functions and departments: one of them names whose team meets.
_FUNCTIONS = word_set(
    # English
    "it r&d rnd finance fin sales marketing mktg hr people ops operations engineering eng "
    "tech technology product legal procurement purchasing quality qa nursing production "
    "manufacturing cs support design data analytics security infosec treasury accounting "
    "controlling fp&a tax logistics facilities compliance research clinical editorial "
    "newsroom comms communications brand growth infra infrastructure devops platform "
    "digital revenue gtm retail ecommerce e-commerce ecom merchandising regulatory hse ehs "
    "aftersales pharmacovigilance "
    # German
    "vertrieb einkauf finanzen personal entwicklung produktion fertigung qualitat "
    "buchhaltung rechnungswesen logistik technik forschung f&e recht rechtsabteilung "
    "pflege kundenservice konstruktion instandhaltung "
    # French
    "finances achats ventes commercial qualite dsi drh rh juridique logistique exploitation "
    "maintenance informatique soins comptabilite tresorerie redaction technique "
    # Spanish
    "finanzas compras ventas operaciones rrhh ti sistemas tecnologia produccion calidad "
    "juridico logistica tesoreria contabilidad ingenieria mantenimiento enfermeria "
    # Portuguese
    "financas financeiro vendas operacoes tecnologia producao qualidade logistica "
    "tesouraria contabilidade engenharia manutencao enfermagem controladoria suprimentos "
    # Italian
    "finanza amministrazione acquisti vendite commerciale operazioni produzione qualita "
    "personale legale tesoreria contabilita ingegneria manutenzione ict "
    # Dutch
    "financien inkoop verkoop productie kwaliteit p&o personeelszaken logistiek techniek "
    "onderhoud verpleging"
)
_FUNCTION_PHRASES = frozenset(
    (
        "supply chain",
        "customer success",
        "medical affairs",
        "after sales",
        "field service",
        "customer care",
        "store operations",
        "customer service",
        "service desk",
        "human resources",
        "risorse umane",
        "sistemi informativi",
        "controllo di gestione",
        "controle de gestion",
        "recursos humanos",
        "atencion al cliente",
    )
)
_JAPANESE_FUNCTIONS = (
    "営業", "人事", "経理", "財務", "技術", "開発", "製造", "品質", "総務", "法務", "購買",
    "調達", "情報システム", "情シス", "看護", "物流", "生産", "設計", "研究", "販売",
    "商品企画", "マーケティング", "広報", "デザイン",
)  # fmt: skip

# The words for a team's own meeting or its leaders, said with the function's name.
_TEAM_WORDS = word_set(
    "lt mt slt olt staff leads leitungskreis leitungsrunde leitungsteam fuhrungskreis "
    "fuhrungsrunde fuhrungsteam bereichsrunde abteilungsrunde teamrunde teammeeting "
    "managementteam managementoverleg teamoverleg afdelingsoverleg"
)
_TEAM_PHRASES = frozenset(
    (
        "leadership team",
        "leadership meeting",
        "leadership weekly",
        "leadership sync",
        "leadership staff",
        "management team",
        "mgmt team",
        "management meeting",
        "team meeting",
        "team weekly",
        "staff meeting",
        "staff mtg",
        "mt overleg",
        "prime linee",
        "riunione di staff",
        "reunion d'equipe",
        "reunion de service",
        "reunion de equipo",
        "reuniao de equipe",
        "reuniao de equipa",
        "riunione di team",
    )
)
_JAPANESE_TEAM_WORDS = (
    "部長会", "課長会", "部会", "部内", "本部会議", "幹部会", "管理職会議", "リーダー会",
    "定例", "週次", "月例", "会議", "ミーティング",
)  # fmt: skip

# Whoever is above the function, outside it, or everyone: then it is not one function's
# own team.
_ABOVE = word_set(
    "elt exec executive c-suite ceo cfo coo cto cio cro cmo cpo chro ciso board bod vorstand "
    "geschaftsleitung geschaftsfuhrung aufsichtsrat comex directorio diretoria rvb townhall "
    "codir all"
)
_ABOVE_PHRASES = frozenset(
    (
        "direction generale",
        "comite executif",
        "comite ejecutivo",
        "comite executivo",
        "comitato esecutivo",
        "raad van bestuur",
        "all hands",
        "town hall",
        "cross functional",
    )
)
_JAPANESE_ABOVE = (
    "経営", "役員", "取締役", "全社", "社長", "本部長", "事業部長", "支店長", "所長",
    "顧客", "施主",
)  # fmt: skip
# "Staff" is a rank beside one of these ("Staff Eng loop", "JD: Staff Data Scientist"):
# not the team's meeting then.
_NOT_A_MEETING = word_set(
    "eng engineer swe sre ml designer scientist developer pm accountant analyst"
)
_WORD = re.compile(r"[^\W_]+(?:[&'][^\W_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


@functools.lru_cache(maxsize=65_536)
def names_one_function_team(title: str) -> bool:
    """Whether the title is a meeting of one function's own team or leaders: a team word
    and the name of exactly one function, nobody above it named."""
    text = fold(title)
    words = _WORD.findall(text)
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(words)}
    triples = {f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)}
    phrases = pairs | triples
    runs = " ".join(_CJK.findall(text))  # apart: no word is read across two runs
    if (
        not _ABOVE.isdisjoint(words)
        or not _ABOVE_PHRASES.isdisjoint(phrases)
        or any(word in runs for word in _JAPANESE_ABOVE)
    ):
        return False
    functions = {word for word in words if word in _FUNCTIONS}
    functions |= phrases & _FUNCTION_PHRASES
    functions |= {word for word in _JAPANESE_FUNCTIONS if word in runs}
    if len(functions) != 1:
        return False
    team = {word for word in words if word in _TEAM_WORDS}
    if not _NOT_A_MEETING.isdisjoint(words):
        team.discard("staff")
    return bool(
        team or phrases & _TEAM_PHRASES or any(word in runs for word in _JAPANESE_TEAM_WORDS)
    )
