"""Automatic split of an essay into reminiscence / argument / transition sections.

The model is deliberately simple and explainable:

1. every paragraph gets *evidence* from cheap heuristics: verb tenses found with
   suffix and auxiliary rules (imparfait, passé simple, passé composé… / simple
   past, "used to", present…), temporal and argumentative phrases ("Il fut une
   époque", "je pense", "back then", "today"), questions, imperatives, and the
   heading it sits under;
2. the evidence becomes a score per kind; the plain present is re-read as a
   *historical present* inside a narrative frame ("On est en 1997.", "En 1998,
   j'ai quinze ans…"), and past tenses count for little inside an anecdote
   announced as an example ("Un exemple : en 2012, je travaillais…"), which
   serves the argument; imperatives and questions amid past narration are read
   as part of the story ("There were rules. Don't ask to ask.");  text typed
   without accents ("c'etait a l'epoque") reads like accented text;
3. a Viterbi pass over the whole sequence picks the best labelling, paying a
   cost each time the kind changes, so that one past-tense example does not cut
   an argument in two while a real multi-paragraph return to memories does.
   Transitions are short (at most two paragraphs) and only sit at the start, at
   the end, or between a reminiscence and an argument.

Explicitly marked ranges (:class:`Fixed`) are kept as they are; only the
stretches between them are split.

Speed: pure Python, no NLP library.  The whole text is tokenised once with
``str.split``; every distinct token is mapped (cached) to a short *code* string,
one character per word class, with a private character for each word used by
the phrase patterns.  Context rules (auxiliary + participle, subject + verb…) and
phrase patterns are then regular expressions over that compact code string, so
the per-paragraph work in Python is a handful of operations.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat
from types import MappingProxyType

# Section lives with the essay model, so a process that only receives a split essay
# (see lecteur.loader) need not import this module.
from lecteur.essay import MarkedSection, Section, SectionKind

__all__ = [
    "KINDS",
    "Section",
    "Fixed",
    "Evidence",
    "split_sections",
    "explain",
]

KINDS: tuple[str, ...] = tuple(SectionKind)
_R, _A, _T = KINDS


# --------------------------------------------------------------------------- API types


Fixed = MarkedSection
"""An explicitly marked range from the document; kept exactly."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why paragraph ``index`` ended up in a section of ``kind``.

    ``scores`` are the per-kind scores of the paragraph on its own (before the
    sequence pass); ``reasons`` short human strings, strongest first.
    """

    index: int
    kind: str
    scores: Mapping[str, float] = field(compare=False)
    reasons: tuple[str, ...] = ()

    def describe(self, *, first: int = 0) -> str:
        """One line, e.g. ``'¶4 reminiscence: imparfait ×3, "Il fut une époque"'``.

        ``first``: the number of the first paragraph (0 as in ``outline --json``; the
        reader counts from 1).
        """
        body = ", ".join(self.reasons) if self.reasons else "no clear evidence"
        return f"¶{self.index + first} {self.kind}: {body}"


# --------------------------------------------------------------------------- tuning

#: Cost of switching between reminiscence and argument.
CHANGE_COST = 2.0
#: Same, at a paragraph where the heading above changes.
HEADING_CHANGE_COST = 0.6
#: Factor on the change cost at a paragraph that opens with a signpost for the new kind.
SIGNPOST_DISCOUNT = 0.75
#: Small prior in favour of argument (the commoner kind in essays).
ARGUMENT_PRIOR = 0.25
#: Scale of the tense evidence (a paragraph purely in the past scores about this).
TENSE_SCALE = 3.0
#: Factor on past-tense evidence in a paragraph without any first-person word.
IMPERSONAL_PAST = 0.7
#: Bonus for the kind announced by the heading above a paragraph.
HEADING_BONUS = 4.0
#: Transition score relative to the other kinds (negative: transitions need evidence).
TRANSITION_BASE = -1.0
#: Weight of the plain present re-read as narration under an explicit frame ("On est en 1997.").
EXPLICIT_FRAME = 0.8
#: Own score above which a paragraph opens an implicit narrative frame (the present
#: that follows is then neutral rather than argumentative).
IMPLICIT_FRAME_OPEN = 1.5
#: Factor on past evidence inside an announced example ("Un exemple : en 2012, je
#: travaillais…"): an anecdote told to support the thesis belongs to the argument.
EXAMPLE_PAST = 0.35
#: A phrase starting within this many codes (≈ words) of the paragraph start "opens" it.
_SIGNPOST_CODES = 9
_NOW_AT_START_CODES = 6

# Phrase families: (weight, cap per paragraph); positive = reminiscence.
_GROUP_WEIGHTS: dict[str, tuple[float, float]] = {
    "past_strong": (2.5, 4.0),
    "past_medium": (1.4, 2.8),
    "year": (1.0, 1.0),
    "narrative": (0.4, 0.8),
    "now": (-1.4, -2.8),
    "judge": (-1.8, -3.6),
    "modal": (-1.4, -2.8),
    "connect": (-0.35, -1.0),
    "stance": (-1.0, -1.0),
    "example": (-1.5, -3.0),
    "imper": (-1.5, -3.0),
}

# ---------------------------------------------------------------- word classes (French)

_SUBJ_FR_1S = frozenset({"je", "j", "tu"})
_REFLEXIVE_FR = frozenset({"se", "s", "me", "m", "te", "t"})
_DET_PREP_FR = frozenset(
    """le la les l un une des du au aux mon ma mes ton ta tes son sa ses notre nos votre vos
    leur leurs ce cet cette ces quel quelle chaque à de d en par pour sur sous avec sans dans
    chez vers entre""".split()
)
_SUBJ_FR_PL = frozenset({"nous", "vous"})
_SUBJ_FR_3 = frozenset({"il", "elle", "on", "ils", "elles", "qui"})
_CLITIC_FR = frozenset(
    {"ne", "n", "me", "m", "te", "t", "se", "s", "le", "la", "les", "l", "lui", "leur", "y", "en"}
)
_ADV_FR = frozenset(
    """pas jamais plus rien toujours déjà bien souvent vraiment enfin beaucoup trop tout
    aussi encore peu même longtemps presque juste seulement point guère forcément
    finalement sûrement certainement probablement également vite mal alors un""".split()
)
_AVOIR_PRES = frozenset({"ai", "as", "a", "avons", "avez", "ont"})
_ETRE_PRES = frozenset({"suis", "es", "est", "sommes", "êtes", "sont"})
_AVOIR_IMP = frozenset({"avais", "avait", "avions", "aviez", "avaient"})
_ETRE_IMP = frozenset({"étais", "était", "étions", "étiez", "étaient"})
_ALLER_PRES = frozenset({"vais", "vas", "va", "allons", "allez", "vont"})

# Participles conjugated with "être" in the passé composé (motion / state verbs).
_ETRE_PARTICIPLE_STEMS = (
    "allé venu devenu revenu parvenu intervenu arrivé parti reparti sorti ressorti entré "
    "rentré monté remonté descendu redescendu tombé retombé resté né mort passé retourné "
    "apparu disparu décédé"
).split()
_ETRE_PARTICIPLES = frozenset(
    w + suffix for w in _ETRE_PARTICIPLE_STEMS for suffix in ("", "e", "s", "es")
)
_IRREGULAR_PARTICIPLES_FR = frozenset(
    """eu été fait faits faite faites dit dits dite dites mis mise mises pris prise prises
    appris compris surpris repris vu vue vus vues lu lue lus bu cru su pu dû voulu fallu
    plu mort morte né née ouvert ouverte offert offerte souffert couvert découvert
    écrit écrite décrit inscrit connu reconnu perdu vendu rendu attendu entendu répondu
    peint craint plaint atteint éteint joint rejoint""".split()
)
_NOT_PARTICIPLE_FR = frozenset(
    """envie lieu priori vie partie mi ami amie amis ici aussi ainsi parmi midi lundi mardi
    mercredi jeudi vendredi samedi dimanche souci abri oui nuit fruit bruit esprit
    droit tort besoin peur raison faim soif hâte mal froid chaud beau tout tous""".split()
)
# Words in -ait / -aient / -ais that are not imparfait.
_NOT_IMPARFAIT = frozenset(
    """fait lait parfait imparfait souhait portrait trait extrait attrait abstrait retrait
    satisfait insatisfait bienfait forfait méfait distrait refait défait contrefait
    sait tait plait plaît déplait connait connaît reconnait reconnaît nait naît renait
    parait paraît apparait apparaît disparait disparaît complait fait-il
    mais jamais désormais vais sais fais tais plais connais reconnais parais apparais
    disparais nais palais frais relais marais biais épais mauvais balais niais rabais
    délais essais jais dais laquais harnais engrais""".split()
)
# -rait / -rais words that are imparfait of -rer verbs, not conditionnel.
_IMPARFAIT_RER = frozenset(
    w + e
    for w in (
        "tir attir retir admir inspir aspir soupir respir vir expir déchir chavir "
        "désir conspir transpir délir dur jur assur mesur figur murmur procur torturr "
        "ouvr couvr découvr recouvr livr délivr enivr givr montr démontr entr rentr "
        "barr serr err enterr beurr bourr ferr carr"
    ).split()
    for e in ("ait", "ais", "aient")
)
_COND_IRREGULAR = frozenset(
    """serait serais seraient serions seriez aurait aurais auraient aurions auriez
    saurait saurais sauraient ferait ferais feraient devrait devrais devraient devrions
    devriez pourrait pourrais pourraient pourrions pourriez faudrait vaudrait voudrait
    voudrais voudraient voudrions irait irais iraient dirait dirais diraient verrait
    verrais verraient""".split()
)
_FUT_IRREGULAR = frozenset(
    """serai seras sera serons serez seront aurai auras aura aurons aurez auront
    saurai saura ferai feras fera ferons ferez feront irai ira irons iront
    pourrai pourra pourrons pourront devrai devra devront faudra vaudra voudrai voudra
    viendra viendront verrai verra verrons verront dirai dira""".split()
)
_PS_IRREGULAR = frozenset(
    """fut furent fus fûmes eut eurent eus fit firent fis vint vinrent vins revint
    revinrent devint devinrent tint tinrent prit prirent apprit comprit surprit mit
    mirent permit promit admit dut durent put purent sut surent voulut voulurent
    naquit naquirent mourut moururent vécut vécurent connut connurent reconnut lut
    crut parut parurent apparut disparut disparurent courut reçut reçurent
    ouvrit ouvrirent ouvris offrit offris couvrit découvrit découvris écrivit écrivis
    écrivirent suivit suivis servit sentit sentis partit partis sortit sortis dormit
    perdit perdis rendit rendis répondit répondis attendit attendis descendit
    descendis entendit entendis vendit vendis battit conduisit construisit produisit
    dit-il dis-je""".split()
)
# Words ending in "a" that are not a passé simple.
_NOT_PS_A = frozenset(
    """cela voila celà gala villa pizza opera cinema agenda sofa data media extra ultra
    idea area delta beta alpha meta mega via yoga pasta fiesta sonata vendetta mafia
    coma puma lama panda sauna arena nirvana drama camera formula java vodka salsa
    samba diva tuba koala karma dogma schema aura nova soda tiara lira mantra saga
    prima quota sigma gamma kappa tempo para hola oya toundra pampa dahlia visa
    paranoïa utopia nostalgia""".split()
)
_FUTURE_A_ENDINGS = ("era", "rra", "dra", "ira")
_IRER_INFINITIVES = frozenset(
    w + "er"
    for w in "tir attir retir admir inspir aspir soupir respir vir expir déchir chavir désir".split()
)
_PS_IRER = frozenset(
    w + "a"
    for w in "tir attir retir admir inspir aspir soupir respir vir expir déchir chavir désir".split()
)
_PRESENT_FR = frozenset(
    """est sont suis es sommes êtes ai as a avons avez ont fait font faisons faites fais
    va vais vont allons allez peut peux peuvent pouvons pouvez doit dois doivent devons
    devez veut veux veulent voulons voulez sait sais savent savons savez faut vaut
    disent disons voit vois voient voyons voyez vient viens viennent venons venez tient
    tiennent prend prends prennent mets mettent crois croit croient croyons pense pensons
    pensent semble semblent reste restent existe existent suffit manque devient deviennent
    connais connaît connait comprends comprend sert servent parait paraît""".split()
)
_IMPER_NOT_FR = frozenset({"chez", "assez", "nez", "rez", "questions", "raisons", "leçons"})

# ---------------------------------------------------------------- word classes (English)

_EN_PAST_IRREGULAR = frozenset(
    """was were had did went came saw took gave made got knew thought told said found left
    felt became began brought bought sat stood ran wrote spent kept held met lost paid sent
    built taught caught fell grew drew drove ate drank swam sang won wore woke hid fought
    heard meant understood rode rose shook spoke stole threw forgot hung lay led lit slept
    sold struck swore tore wept became broke chose flew froze forgave sank sprang stuck
    stung swung bent bit blew dug fed fled forbade ground knelt laid leapt slid spun
    stank strode strove thrust trod wound overcame undertook withdrew""".split()
)
_EN_PARTICIPLE_IRREGULAR = frozenset(
    """been done gone seen taken given written known eaten driven ridden risen shaken
    spoken stolen thrown forgotten fallen grown drawn drunk swum sung worn woken hidden
    broken chosen flown frozen forgiven sunk sprung begun become come run gotten""".split()
)
_EN_NOT_ED = frozenset(
    """need indeed hundred bed red shed sled wed fled bred led fed sacred naked
    wicked kindred wretched rugged ragged beloved aged embed speed seed feed bleed breed
    greed creed steed deed weed reed proceed succeed exceed""".split()
)
# Common verbs (base form): present tense after a noun subject ("parents keep").
_EN_VERBS = frozenset(
    """feel keep become make take get give go come know think see want need look use find
    tell ask work seem leave call try mean help show play run move live believe hold bring
    happen write sit stand lose pay meet include continue learn change lead understand
    watch follow stop create speak read spend grow open walk win offer remember love
    consider appear buy wait serve die send expect build stay fall reach remain suggest
    raise pass sell require report decide pull matter produce cost exist tend allow lack
    depend belong deserve fail hide teach save destroy sound turn start like hate prefer
    choose replace break fix protect decline rise drop increase reduce prove explain
    describe belong contain involve represent provide support affect cause force drive
    sleep eat drink talk listen hear wear carry travel count share reward punish
    encourage prevent sell keep treat face miss notice enjoy""".split()
)
_EN_DET = frozenset(
    """a an the this that these those my your our their his her its some no every each
    very more most so too well fully quite rather less least any""".split()
)
_EN_SUBJ_BASE = frozenset({"i", "you", "we", "they"})
_EN_PASSIVE_LEAD = frozenset({"get", "gets", "getting", "got", "be", "been", "being"})
_EN_SUBJ_3 = frozenset({"he", "she", "it", "this", "that", "everyone", "nobody", "everybody"})
_EN_PRESENT = frozenset(
    """am is are isn't aren't i'm you're we're they're it's that's there's here's what's
    he's she's who's do does don't doesn't has have i've you've we've they've
    seems seem means mean matters matter""".split()
)
_EN_BE_PRES = frozenset({"am", "is", "are", "i'm", "you're", "we're", "they're", "it's", "that's",
                         "there's", "he's", "she's", "what's", "who's", "here's"})
_EN_HAVE_PRES = frozenset({"have", "has", "i've", "you've", "we've", "they've", "haven't",
                           "hasn't"})
_EN_PAST_AUX = frozenset({"was", "were", "wasn't", "weren't"})
_EN_PAST_NEG = frozenset({"didn't", "hadn't", "wasn't", "weren't"})
_EN_MODAL = frozenset(
    """should shouldn't must mustn't ought can cannot can't might may""".split()
)
_EN_FUTURE = frozenset({"will", "won't", "i'll", "you'll", "we'll", "they'll", "it'll",
                        "he'll", "she'll", "shall"})
_EN_WOULD = frozenset({"would", "wouldn't", "i'd", "we'd", "they'd", "he'd", "she'd",
                       "you'd"})
_EN_ADV = frozenset(
    """not never already just also always often still really only even ever finally
    probably certainly actually simply completely""".split()
)
_EN_IMPERATIVE = frozenset(
    """try give put stop print open take make let let's don't do read write think look
    consider imagine ask choose start keep forget go turn buy get find use avoid leave
    call tell pick close switch learn join listen watch remember be stay spend save
    delete unplug unsubscribe walk visit talk""".split()
)
_EN_IMPER_SKIP = frozenset({"so", "and", "but", "now", "then", "please", "just", "simply",
                            "instead", "always", "never"})
_FR_IMPER_SKIP = frozenset({"alors", "et", "mais", "donc", "puis", "ne", "n", "surtout",
                            "enfin", "ensuite", "maintenant", "aujourd"})

_FR_CLOSED = (
    _SUBJ_FR_1S | _SUBJ_FR_PL | _SUBJ_FR_3 | _CLITIC_FR | _ADV_FR | _AVOIR_PRES | _ETRE_PRES
    | _AVOIR_IMP | _ETRE_IMP | _ALLER_PRES | _PS_IRREGULAR | _COND_IRREGULAR | _FUT_IRREGULAR
    | _PRESENT_FR | {"si"}
)
_EN_ALL_CLOSED = (
    _EN_PAST_AUX | _EN_PAST_NEG | _EN_HAVE_PRES | _EN_BE_PRES | _EN_PRESENT | _EN_MODAL
    | _EN_FUTURE | _EN_WOULD | _EN_SUBJ_BASE | _EN_SUBJ_3 | {"had", "did"}
)
def _closed_chars() -> dict[str, str]:
    """Closed word lists -> class character (earlier lists win)."""
    table: dict[str, str] = {}
    for words, ch in (
        (_SUBJ_FR_1S, "j"), (_SUBJ_FR_PL, "u"), (_SUBJ_FR_3, "i"), ({"ne", "n"}, "g"),
        (_REFLEXIVE_FR, "r"), (_CLITIC_FR, "c"), ({"si"}, "s"),
        ({"c", "ce", "ça", "ca", "cela"}, "x"), (_AVOIR_PRES, "A"), (_ETRE_PRES, "B"),
        (_AVOIR_IMP, "F"), (_ETRE_IMP, "G"), (_ALLER_PRES, "V"), (_ADV_FR, "d"),
        (_DET_PREP_FR, "D"),
    ):
        for w in words:
            table.setdefault(w, ch)
    return table


_FR_CLOSED_CHAR = _closed_chars()


def _strip_accents(w: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))


def _plain_forms(words: Sequence[str], taken: set[str] | frozenset[str]) -> dict[str, str]:
    """Accentless spelling -> word, for informal text ("c'etait", "deja", "ete").

    Only where the accentless spelling is unambiguous and not itself a word in
    *taken* ("a" / "à", "ne" / "né", "du" / "dû" keep their own reading).
    """
    out: dict[str, str] = {}
    seen: set[str] = set()
    for w in words:
        plain = _strip_accents(w)
        if plain == w or plain in taken:
            continue
        if plain in seen and out.get(plain) != w:
            out.pop(plain, None)
            continue
        seen.add(plain)
        out[plain] = w
    return out


_FR_KNOWN = (
    _FR_CLOSED | _DET_PREP_FR | _IRREGULAR_PARTICIPLES_FR | _NOT_IMPARFAIT | _NOT_PS_A
    | _NOT_PARTICIPLE_FR | _ETRE_PARTICIPLES | _PRESENT_FR
)
# An accentless "-e"/"-es" participle of an "être" verb reads as a present ("arrive",
# "reste", "entre"): only the unambiguous ones are restored.
_FR_PLAIN = _plain_forms(
    sorted(
        (_FR_KNOWN - _ETRE_PARTICIPLES)
        | {w for w in _ETRE_PARTICIPLES if not _strip_accents(w).endswith(("e", "es"))
           or w.endswith(("ée", "ées"))}
    ),
    _FR_KNOWN,
)
_ETRE_PARTICIPLE_ENDINGS = (
    "é", "és", "ée", "ées", "i", "is", "it", "u", "us", "ert", "erts", "int", "aint",
)
_AMBIGUOUS_PARTICIPLE_ENDINGS = ("ue", "ues", "ie", "ies", "erte", "ertes", "ainte", "einte")

# --------------------------------------------------------------------------- token codes
#
# One ASCII character per word class.  French:
#   o other   p participle   q participle of an "être" verb   I imparfait (-ait)
#   K -ais (imparfait after je/tu)   L -ions/-iez (imparfait after nous/vous)
#   P passé simple   T passé simple that is also a participle (pris, mis)
#   Q -ai (passé simple after je)   R -a (passé simple unless after a determiner)
#   U futur   W conditionnel   X present   Y present that is also a participle (fait)
#   M -e/-es/-ent (present after a subject)   Z same, also a participle (vue, perdue)
#   N -ez/-ons (present after a subject; an imperative at a sentence start)
#   A avoir (present)   B être (present)   F avoir (imparfait)   G être (imparfait)
#   V aller (present)   j je/tu   u nous/vous   i il/elle/on/qui   c clitic
#   r reflexive clitic   g ne/n'   d adverb   s si   f infinitive   D determiner
#   x c'/ce/ça   h -vous/-moi… after a verb   v -il/-on… (inversion)
# English:
#   o other   S I/you/we/they   T he/she/it   W was/were   H had   V have/has
#   B am/is/are   X do/does/present   N didn't…   D did   M modal   F will   O would
#   u used   e determiner   a adverb   g -ing   P irregular past   p irregular
#   participle   E -ed   b common verb   s its -s form   t to   L be/get (passive)
# Both: y year  0 decade  # number  . sentence end  ? question  , comma  : colon
#   | paragraph separator.  Words used by phrase patterns get private characters.

_SEP = "\x00"  # not whitespace for str.split (unlike \x1c-\x1f)
_PUNCT_CODES = {".": ".", "!": ".", "…": ".", "?": "?", ",": ",", ";": ":", ":": ":"}
_STRIP = "\"'’‘“”«»()[]{}<>*_~`.,;:!?…—–-/\\|#+=&%$@^"
_YEAR_MIN, _YEAR_MAX = 1850, 2022
_DECADE_TOKEN = re.compile(r"^'?(?:\d\d)?\d0(?:'?s)?$")


def _participle_char(w: str) -> str:
    if w in _ETRE_PARTICIPLES:
        return "q"
    if w in _NOT_PARTICIPLE_FR or w.endswith(("que", "gue", "ques", "gues")):
        return ""
    if w in _IRREGULAR_PARTICIPLES_FR or w.endswith(_ETRE_PARTICIPLE_ENDINGS):
        return "p"
    return ""


def _fr_char(w: str) -> str:
    """Class character of one French word (original case, no punctuation)."""
    if w[:1].isupper():
        # Capitalised: closed word lists apply (sentence starts, "NON"), but not the
        # suffix rules -- a proper noun ("Nokia", "Gandi") is not a verb.
        low = w.lower()
        if w.isupper() and len(w) > 1:
            return _fr_char(low)
        ch = _fr_char(low)
        if low in _FR_CLOSED or ch in "juicrgsxN":
            return ch
        return "o"
    closed = _FR_CLOSED_CHAR.get(w)
    if closed is not None:
        return closed
    if w.isascii():
        accented = _FR_PLAIN.get(w)  # "etais", "deja", "ete"
        if accented is not None:
            return _fr_char(accented)
    part = _participle_char(w)
    if w[-1] not in "tszaieréu":  # no suffix rule below applies
        return part or "o"
    if w in _PS_IRREGULAR:
        return "T" if part else "P"
    if w in _COND_IRREGULAR:
        return "W"
    if w in _FUT_IRREGULAR:
        return "U"
    if w in _PRESENT_FR:
        return "Y" if part else "X"
    if len(w) < 4:
        return part or "o"
    if w.endswith(("rait", "rais", "raient", "rions", "riez")) and w not in _IMPARFAIT_RER:
        if w.endswith(("erait", "erais", "eraient", "erions", "eriez", "rrait", "rrais",
                       "rraient", "drait", "drais", "draient", "irait", "irais", "iraient",
                       "ttrait", "îtrait", "oirait", "ivrait", "evrait", "evraient")):
            return "W"
    if w.endswith(("aient", "ait")) and w not in _NOT_IMPARFAIT:
        return "I"
    if w.endswith("ais") and w not in _NOT_IMPARFAIT:
        return "K"
    if w.endswith(("ions", "iez")):
        return "L"
    if w.endswith(("èrent", "irent", "urent", "inrent", "âmes", "îmes", "ûmes", "âtes", "îtes")):
        if w.endswith("eurent") or w[:-3] + "er" in _IRER_INFINITIVES:
            return "M"  # "meurent", "pleurent", "tirent", "admirent": presents
        return "P"
    if w.endswith(("erai", "eras", "erons", "erez", "eront", "irai", "iras", "irons", "iront",
                   "rrai", "rras", "rrons", "rront", "drai", "dras", "drons", "dront")):
        return "U"
    if w.endswith("a") and w not in _NOT_PS_A:
        if w in _PS_IRER:
            return "P"
        if w.endswith(_FUTURE_A_ENDINGS):
            return "U"
        return "R"
    if w.endswith("ai"):
        return "Q"
    if part:
        return part
    if w.endswith(("er", "ir", "re", "oir")) and not w.endswith(("ier", "eur")):
        return "f"
    if w.endswith(("ez", "ons")) and w not in _IMPER_NOT_FR:
        return "N"
    if w.endswith(_AMBIGUOUS_PARTICIPLE_ENDINGS):
        return "Z"
    if w.endswith(("e", "es", "ent")):
        return "M"
    return "o"


def _en_char(w: str) -> str:
    """Class character of one English word (original case, no punctuation)."""
    low = w.lower()
    if w[:1].isupper() and low not in _EN_ALL_CLOSED and low != "i" and not low.startswith("i'"):
        return "o"
    w = low
    if w in _EN_SUBJ_BASE:
        return "S"
    if w in _EN_SUBJ_3:
        return "T"
    if w in _EN_PAST_AUX:
        return "W"
    if w in _EN_PAST_NEG:
        return "N"
    if w == "had":
        return "H"
    if w == "did":
        return "D"
    if w in _EN_HAVE_PRES:
        return "V"
    if w in _EN_BE_PRES:
        return "B"
    if w in _EN_PRESENT:
        return "X"
    if w in _EN_MODAL:
        return "M"
    if w in _EN_FUTURE:
        return "F"
    if w in _EN_WOULD:
        return "O"
    if w == "used":
        return "u"
    if w in _EN_PASSIVE_LEAD:
        return "L"
    if w in _EN_DET:
        return "e"
    if w in _EN_ADV:
        return "a"
    if w in _EN_PAST_IRREGULAR:
        return "P"
    if w in _EN_PARTICIPLE_IRREGULAR:
        return "p"
    if w.endswith("ed") and len(w) > 3 and w not in _EN_NOT_ED and not w.endswith("eed"):
        return "E"
    if w.endswith("ing") and len(w) > 4:
        return "g"
    if w in _EN_VERBS:
        return "b"
    if w == "to":
        return "t"
    if w.endswith("s") and len(w) > 3:
        stem = w[:-2] if w.endswith(("ches", "shes", "sses", "xes", "oes")) else w[:-1]
        if stem in _EN_VERBS or (w.endswith("ies") and w[:-3] + "y" in _EN_VERBS):
            return "s"
    return "o"


def _number_char(core: str) -> str:
    if core.isdigit():
        if len(core) == 4 and _YEAR_MIN <= int(core) <= _YEAR_MAX:
            return "y"
        if len(core) == 2 and core.endswith("0"):
            return "0"
        return "#"
    if _DECADE_TOKEN.match(core):
        return "0"
    return "#"


class _Codes(dict[str, str]):
    """Cache: surface token -> code string (computed on first sight)."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, token: str) -> str:
        code = self._make(token)
        if len(self) < 400_000:
            self[token] = code
        return code


# --------------------------------------------------------------------------- phrases
#
# Patterns are written with words: "je me (souviens|rappelle)", "il y a NUM ans".
# Syntax: words separated by spaces; ( a | b c ) alternatives; "?" after an item
# makes it optional, "{m,n}" repeats it; "!" before an item is a negative
# lookahead.  Macros: NUM (one or more number words/digits), YEAR, DECADE, WORD
# (any one word code), ^ (paragraph or sentence start), $ (sentence end), and the
# punctuation codes "," and ".".  Elided words are separate: "l époque".

_FR_NUM = "deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente quarante cinquante soixante cent quelques plusieurs".split()
_EN_NUM = "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred few many several some couple".split()
_FR_DECADE = "vingt trente quarante cinquante soixante dix quatre".split()
_EN_DECADE = "twenties thirties forties fifties sixties seventies eighties nineties".split()

_FR_PHRASES: dict[str, list[str]] = {
    "meta": [
        "je vais (m arrêter|en venir|revenir|me réorienter|commencer|vous parler|maintenant|donc)",
        "j en (arrive|viens|reviens) à",
        "venons -en",
        "revenons -en? (à|au|aux)",
        "passons (à|au|maintenant)",
        "je m (égare|arrête là)",
        "je digresse",
        "assez (de nostalgie|de souvenirs|parlé|radoté)",
        "trêve de",
        "(fin de|refermons|fermons|je ferme) (la|cette) parenthèse",
        "pour en revenir",
        "où je veux en venir",
        "par (quel bout|où) commencer",
        "pour (commencer|conclure|finir)",
        "tout d abord",
        "en conclusion",
        "(je vais|on va|je voulais) (vous)? (parler|raconter)",
        "parlons (de|d|du|un peu)",
        "laissez -moi (vous)? raconter",
    ],
    "frame": [
        "(on est|nous sommes|nous voilà|nous voici|c est) (en|à l été|à l automne|au printemps"
        "|à l hiver|au début des|à la fin des|dans les) années? (YEAR|DECADE)",
        "(on est|nous sommes|c est) (un|une) (lundi|mardi|mercredi|jeudi|vendredi|samedi"
        "|dimanche|soir|matin|nuit|après-midi)",
    ],
    "dated": ["YEAR $"],
    "dated_start": ["(en|l été|l hiver|l automne|été|hiver|automne|printemps) YEAR"],
    "past_strong": [
        "il fut (un temps|une époque|une fois)",
        "il était une fois",
        "il y a bien longtemps",
        "je me (souviens|rappelle|souvenais|rappelais|revois)",
        "je revois",
        "(quand|lorsque|lorsqu) (j étais|nous étions|on était|j avais NUM ans)",
        "à l âge de NUM ans",
        "(dans|de|pendant) (ma jeunesse|mon enfance|mon adolescence)",
        "(souvenir|souvenirs) d enfance",
        "(je le sais|je sais|je parle) (par|d) expérience",
        "j en ai fait l expérience",
        "qui se souvient",
        "(vous vous|tu te|on se) (souvient|souviens|souvenez)",
        "souvenez -vous",
        "te souviens -tu",
    ],
    "past_medium": [
        "(à|de) (l époque|cette époque)",
        "a l époque",
        "en ce temps (-là|là|-la)",
        "autrefois",
        "jadis",
        "naguère",
        "dans le temps",
        "(ce|cet|cette) (jour|soir|matin|année|été|hiver|automne|printemps|nuit|fois|époque) (-là|-la)",
        "à ce moment (-là|-la)",
        "il y a NUM (ans|années|décennies)",
        "il y a (des|bien des) (années|décennies)",
        "il y a (une dizaine|une vingtaine|une quinzaine|une trentaine) d années",
        "(dans|pendant|durant|au début des|à la fin des)? les années DECADE",
    ],
    "now": [
        "aujourd'hui",
        "maintenant",
        "désormais",
        "de nos jours",
        "actuellement",
        "à présent",
        "en ce moment",
        "ces (derniers|dernières) (temps|mois|jours|années|semaines)",
        "à l heure actuelle",
        "plus jamais",
        "NUM (ans|années|décennies) plus tard",
        "(ce qui|tout|beaucoup de choses) a (bien|beaucoup)? changé",
    ],
    "judge": [
        "je ne? (pense|crois)",
        "je (suis|reste) (convaincu|convaincue|persuadé|persuadée|certain|certaine|sûr|sûre)",
        "à mon avis",
        "selon moi",
        "il me semble",
        "je trouve (que|qu)",
        "j (estime|considère)",
        "je (dis|ne dis pas) (que|qu)",
        "pour moi ,",
        "j ai l impression",
        "je doute",
        "il est (évident|clair|temps|urgent|nécessaire|important|essentiel)",
        "c est (évident|clair|pourquoi)",
        "il ne? s agit pas? de",
        "le vrai? problème",
        "la vraie? question (n est|est)",
        "en réalité",
        "au fond ,",
        "ce (que|qu) (montre|prouve|illustre|raconte) (cette|cet|mon|ce|l)",
        "(cette|mon|l) (histoire|anecdote|expérience) (montre|prouve|illustre)",
        "la morale de",
        "cqfd",
        "ce (que|qu) WORD{1,3} (m|nous|vous) (a|ont) (appris|enseigné|montré)",
        "ce (que|qu) j en (retiens|retire|tire)",
    ],
    "stance": [
        "franchement",
        "honnêtement",
        "objectivement",
        "sincèrement",
    ],
    "example": [
        "par exemple",
        "(un|autre|mon|cet|bel) exemple",
        "prenons (l exemple|le cas)",
        "la semaine dernière",
        "le mois dernier",
        "récemment",
        "l autre jour",
        "voilà ce (que|qu|qui)",
        "preuve (que|qu)",
        "(une|des|les|plusieurs) (étude|études|enquête|enquêtes|statistiques) (montrent|montre"
        "|indiquent|indique|suggèrent|suggère|récente|récentes)",
        "(une|des|les|plusieurs) (étude|études|enquête|enquêtes) (ont|a) montré",
        "les chiffres (montrent|sont|parlent)",
        "selon (une|les|des)",
    ],
    "modal": [
        "il ne? faut !((une|un|NUM) (heure|heures|minute|minutes|jour|jours|semaine|semaines"
        "|mois|an|ans|année|années))",
        "faut -il",
        "il ne? (faudrait|faudra)",
        "(on|nous|vous|ils|il|elle|elles|je|tu) ne? (doit|doivent|devons|devez|dois|devrais"
        "|devrait|devraient|devrions|devriez)",
        "(on|nous|vous) ne? (peut|pouvons|pouvez|pourrait|pourrais|pourrions|pourriez)",
        "ne? (devrait|devraient)",
        "il vaut mieux",
        "mieux vaut",
        "il suffit",
    ],
    "connect": [
        "parce (que|qu)",
        "car",
        "donc",
        "pourtant",
        "cependant",
        "en (effet|fait)",
        "c'est-à-dire",
        "autrement dit",
        "au contraire",
        "certes",
        "néanmoins",
        "toutefois",
        "d ailleurs",
        "par conséquent",
        "voilà pourquoi",
        "non seulement",
    ],
    "meta_weak": [
        "(ce|cet|mon) (billet|post|article|texte|propos)",
        "le fond du",
        "le sujet",
        "parenthèse",
        "bref",
        "en (somme|bref)",
    ],
    "narrative": [
        "un (jour|soir|matin|hiver|été|automne|printemps|dimanche|samedi)",
        "une (nuit|fois|année|semaine)",
        "le lendemain",
        "la veille",
        "ensuite",
        "plus tard",
        "peu après",
        "tout à coup",
        "soudain",
        "cette fois",
        "puis",
    ],
    "year": ["YEAR"],
    "imper": [
        "IMPERATIVE AT_START",
        "IMPERATIVE AFTER_SKIP",
        "IMPERATIVE ENCLITIC",
    ],
    "neplus": ["(ne|n) WORD{1,2} plus !(de|que|qu|d|tard|loin)"],
}

_EN_PHRASES: dict[str, list[str]] = {
    "meta": [
        "but? i digress",
        "enough (nostalgia|reminiscing|of that|about me)",
        "let me (get|come|turn) (to|back)",
        "(which|this|that) brings me to",
        "back to the (point|topic|subject)",
        "to get back to",
        "where was i",
        "let me start",
        "to begin with",
        "first of all",
        "in conclusion",
        "to (conclude|sum up)",
        "here's the thing",
        "let me tell you",
        "(i want|i'd like|i'm going|i wanted) to (talk|tell you)",
        "let's talk about",
    ],
    "frame": [
        "(it's|it is|the year is|we're in|we are in) the? ((summer|spring|fall|autumn|winter) of?)?"
        " (YEAR|DECADE)",
        "(it's|it is) (a|an) (monday|tuesday|wednesday|thursday|friday|saturday|sunday"
        "|morning|evening|afternoon|night)",
    ],
    "dated": ["YEAR $"],
    "dated_start": ["(in|summer|winter|spring|fall|autumn) (of)? YEAR"],
    "past_strong": [
        "i still? (remember|recall)",
        "i can still (see|hear|smell)",
        "back then",
        "in those days",
        "when (i|we) (was|were)",
        "as a (child|kid|boy|girl|teenager|student)",
        "growing up",
        "once upon a time",
        "in my (youth|childhood)",
        "(i|we|you|they|he|she|people) used to",
        "(i (know|speak|say) (this|that|it))? from (my own|personal)? experience",
        "who still? remembers",
        "(do you|you may)? remember when",
        "do you remember",
    ],
    "past_medium": [
        "at (the|that) time",
        "(that|one) (summer|winter|spring|autumn|fall|year|day|night|morning|evening|week)",
        "those (days|years)",
        "(a|NUM)? years ago",
        "long ago",
        "in? the DECADE",
        "used to",
        "the first time (i|we)",
    ],
    "now": [
        "today",
        "today's",
        "nowadays",
        "these days",
        "any more",
        "anymore",
        "no longer",
        "currently",
        "at (present|the moment)",
        "right now",
        "lately",
        "now",
        "NUM years later",
        "(what|everything|much|a lot|so much) (has|have) changed",
    ],
    "judge": [
        "i (do not|don't)? (think|believe)",
        "in my (opinion|view)",
        "(i'm|i am) not? (convinced|sure|certain|saying)",
        "it seems to me",
        "(i'd|i would)? argue",
        "my point",
        "the real? (point|problem|truth|question) is",
        "the problem",
        "(it's|it is) (clear|obvious|time|important|essential)",
        "(it's|it is) not about",
        "that (does not|doesn't) mean",
        "(the|what) (moral|lesson)",
        "(this|that|the|my) (story|anecdote) (shows|proves|illustrates)",
        "what (this|that) (story|anecdote)? (shows|proves|tells)",
        "what (i|we) (learned|learnt|took away)",
        "what WORD{1,3} taught (me|us)",
    ],
    "stance": [
        "of course",
        "honestly",
        "frankly",
        "objectively",
    ],
    "example": [
        "for (example|instance)",
        "(an|another|my) example",
        "take (the|my) (case|example)",
        "last (week|month)",
        "recently",
        "the other day",
        "(a|one|the|recent|several) (study|survey|studies|surveys)",
        "studies (show|suggest|found|have)",
        "the? research (is|shows|suggests|found|says)",
        "the (data|numbers|figures)",
        "according to",
        "case in point",
        "(this|that|which) (shows|proves)",
    ],
    "modal": [
        "should",
        "shouldn't",
        "must",
        "mustn't",
        "ought to",
        "(need|needs) to",
        "(have|has) to",
        "let's",
        "let us",
        "(we|you) can",
    ],
    "connect": [
        "because",
        "therefore",
        "however",
        "(that's|that is) why",
        "(which|this|it) means",
        "in fact",
        "indeed",
        "instead",
        "rather than",
        "not only",
        "on the other hand",
        "thus",
        "hence",
    ],
    "meta_weak": [
        "this (post|essay|article|piece)",
        "the point of",
        "anyway",
        "in short",
        "long story short",
    ],
    "narrative": [
        "one day",
        "the next (day|morning|week)",
        "afterwards",
        "after that",
        "eventually",
        "suddenly",
        "later",
        "then",
    ],
    "year": ["YEAR"],
    "imper": [
        "IMPERATIVE AT_START",
        "IMPERATIVE AFTER_SKIP",
        "let AT_START (us|me|them|him|her|it)",
    ],
}

_EN_IMPERATIVE_WORDS = sorted(_EN_IMPERATIVE - {"let"})
_FR_ENCLITICS = ["-vous", "-nous", "-moi", "-toi", "-les", "-le", "-la", "-en", "-y", "-lui", "-leur"]
_FR_INVERSION = ["-il", "-elle", "-on", "-ils", "-elles", "-je", "-tu", "-ce", "-t"]
# Frequent words first in the phrase regex (only affects speed).
_FR_FREQUENT = (
    "de le la les un une et je il à des on en que qui ne n ce c pas est nous vous l d j pour "
    "dans me m se s y a au du sur par plus tout mais ou où si qu avec son sa ses mon ma mes"
).split()
_EN_FREQUENT = (
    "the a and to of i in it is that we you was for on this my but they at be with as have not "
    "are so what all there one he she his her had were by from or an if do"
).split()
_FR_FIRST_PERSON = "je j me m moi mon ma mes nous notre nos on".split()
_EN_FIRST_PERSON = "i i'm i've i'd i'll me my mine myself we we're we've we'd we'll us our ours".split()

# Headings: what they announce.
_YEAR_RX = r"(?:1[89]\d\d|20[01]\d|202[0-2])"
_HEADING_R = re.compile(
    r"\b(?:avant|autrefois|jadis|souvenirs?|mémoires?|hier|il était une fois|il fut une"
    r"|à l'époque|enfance|jeunesse|nostalgie|flash-?back|retour en arrière|un peu d'histoire"
    r"|back then|before|memories|memory|the old days|childhood|once upon|yesterday"
    r"|the past|le passé|then|history|histoire|" + _YEAR_RX + r"|années \d0"
    r"|the (?:19)?\d0'?s)\b",
    re.I,
)
_HEADING_A = re.compile(
    r"\b(?:maintenant|aujourd'hui|aujourd’hui|désormais|demain|now|today|nowadays|these days"
    r"|tomorrow|conclusions?|pourquoi|why|que faire|what to do|propositions?|solutions?"
    r"|le problème|the problem|mon avis|opinion|thèses?|arguments?|à retenir|takeaways?"
    r"|lessons?|leçons?|l'avenir|avenir|the future|what now|so what|et alors)\b",
    re.I,
)
_THESIS_NO = re.compile(r"^\W*(?:NON|NO|NOPE)\b")
_SHORTCODE = re.compile(r"^\s*(?:\{\{[<%].*?[%>]\}\}\s*|\{%.*?%\}\s*)+$", re.S)
_URL = re.compile(r"https?://\S+|www\.\S+")
_HTML_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")

_NAMED_GROUP = re.compile(r"\(\?P<g\d+>")
_DSL_TOKEN = re.compile(r"\(|\)|\||\?|\{\d+,\d+\}|!|[^\s()|?{}!]+")
_MACROS = frozenset({"NUM", "YEAR", "DECADE", "WORD", "^", "$", ",", ".", "IMPERATIVE", "ENCLITIC",
                     "AT_START", "AFTER_SKIP"})


def _dsl_words(pattern: str) -> list[str]:
    return [
        t
        for t in _DSL_TOKEN.findall(pattern)
        if t not in ("(", ")", "|", "?", "!") and not t.startswith("{") and t not in _MACROS
    ]


# AST of a word pattern: a sequence of items (node, quantifier), where a node is
# ("chars", "abc") -- one code character among these --, ("raw", regex) -- a
# zero-width or negated-class fragment --, ("alt", [seq, ...]) or ("neg", item).
_Item = tuple[tuple[str, object], str]


def _parse_dsl(pattern: str, atom: Callable[[str], tuple[str, object]]) -> list[_Item]:
    toks = _DSL_TOKEN.findall(pattern)
    pos = 0

    def alt() -> list[list[_Item]]:
        nonlocal pos
        branches = [seq()]
        while pos < len(toks) and toks[pos] == "|":
            pos += 1
            branches.append(seq())
        return branches

    def seq() -> list[_Item]:
        nonlocal pos
        out = []
        while pos < len(toks) and toks[pos] not in (")", "|"):
            out.append(item())
        return out

    def item() -> _Item:
        nonlocal pos
        negative = toks[pos] == "!"
        if negative:
            pos += 1
        tok = toks[pos]
        pos += 1
        node: tuple[str, object]
        if tok == "(":
            node = ("alt", alt())
            if pos >= len(toks) or toks[pos] != ")":
                raise ValueError(f"unbalanced pattern {pattern!r}")
            pos += 1
        else:
            node = atom(tok)
        quant = ""
        if pos < len(toks) and (toks[pos] == "?" or toks[pos].startswith("{")):
            quant = toks[pos]
            pos += 1
        if negative:
            return (("neg", (node, quant)), "")
        return (node, quant)

    result = seq()
    if pos != len(toks):
        raise ValueError(f"unbalanced pattern {pattern!r}")
    return result


def _emit_node(node: tuple[str, object]) -> str:
    kind, value = node
    if kind == "chars":
        chars = str(value)
        return re.escape(chars) if len(chars) == 1 else "[" + _escape_class(chars) + "]"
    if kind == "raw":
        return str(value)
    if kind == "neg":
        return "(?!" + _emit_item(value) + ")"  # type: ignore[arg-type]
    branches = value  # "alt"
    return "(?:" + "|".join(_emit_seq(b) for b in branches) + ")"  # type: ignore[attr-defined]


def _emit_item(item: _Item) -> str:
    node, quant = item
    rx = _emit_node(node)
    if not quant:
        return rx
    if node[0] in ("alt", "neg") or len(rx) > 1 and not rx.startswith("["):
        rx = "(?:" + rx + ")"
    return rx + quant


def _emit_seq(seq: Sequence[_Item]) -> str:
    return "".join(_emit_item(it) for it in seq)


def _escape_class(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _one_less(quant: str) -> str | None:
    """Quantifier left after one repetition has been taken (None: cannot repeat)."""
    if quant in ("", "?"):
        return ""
    if quant in ("+", "*"):
        return "*"
    m = re.fullmatch(r"\{(\d+),(\d+)\}", quant)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return "" if hi <= 1 else "{%d,%d}" % (max(lo - 1, 0), hi - 1)
    raise ValueError(f"unsupported quantifier {quant!r}")


def _first_chars(seq: Sequence[_Item]) -> list[tuple[str, list[_Item]]] | None:
    """Expand *seq* into (first code character, rest of the sequence), in order.

    ("", []) stands for the empty match; None means the sequence starts with
    something that cannot be expanded (a lookahead, a negated class).
    """
    if not seq:
        return [("", [])]
    (node, quant), rest = seq[0], list(seq[1:])
    kind, value = node
    if kind in ("raw", "neg"):
        return None
    again = _one_less(quant)
    after = ([(node, again)] if again else []) + rest
    out: list[tuple[str, list[_Item]]] = []
    if kind == "chars":
        out.extend((c, after) for c in dict.fromkeys(str(value)))
    else:
        for branch in value:  # type: ignore[attr-defined]
            sub = _first_chars(branch)
            if sub is None:
                return None
            for c, r in sub:
                if c:
                    out.append((c, r + after))
                else:
                    more = _first_chars(after)
                    if more is None:
                        return None
                    out.extend(more)
    if quant in ("?", "*") or quant.startswith("{0,"):
        more = _first_chars(rest)
        if more is None:
            return None
        out.extend(more)
    return out


class _Lang:
    """Everything language-specific, compiled once: codes, rules, phrase regex."""

    def __init__(
        self,
        name: str,
        word_char: Callable[[str], str],
        phrases: dict[str, list[str]],
        rules: Callable[[Callable[..., str]], list[tuple[re.Pattern[str], str]]],
        tallies: dict[str, dict[str, int]],
        tense_names: Sequence[tuple[str, str]],
        *,
        extra_words: Sequence[str],
        num_words: Sequence[str],
        decade_words: Sequence[str],
        imperative_words: Sequence[str],
        first_person: Sequence[str],
        split_elisions: bool,
        frequent: Sequence[str] = (),
        skip_words: Sequence[str] = (),
        plain_taken: Sequence[str] = (),
    ) -> None:
        self.name = name
        self.word_char = word_char
        self.split_elisions = split_elisions
        words: set[str] = set(extra_words) | set(num_words) | set(decade_words)
        words |= set(imperative_words) | set(first_person) | set(skip_words)
        for pats in phrases.values():
            for pat in pats:
                words.update(_dsl_words(pat))
        self.vocab: dict[str, str] = {w: chr(0xE000 + k) for k, w in enumerate(sorted(words))}
        members: dict[str, list[str]] = {}
        for w, ch in self.vocab.items():
            members.setdefault(self._vocab_class(w), []).append(ch)
        self._members = {c: "".join(chs) for c, chs in members.items()}
        # Token lookup: the vocabulary, plus accentless spellings of its words
        # ("a l'epoque", "desormais") where unambiguous.
        plain = _plain_forms(
            # not a final "é": "change", "arrete" are presents as written
            sorted(w for w in self.vocab if not w.endswith(("é", "és"))),
            set(self.vocab) | set(plain_taken),
        )
        self.lookup: dict[str, str] = {p: self.vocab[w] for p, w in plain.items()}
        self.lookup.update(self.vocab)

        def chars(*names: str) -> str:
            return "".join(c + self._members.get(c, "") for c in "".join(names))

        self.chars = chars
        vocab_of = self.vocab

        def atom(tok: str) -> tuple[str, object]:
            if tok == "NUM":
                num = chars("0y#") + "".join(vocab_of[w] for w in num_words)
                return ("alt", [[(("chars", num), "+")]])
            if tok == "DECADE":
                dec = chars("0y") + "".join(vocab_of[w] for w in decade_words)
                return ("alt", [[(("chars", dec), "+")]])
            if tok == "YEAR":
                return ("chars", "y")
            if tok == "WORD":
                return ("raw", "[^|.?:,]")
            if tok == "^":
                return ("chars", "|.?:")
            if tok == "$":
                return ("raw", "(?=[.?:|]|$)")
            if tok in (",", "."):
                return ("chars", tok)
            if tok == "IMPERATIVE":
                if imperative_words:
                    return ("chars", "".join(vocab_of[w] for w in imperative_words))
                return ("chars", chars("N"))
            if tok == "ENCLITIC":
                return ("chars", chars("h"))
            # After the word just matched: it opens a sentence (optionally after "et",
            # "so"…).  Fixed-width lookbehinds, so that the pattern starts on the verb.
            if tok == "AT_START":
                return ("raw", "(?<=[|.?:].)")
            if tok == "AFTER_SKIP":
                skip = "".join(vocab_of[w] for w in skip_words)
                return ("raw", f"(?<=[|.?:][{skip}].)")
            return ("chars", vocab_of[tok.lower()])

        # Compile the phrases into one regex whose top-level alternatives each start
        # with a literal *anchor*: the regex engine then skips non-candidate positions
        # with a charset scan and rejects alternatives with one comparison.  Patterns
        # starting with frequent words ("je", "le", "à"…) are anchored further in, on
        # their first infrequent word, with the words before it checked by a
        # fixed-width lookbehind; ``back`` records how far the phrase really starts.
        frequent_chars = set(".|,") | {vocab_of[w] for w in frequent if w in vocab_of}
        self.families: dict[str, str] = {}
        self.back: dict[str, int] = {}
        buckets: dict[str, list[str]] = {}

        def anchors(prefix: list[str], rest: list[_Item]) -> list[tuple[list[str], list[_Item]]]:
            if prefix and (prefix[-1] not in frequent_chars or len(prefix) >= 6):
                return [(prefix, rest)]
            sub = _first_chars(rest)
            if sub is None or any(not c for c, _ in sub):
                if not prefix:
                    raise ValueError("a phrase pattern must start with a word")
                return [(prefix, rest)]
            out: list[tuple[list[str], list[_Item]]] = []
            for c, r in sub:
                out.extend(anchors(prefix + [c], r))
            return out

        for family, pats in phrases.items():
            for pat in pats:
                for prefix, rest in anchors([], _parse_dsl(pat, atom)):
                    name = f"g{len(self.families)}"
                    self.families[name] = family
                    self.back[name] = len(prefix) - 1
                    behind = ""
                    if len(prefix) > 1:
                        behind = "(?<=" + "".join(re.escape(c) for c in prefix[:-1]) + ".)"
                    buckets.setdefault(prefix[-1], []).append(
                        f"(?P<{name}>{behind}{_emit_seq(rest)})"
                    )
        # Finding the phrases: one regex without capture groups (with hundreds of
        # groups the regex engine saves and restores its marks at every branch, which
        # is slower than everything else together), with a two-level dispatch (the
        # engine tries top-level alternatives one by one, so a few character classes
        # each lead to ~16 anchors).  Which phrase matched is then found by re-matching
        # at the match position with the small regex of that anchor.
        anchors_list = list(buckets)
        groups = []
        for k in range(0, len(anchors_list), 16):
            chunk = anchors_list[k : k + 16]
            inner = "|".join(
                f"(?<={re.escape(c)})(?:" + "|".join(buckets[c]) + ")" for c in chunk
            )
            groups.append("[" + _escape_class("".join(chunk)) + "](?:" + inner + ")")
        self.markers = re.compile(_NAMED_GROUP.sub("(?:", "|".join(groups)))
        self._buckets = buckets
        self._by_anchor: dict[str, Callable[[str, int], re.Match[str] | None]] = {}
        # Anchors whose phrases all share one family and offset need no re-match.
        self.anchor_only: dict[str, tuple[str, int]] = {}
        for c, alts in buckets.items():
            names = [_NAMED_GROUP.match(a).group(0)[4:-1] for a in alts]  # type: ignore[union-attr]
            kinds = {(self.families[nm], self.back[nm]) for nm in names}
            if len(kinds) == 1:
                self.anchor_only[c] = kinds.pop()
        self.rules = rules(chars)
        counted = "".join(sorted({ch for t in tallies.values() for ch in t}))
        counted_all = chars(counted)
        self.keep_drop = re.compile(f"[^|{_escape_class(counted_all)}]+")
        self.tallies: dict[str, dict[int, str | None]] = {}
        for tname, weights in tallies.items():
            table: dict[int, str | None] = {ord(ch): None for ch in counted_all}
            for cls, weight in weights.items():
                for ch in chars(cls):
                    table[ord(ch)] = "x" * weight
            self.tallies[tname] = table
        self.tense_names = [(chars(cls), label) for cls, label in tense_names]
        self.accentless_participle = re.compile(f"[{chars('A')}][{chars('d')}]*[{chars('M')}]")
        self.grave_a: tuple[str, str, re.Pattern[str]] | None = None
        if "a" in vocab_of and "à" in vocab_of:
            self.grave_a = (vocab_of["a"], vocab_of["à"], re.compile(
                f"(?<![{_escape_class(chars('icxujrg'))}]){vocab_of['a']}"
                f"(?=[{_escape_class(chars('Dcf') + '#y0')}])"
            ))
        self.counted_present = frozenset(
            ch for ch in counted_all if "present" in tallies and self.tallies["present"][ord(ch)]
        )
        fp = "".join(vocab_of[w] for w in first_person)
        self.first_person_drop = re.compile(f"[^|{fp}]+")
        self.codes = _Codes(self._token_code)
        self.codes[_SEP] = "|"

    def which(self, codes: str, pos: int) -> str:
        """Name of the phrase group matching at *pos* (compiled lazily per anchor)."""
        c = codes[pos]
        match = self._by_anchor.get(c)
        if match is None:
            alts = self._buckets[c]
            match = re.compile(re.escape(c) + "(?:" + "|".join(alts) + ")").match
            self._by_anchor[c] = match
        m = match(codes, pos)
        assert m is not None and m.lastgroup is not None
        return m.lastgroup

    def _vocab_class(self, w: str) -> str:
        if w in _FR_ENCLITICS:
            return "h"
        if w in _FR_INVERSION:
            return "v"
        if w.startswith("-") or "'" in w and self.split_elisions:
            return "o"
        return self.word_char(w)

    def _token_code(self, tok: str) -> str:
        if tok.isalpha():  # fast path: a plain word
            v = self.lookup.get(tok.lower())
            return v if v is not None else self.word_char(tok)
        t = tok.replace("’", "'")
        r = t.rstrip(_STRIP)
        core = r.lstrip(_STRIP)
        tail = "".join([_PUNCT_CODES.get(ch, "") for ch in t[len(r):]])
        if not core:
            return "".join([_PUNCT_CODES.get(ch, "") for ch in t])
        vocab = self.lookup
        low = core.lower()
        v = vocab.get(low)
        if v is not None:
            return v + tail
        if core[0].isdigit() or core[-1].isdigit():
            return _number_char(core) + tail
        word_char = self.word_char
        out = []
        for part in core.split("'") if self.split_elisions else (core,):
            if not part:
                continue
            pieces = part.split("-")
            for k, piece in enumerate(pieces):
                if not piece:
                    continue
                pl = piece.lower()
                v = vocab.get("-" + pl) if k else None
                if v is None:
                    v = vocab.get(pl) or word_char(piece)
                out.append(v)
        return "".join(out) + tail


def _fr_rules(c: Callable[..., str]) -> list[tuple[re.Pattern[str], str]]:
    part = c("pqTYZ")
    rules = [
        # plus-que-parfait: avoir / être in the imparfait + participle
        (f"[{c('FG')}][{c('d')}]*[{part}]", "9"),
        # passé composé with avoir
        (f"[{c('A')}][{c('d')}]*[{part}]", "8"),
        # reflexive passé composé: "s'est retrouvé", "nous nous sommes retrouvés"
        (f"[{c('r')}][{c('B')}][{c('d')}]*[{part}]", "8"),
        (f"[{c('u')}][{c('u')}][{c('B')}][{c('d')}]*[{part}]", "u8"),
        # "c'est" + participle is not a passé composé ("c'est gagné")
        (f"[{c('x')}][{c('B')}]", "xX"),
        # être + participle of a motion verb ("est devenu")
        (f"[{c('B')}][{c('d')}]*[{c('q')}]", "8"),
        # futur proche: "je vais me réorienter"
        (f"[{c('V')}][{c('dcr')}]*[{c('f')}]", "U"),
        # auxiliaries used as plain verbs
        (f"[{c('FG')}]", "I"),
        (f"[{c('ABV')}]", "X"),
        # forms that need their subject (constant replacements: the subject and its
        # clitics are not needed once their verb is resolved, and back-references
        # would cost a Python call per match)
        (f"[{c('j')}][{c('crg')}]*[{c('K')}]", "jI"),
        (f"[{c('u')}][{c('crgu')}]*[{c('L')}]", "uI"),
        (f"[{c('j')}][{c('crg')}]*[{c('Q')}]", "jP"),
        (f"[{c('juir')}][{c('crgu')}]*[{c('MNZ')}]", "jX"),
        (f"[{c('jui')}][{c('crgu')}]*[{c('R')}]", "jP"),
        (f"[{c('Dc')}][{c('R')}]", "Do"),  # "en pyjama": a noun
        # "partis", "pris" without a subject before them: a participle ("des morceaux
        # partis avec…"), not a passé simple
        (f"(?<![{c('juicrgd')}])[{c('T')}]", "o"),
        # si + imparfait: a hypothesis, not a memory
        # ("Si j'avais su, je serais venu", "Et si on essayait ?"); otherwise an
        # iterative past ("Si tu le ratais, tu en entendais parler le lundi")
        (f"[{c('s')}][^|.?:IP98XUWH]{{0,4}}I(?=[^|.:]*?[{c('W')}?])", "sH"),
    ]
    return [(re.compile(p), r) for p, r in rules]


def _en_rules(c: Callable[..., str]) -> list[tuple[re.Pattern[str], str]]:
    part = c("PpEu")
    rules = [
        (f"[{c('V')}][{c('a')}]*[{part}]", "5"),  # present perfect
        (f"[{c('H')}][{c('a')}]*[{part}]", "4"),  # past perfect
        (f"[{c('W')}][{c('a')}]*[{c('g')}]", "3"),  # past progressive
        (f"[{c('W')}][{c('a')}]*[{c('PpE')}]", "2"),  # past passive
        (f"[{c('B')}][{c('a')}]*[{c('PpEg')}]", "X"),  # present passive / progressive
        (f"[{c('L')}][{c('a')}]*[{c('E')}]", "o"),  # "get used", "be designed"
        (f"[{c('WHND')}]", "2"),
        (f"[{c('VB')}]", "X"),
        (f"[{c('ST')}][{c('a')}]*[{c('E')}]", "S2"),  # "I walked"
        (f"[{c('S')}][{c('a')}]*[{c('b')}]", "SX"),  # "we talk"
        (f"[{c('T')}][{c('a')}]*[{c('sb')}]", "TX"),  # "it says", "that keep"
        (f"[{c('E')}](?<=[{c('e')}].)", "o"),  # "a converted warehouse"
        (f"[{c('E')}]", "6"),  # other -ed forms: maybe a verb
        (f"[{c('P')}]", "2"),
        (f"[{c('bs')}](?<=[{c('o')}].)", "X"),  # "parents keep"
        (f"[{c('s')}](?<=[^{c('e')}|.?:,].)", "X"),  # -s form not after a determiner
    ]
    return [(re.compile(p), r) for p, r in rules]


# Tallies over the codes left by the rules: per class character, a weight in tenths
# (a weight of 12 means 1.2).  Each becomes a str.translate table whose output
# length is the weighted count.
_FR_TALLIES: dict[str, dict[str, int]] = {
    "past": {"I": 10, "P": 12, "T": 12, "R": 12, "9": 12, "8": 5},
    "present": {"X": 10, "Y": 10, "U": 8, "W": 10, "H": 5},
    "present_only": {"X": 1, "Y": 1},
    "projecting": {"U": 1, "W": 1, "H": 1},  # futur, conditionnel, si + imparfait
    "question": {"?": 1},
}
_EN_TALLIES: dict[str, dict[str, int]] = {
    "past": {"2": 10, "3": 10, "4": 12, "6": 6},
    "present": {"X": 10, "5": 5, "F": 8, "M": 8},
    "present_only": {"X": 1},
    "projecting": {"F": 1},
    "past_verbs": {"2": 1, "3": 1, "4": 1},
    "would": {"O": 1},
    "perfect": {"5": 1},
    "question": {"?": 1},
}
# Names of the counted classes, for explanations.
_FR_TENSE_NAMES = (
    ("I", "imparfait"),
    ("PTR", "passé simple"),
    ("9", "plus-que-parfait"),
    ("8", "passé composé"),
    ("XY", "présent"),
    ("U", "futur"),
    ("W", "conditionnel"),
    ("H", "hypothèse (si + imparfait)"),
)
_EN_TENSE_NAMES = (
    ("2", "simple past"),
    ("3", "past progressive"),
    ("4", "past perfect"),
    ("5", "present perfect"),
    ("6", "-ed form"),
    ("X", "present"),
    ("M", "modal"),
    ("F", "future"),
)

_LANGS: dict[str, _Lang] = {}


def _lang(language: str) -> _Lang:
    lang = _LANGS.get(language)
    if lang is None:
        if language == "fr":
            lang = _Lang(
                "fr", _fr_char, _FR_PHRASES, _fr_rules, _FR_TALLIES, _FR_TENSE_NAMES,
                extra_words=_FR_ENCLITICS + _FR_INVERSION,
                num_words=_FR_NUM, decade_words=_FR_DECADE, imperative_words=(),
                first_person=_FR_FIRST_PERSON, split_elisions=True,
                frequent=_FR_FREQUENT, skip_words=sorted(_FR_IMPER_SKIP),
                plain_taken=sorted(_FR_KNOWN | {"ou", "sur", "des", "la", "a", "du", "pres"}),
            )
        else:
            lang = _Lang(
                "en", _en_char, _EN_PHRASES, _en_rules, _EN_TALLIES, _EN_TENSE_NAMES,
                extra_words=(), num_words=_EN_NUM, decade_words=_EN_DECADE,
                imperative_words=_EN_IMPERATIVE_WORDS, first_person=_EN_FIRST_PERSON,
                split_elisions=False, frequent=_EN_FREQUENT, skip_words=sorted(_EN_IMPER_SKIP),
            )
        _LANGS[language] = lang
    return lang


# --------------------------------------------------------------------------- evidence


class _Features:
    """Per-paragraph evidence, as parallel lists (cheap for books)."""

    __slots__ = (
        "n", "past", "present", "present_only", "markers", "strong_arg", "firm_arg", "modal",
        "perfect", "narrative", "now_at_start", "opens_r", "opens_a", "frame", "meta", "words",
        "firm_core", "example_open", "judged",
        "prose", "quote", "personal", "reasons",
    )

    def __init__(self, n: int) -> None:
        self.n = n
        self.past = [0.0] * n
        self.present = [0.0] * n
        self.present_only = [0.0] * n
        self.markers = [0.0] * n
        self.strong_arg = [False] * n  # judgement / question / imperative / conditional / now
        self.firm_arg = [False] * n  # the same without questions
        self.firm_core = [False] * n  # the same without conditionals and futures
        self.example_open = [False] * n  # opens on an announced example ("Par exemple")
        self.judged = [False] * n  # has a judgement ("je pense", "the problem is")
        self.modal = [False] * n
        self.perfect = [False] * n  # English present perfect: anchored in the present
        self.narrative = [False] * n  # narrative connective ("puis", "cette fois", "then")
        self.now_at_start = [False] * n
        self.opens_r = [False] * n  # opens on a reminiscence signpost ("Je me souviens…")
        self.opens_a = [False] * n  # opens on an argument signpost ("Aujourd'hui…", "Il faut…")
        self.frame = [False] * n  # sets a historical-present frame ("On est en 1997.")
        self.meta = [0.0] * n  # announced pivot ("je vais en venir à…")
        self.words = [0] * n
        self.prose = [True] * n
        self.quote = [False] * n
        self.personal = [False] * n  # has a first-person word
        self.reasons: list[list[tuple[float, str]]] | None = None


def _plural(n: int) -> str:
    return f" ×{n}" if n > 1 else ""


def _non_prose(text: str, block_kind: str) -> str | None:
    """Why a paragraph carries no prose evidence (or None), e.g. "html", "links"."""
    if block_kind in ("code", "html", "table"):
        return block_kind
    stripped = text.strip()
    if not stripped:
        return "empty"
    if ("{{" in stripped or "{%" in stripped) and _SHORTCODE.match(stripped):
        return "shortcode"
    if "://" in stripped or "www." in stripped:
        urls = len(_URL.findall(stripped))
        if urls and len(_URL.sub(" ", stripped).split()) <= 3 * urls:
            return "links"
    return None


def _features(
    texts: Sequence[str], block_kinds: Sequence[str], language: str, want_reasons: bool
) -> _Features:
    n = len(texts)
    f = _Features(n)
    lang = _lang(language)
    fr = language == "fr"
    reasons: list[list[tuple[float, str]]] = [[] for _ in range(n)] if want_reasons else []
    if want_reasons:
        f.reasons = reasons

    # ---- encode the whole text once
    source: list[str] = list(texts)
    for i, text in enumerate(texts):
        bk = block_kinds[i]
        if _SEP in text:  # would read as a paragraph separator
            text = source[i] = text.replace(_SEP, " ")
        if (
            bk == "text" and text and "{" not in text and "://" not in text
            and "www." not in text and not text.isspace()
        ):
            continue  # plain prose (the common case)
        why = _non_prose(text, bk)
        if why is not None:
            f.prose[i] = False
            source[i] = ""
            if want_reasons:
                reasons[i].append((0.0, f"non-prose ({why})"))
        else:
            if bk == "quote":
                f.quote[i] = True
            if "://" in text or "www." in text:
                source[i] = _URL.sub(" ", text)
    tokens = (" " + _SEP + " ").join(source).split()
    codes = "|" + "".join(map(lang.codes.__getitem__, tokens))
    accentless = False
    if lang.grave_a is not None:
        # Text typed without accents ("a l'epoque", "a 17 ans"): "a" not after a
        # subject and before a determiner, an infinitive or a number is "à".
        plain_a, grave_a, rx = lang.grave_a
        count_a = codes.count(plain_a)
        if count_a >= 3 and codes.count(grave_a) * 4 < count_a:
            codes = rx.sub(grave_a, codes)
            accentless = True
    pcodes = codes[1:].split("|")
    if len(pcodes) != n:  # pragma: no cover - a separator inside a token
        raise AssertionError("paragraph separator lost while encoding")
    starts = list(accumulate([len(p) + 1 for p in pcodes], initial=1))

    # ---- tenses: context rules, then weighted tallies per paragraph (C loops)
    tc = codes
    if accentless:
        # "j'ai mange", "il a lache": a -e word after avoir is a participle there
        tc = lang.accentless_participle.sub("8", tc)
    for rx, rep in lang.rules:
        tc = rx.sub(rep, tc)
    kept = lang.keep_drop.sub("", tc)[1:].split("|")
    if len(kept) != n:  # pragma: no cover
        raise AssertionError("paragraph separator lost in the tense pass")

    def tally(name: str) -> list[int]:
        return list(map(len, map(str.translate, kept, repeat(lang.tallies[name]))))

    f.words = list(map(len, pcodes))
    f.personal = list(map(bool, lang.first_person_drop.sub("", codes)[1:].split("|")))
    past10, present10 = tally("past"), tally("present")
    f.present_only = [float(x) for x in tally("present_only")]
    projecting = tally("projecting")
    questions = tally("question")
    verbs: list[int] = []
    would: list[int] = []
    if fr:
        f.past = [x / 10 for x in past10]
        f.present = [x / 10 for x in present10]
    else:
        # "would" after a past verb is habitual ("I would arrive at nine"), else modal.
        verbs, would = tally("past_verbs"), tally("would")
        f.past = [p / 10 + (0.8 * w if v else 0.0) for p, v, w in zip(past10, verbs, would)]
        f.present = [p / 10 + (0.0 if v else 0.8 * w) for p, v, w in zip(present10, verbs, would)]
        projecting = [x + (0 if v else w) for x, v, w in zip(projecting, verbs, would)]
        f.perfect = list(map(bool, tally("perfect")))
    markers = f.markers
    for i in compress(range(n), projecting):
        # conditional, hypothesis, future: projects from the present
        f.strong_arg[i] = f.firm_arg[i] = True
    if want_reasons:
        for i in range(n):
            k = kept[i]
            for chs, label in lang.tense_names:
                cnt = sum(k.count(ch) for ch in chs)
                if cnt:
                    reasons[i].append((float(cnt), label + _plural(cnt)))
            if not fr and would[i]:
                label = "habitual would" if verbs[i] else "would"
                reasons[i].append((float(would[i]), label + _plural(would[i])))

    # ---- phrases
    sums: dict[tuple[str, int], float] = {}
    quotes: list[tuple[int, str, int, int]] = []
    families = lang.families
    back = lang.back
    which = lang.which
    anchor_only = lang.anchor_only
    counted_present = lang.counted_present
    imper_present: dict[int, float] = {}
    for m in lang.markers.finditer(codes):
        s, e = m.span()
        known = anchor_only.get(codes[s])
        if known is not None:
            fam, behind = known
        else:
            name = which(codes, s)
            fam, behind = families[name], back[name]
        s -= behind
        i = bisect_right(starts, e - 1) - 1
        st = starts[i]
        local = s - st if s > st else 0
        if fam == "dated":
            # "Samedi soir, 1999." -- a year closing a short first sentence opens a
            # historical-present frame; elsewhere it is just a year.
            head = pcodes[i][:local]
            if len(head) <= 6 and not any(ch in head for ch in ".?:"):
                fam = "frame"
            else:
                fam = "year"
        elif fam == "dated_start":
            # "En 1998, j'ai quinze ans et je découvre…": a year opening a personal
            # paragraph sets the time of the narration, like "On est en 1998".
            fam = "frame" if local == 0 and f.personal[i] else "year"
        if fam == "imper":
            key = (fam, i)
            sums[key] = sums.get(key, 0.0) + 1.0
            if codes[s] in counted_present:  # "Don't…": already counted as a present
                imper_present[i] = imper_present.get(i, 0.0) + 1.0
            if want_reasons:
                quotes.append((i, fam, s, e))
            continue
        if fam == "meta":
            f.meta[i] += 3.0
        elif fam == "meta_weak":
            f.meta[i] += 1.0
        elif fam == "frame":
            if f.frame[i]:
                continue
            f.frame[i] = True
            f.markers[i] += _GROUP_WEIGHTS["year"][0]
            if local <= _SIGNPOST_CODES:
                f.opens_r[i] = True
        elif fam == "neplus":
            f.markers[i] -= 1.0
            f.firm_arg[i] = f.strong_arg[i] = f.firm_core[i] = True
        else:
            key = (fam, i)
            sums[key] = sums.get(key, 0.0) + _GROUP_WEIGHTS[fam][0]
        if local <= _SIGNPOST_CODES:
            if fam in ("past_strong", "past_medium"):
                f.opens_r[i] = True
            elif fam in ("now", "judge", "modal", "meta"):
                f.opens_a[i] = True
            elif fam == "example":
                f.example_open[i] = True
        if fam == "narrative":
            f.narrative[i] = True
        if fam == "now" and local <= _NOW_AT_START_CODES:
            f.now_at_start[i] = True
        if want_reasons:
            quotes.append((i, fam, s, e))
    markers = f.markers
    reported: set[int] = set()
    for (fam, i), v in sums.items():
        if fam == "imper":
            # Imperatives amid past narration are reported ("There were rules. Don't
            # ask to ask. I got kicked twice."); elsewhere they address the reader.
            own = f.present[i] - imper_present.get(i, 0.0)
            if f.past[i] >= 2.0 and f.past[i] >= own:
                f.present[i] = own
                reported.add(i)
                if want_reasons:
                    reasons[i].append((0.5, "impératif rapporté" if fr else "reported imperative"))
                continue
            f.present[i] += v
            v *= _GROUP_WEIGHTS[fam][0]
            f.strong_arg[i] = f.firm_arg[i] = f.firm_core[i] = True
        cap = _GROUP_WEIGHTS[fam][1]
        markers[i] += min(v, cap) if cap > 0 else max(v, cap)
        if fam == "now" or fam == "judge":
            f.strong_arg[i] = f.firm_arg[i] = f.firm_core[i] = True
            if fam == "judge":
                f.judged[i] = True
        elif fam == "modal":
            f.modal[i] = True
    past, present = f.past, f.present
    for i in compress(range(n), questions):
        q = questions[i]
        if past[i] >= 2.0 and past[i] > present[i]:
            # a question amid past narration belongs to the story ("Was it elitist?
            # Sure it was.", "Qui se cachait derrière ?"): a weaker clue
            markers[i] -= 0.6
        else:
            markers[i] -= 2.4 if q > 1 else 1.2
            f.strong_arg[i] = True
        if want_reasons:
            reasons[i].append((1.2 * q + 0.5, "question" + _plural(q)))
    for i, text in enumerate(texts):
        if text[:4].lstrip()[:1] == "N" and f.prose[i] and _THESIS_NO.match(text):
            f.markers[i] -= 2.5
            f.strong_arg[i] = f.firm_arg[i] = f.firm_core[i] = True
            if want_reasons:
                reasons[i].append((3.0, "emphatic " + text.split()[0]))
    if want_reasons:
        quotes = [q for q in quotes if q[1] != "imper" or q[0] not in reported]
        _quote_reasons(texts, source, lang, starts, quotes, reasons, fr)
    return f


_QUOTED = {"past_strong", "past_medium", "now", "judge", "modal", "meta", "example", "narrative",
           "stance"}
_QUOTE_WEIGHT = {"past_strong": 3.5, "meta": 3.5, "past_medium": 2.4, "judge": 2.8, "now": 2.4,
                 "modal": 2.4, "example": 2.5, "narrative": 0.4, "stance": 1.5}


def _quote_reasons(
    texts: Sequence[str],
    source: Sequence[str],
    lang: _Lang,
    starts: list[int],
    quotes: list[tuple[int, str, int, int]],
    reasons: list[list[tuple[float, str]]],
    fr: bool,
) -> None:
    """Human strings for matched phrases: the words as written in the paragraph."""
    token_ends: dict[int, tuple[list[str], list[int], list[int]]] = {}
    seen: set[tuple[int, str]] = set()
    meta_done: set[int] = set()
    imper: dict[int, int] = {}
    for i, fam, s, e in quotes:
        if fam == "imper":
            imper[i] = imper.get(i, 0) + 1
            continue
        if fam in ("meta", "meta_weak") and i not in meta_done:
            meta_done.add(i)
            reasons[i].append((3.0, "pivot annoncé" if fr else "announced pivot"))
        if fam == "frame":
            reasons[i].append((3.0, "présent de narration" if fr else "historical present"))
        if fam == "neplus":
            if (i, "ne … plus") not in seen:
                seen.add((i, "ne … plus"))
                reasons[i].append((1.5, "ne … plus"))
            continue
        if fam == "year":
            year = _first_year(texts[i])
            if year:
                reasons[i].append((1.0, ("année " if fr else "year ") + year))
            continue
        if fam not in _QUOTED:
            continue
        if i not in token_ends:
            toks = source[i].split()
            lens = [lang.codes[t] for t in toks]
            ends = list(accumulate(len(c) for c in lens))
            # where each token's word codes end (before its trailing punctuation)
            word_ends = [end - (len(c) - len(c.rstrip(".?,:"))) for end, c in zip(ends, lens)]
            token_ends[i] = (toks, ends, word_ends)
        toks, ends, word_ends = token_ends[i]
        base = starts[i]
        s = max(s, base) - base
        e -= base
        a = bisect_right(ends, s)
        b = bisect_right(ends, e - 1)
        words = toks[a : b + 1]
        if not words:
            continue
        if s > (ends[a - 1] if a else 0) and "'" in words[0].replace("’", "'"):
            words[0] = re.split("['’]", words[0])[-1]  # "qu'il faut" -> "il faut"
        if e < word_ends[b] and len(words) > 1 and "'" in words[-1].replace("’", "'"):
            words.pop()  # "je ne dis pas qu'il" -> "je ne dis pas"
        phrase = " ".join(words).strip(_STRIP)
        if phrase and (i, phrase.lower()) not in seen:
            seen.add((i, phrase.lower()))
            reasons[i].append((_QUOTE_WEIGHT.get(fam, 1.0), f'"{phrase}"'))
    for i, count in imper.items():
        label = "impératif" if fr else "imperative"
        reasons[i].append((1.5 * count + 0.5, label + _plural(count)))


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[89]\d\d|20[0-2]\d)(?!\d)")


def _first_year(text: str) -> str:
    m = _YEAR_IN_TEXT.search(text)
    return m.group(0) if m else ""


_HEADING_CACHE: dict[str, str | None] = {}


def _heading_kind(heading: str | None) -> str | None:
    if not heading:
        return None
    if heading in _HEADING_CACHE:
        return _HEADING_CACHE[heading]
    r = [m.end() for m in _HEADING_R.finditer(heading)]
    a = [m.end() for m in _HEADING_A.finditer(heading)]
    kind: str | None = None
    if r and not a:
        kind = _R
    elif a and not r:
        kind = _A
    elif r and a:
        # "Hier et aujourd'hui": the last word wins.
        kind = _A if max(a) > max(r) else _R
    if len(_HEADING_CACHE) < 10_000:
        _HEADING_CACHE[heading] = kind
    return kind


# --------------------------------------------------------------------------- scoring


def _score(
    f: _Features, lo: int, hi: int, heads: Sequence[str | None], language: str,
    extra: list[list[tuple[float, str]]] | None,
) -> list[tuple[float, float, float]]:
    """Emission scores (R, A, T) for paragraphs ``lo..hi``.

    A *narrative frame* changes how the plain present reads.  An explicit frame
    ("On est en 1997", "It's 1989") makes it a historical present (counted as
    past); an implicit one, opened by a paragraph clearly told in the past, makes
    it neutral.  Frames close on argument signals ("now" markers, judgements,
    imperatives, conditionals and futures, announced pivots; for implicit frames
    also questions, modals and the English present perfect) or on a heading
    change; an implicit frame also closes when the narration stops sustaining it
    (no past verb, no narrative connective, not a short line).
    """
    out: list[tuple[float, float, float]] = []
    append = out.append
    frame = 0  # 0 none, 1 implicit, 2 explicit
    narr = {
        2: "présent de narration" if language == "fr" else "historical present",
        1: "présent lu comme récit" if language == "fr" else "present read as narration",
    }
    scale = TENSE_SCALE
    prose, frames, firm, strong, modal, perfect, meta = (
        f.prose, f.frame, f.firm_arg, f.strong_arg, f.modal, f.perfect, f.meta
    )
    pasts, presents, pos, marks, personal, quote = (
        f.past, f.present, f.present_only, f.markers, f.personal, f.quote
    )
    words, now_start, narrative = f.words, f.now_at_start, f.narrative
    firm_core, example_open, opens_r, judged = f.firm_core, f.example_open, f.opens_r, f.judged
    example = False  # inside an announced example
    prev_heading: str | None = heads[lo]
    hk: str | None = _heading_kind(prev_heading)
    for i in range(lo, hi + 1):
        heading = heads[i]
        new_heading = heading != prev_heading
        if new_heading:
            hk = _heading_kind(heading)
            prev_heading = heading
        if extra is not None and hk:
            extra[i].append((4.0, f'heading "{_shorten(heading or "", 30)}"'))
        if not prose[i]:
            append((0.0, 0.0, -9.0))  # no evidence: follows its neighbours
            continue
        # an anecdote announced as an example continues while the narration does
        sustained = narrative[i] or words[i] <= 19 or pasts[i] >= max(1.0, 0.25 * pos[i])
        if example_open[i]:
            example = True
        elif example and (
            opens_r[i] or firm[i] or meta[i] or new_heading or hk is not None or not sustained
        ):
            example = False
        if frames[i]:
            frame = 2
        elif frame and (
            # a future or a conditional among verbs in the historical present is told
            # from the narrated time ("On ne se verra jamais."): it keeps that frame
            (firm[i] if frame == 1 else firm_core[i] or firm[i] and not pos[i])
            or meta[i] or new_heading or hk == _A
        ):
            frame = 0
        elif frame == 1 and (
            strong[i] or modal[i] or perfect[i]
            # an implicit frame must be sustained by the narration itself: a few
            # past verbs, a narrative connective, or a short line
            or not sustained
        ):
            frame = 0
        past = pasts[i]
        present = presents[i]
        # tense balance in [-scale, scale], damped when there are few verbs; the past
        # side damped too when no first-person word (an example more than a memory)
        total = past + present
        tense = scale * (past - present) / (total + 1.0)
        if total < 2.5:
            tense *= total / 2.5
        if tense > 0 and not personal[i]:
            tense *= IMPERSONAL_PAST
        mk = marks[i]
        if example:
            if tense > 0:
                tense *= EXAMPLE_PAST
            if mk > 0:
                mk *= EXAMPLE_PAST
            if extra is not None:
                extra[i].append((2.5, "exemple" if language == "fr" else "example"))
        own = tense + mk
        m = own
        po = pos[i]
        if frame and po:
            if frame == 2:
                past += EXPLICIT_FRAME * po
            present -= po
            total = past + present
            tense = scale * (past - present) / (total + 1.0)
            if total < 2.5:
                tense *= total / 2.5
            if tense > 0 and not personal[i]:
                tense *= IMPERSONAL_PAST
            if tense > 0 and example:
                tense *= EXAMPLE_PAST
            m = tense + mk
            if extra is not None and not frames[i]:
                extra[i].append((2.0, narr[frame]))
        if not frame and own >= IMPLICIT_FRAME_OPEN:
            frame = 1
        if hk is not None:
            m += HEADING_BONUS if hk == _R else -HEADING_BONUS
        if quote[i]:
            m *= 0.5
        if m > 6.0:
            m = 6.0
        elif m < -6.0:
            m = -6.0
        e_r = m / 2.0
        e_a = ARGUMENT_PRIOR - e_r
        # Transitions: announced pivots, short lines opening on a time jump, short
        # lines with little evidence either way.  Relative to the other two kinds.
        w = words[i]
        t = TRANSITION_BASE + (meta[i] if meta[i] < 4.5 else 4.5)
        if w <= 30 and now_start[i]:
            t += 2.2
        if w <= 19:
            t += 1.2 if -1.0 < m < 1.0 else 0.6
        elif w > 72:
            t -= 1.5
        if strong[i] and not meta[i] and (modal[i] or judged[i] or not now_start[i]):
            # advice or a judgement: content, not a pivot
            t -= 1.0
        append((e_r, e_a, ARGUMENT_PRIOR / 2.0 + t))
    return out


def _change_costs(
    f: _Features, lo: int, hi: int, heads: Sequence[str | None]
) -> tuple[list[float], list[float]]:
    """Cost of a change of kind *at* each paragraph, into reminiscence / into argument.

    Cheaper where the heading changes, and where the paragraph opens with a
    signpost for that direction ("Je me souviens…" into reminiscence,
    "Aujourd'hui…" / "Il faut…" into argument): sections start on signposts.
    """
    to_r = [0.0] * (hi - lo + 1)
    to_a = [0.0] * (hi - lo + 1)
    for j in range(1, hi - lo + 1):
        i = lo + j
        base = HEADING_CHANGE_COST if heads[i] != heads[i - 1] else CHANGE_COST
        to_r[j] = base * SIGNPOST_DISCOUNT if f.opens_r[i] else base
        to_a[j] = base * SIGNPOST_DISCOUNT if f.opens_a[i] else base
    return to_r, to_a


# --------------------------------------------------------------------------- sequence

# States: R, A, TS1, TS2 (intro), TR1, TR2 (after reminiscence), TA1, TA2 (after argument)
_S_R, _S_A, _S_TS1, _S_TS2, _S_TR1, _S_TR2, _S_TA1, _S_TA2 = range(8)
_STATE_KIND = (_R, _A, _T, _T, _T, _T, _T, _T)
_NEG = float("-inf")


def _viterbi(
    em: list[tuple[float, float, float]], to_r: list[float], to_a: list[float]
) -> list[str]:
    """Best kind sequence, O(n) with 8 states and hand-unrolled transitions.

    ``em[i]`` holds the (R, A, T) scores of paragraph *i*; ``to_r[i]`` / ``to_a[i]``
    the cost of a change into reminiscence / argument at *i*.  A transition costs
    half a change on each side, so R→T→A costs the same as R→A (an intro costs
    half a change into the first section, so that a one-paragraph thesis before
    the memories is not taken for an intro for free); it lasts one or two
    paragraphs and sits at the start (intro), the end (outro) or between a
    reminiscence and an argument.
    """
    n = len(em)
    if n == 0:
        return []
    e_r, e_a, e_t = em[0]
    r, a, ts1, ts2, tr1, tr2, ta1, ta2 = e_r, e_a, e_t, _NEG, _NEG, _NEG, _NEG, _NEG
    back: list[tuple[int, int]] = [(0, 0)]
    for i in range(1, n):
        e_r, e_a, e_t = em[i]
        cr = to_r[i]
        ca = to_a[i]
        # into R
        best, arg = r, _S_R
        v = a - cr
        if v > best:
            best, arg = v, _S_A
        v = ts1 - cr / 2.0
        if v > best:
            best, arg = v, _S_TS1
        v = ts2 - cr / 2.0
        if v > best:
            best, arg = v, _S_TS2
        v = (ta1 if ta1 > ta2 else ta2) - cr / 2.0
        if v > best:
            best, arg = v, (_S_TA1 if ta1 > ta2 else _S_TA2)
        n_r, b_r = best + e_r, arg
        # into A
        best, arg = a, _S_A
        v = r - ca
        if v > best:
            best, arg = v, _S_R
        v = ts1 - ca / 2.0
        if v > best:
            best, arg = v, _S_TS1
        v = ts2 - ca / 2.0
        if v > best:
            best, arg = v, _S_TS2
        v = (tr1 if tr1 > tr2 else tr2) - ca / 2.0
        if v > best:
            best, arg = v, (_S_TR1 if tr1 > tr2 else _S_TR2)
        n_a, b_a = best + e_a, arg
        # transitions (fixed predecessors)
        ts2 = ts1 + e_t
        ts1 = _NEG
        tr2 = tr1 + e_t
        tr1 = r - ca / 2.0 + e_t
        ta2 = ta1 + e_t
        ta1 = a - cr / 2.0 + e_t
        r, a = n_r, n_a
        back.append((b_r, b_a))
    final = (r, a, ts1, ts2, tr1, tr2, ta1, ta2)
    # The text cannot end inside its intro, and a lone paragraph is not a transition.
    candidates = (0, 1, 4, 5, 6, 7) if n > 1 else (0, 1)
    state = max(candidates, key=lambda s: final[s])
    states = [state]
    for i in range(n - 1, 0, -1):
        if state == _S_R or state == _S_A:
            state = back[i][state]
        elif state in (_S_TS2, _S_TR2, _S_TA2):
            state -= 1
        elif state == _S_TR1:
            state = _S_R
        elif state == _S_TA1:
            state = _S_A
        else:  # pragma: no cover - TS1 only at index 0
            raise AssertionError("intro transition after the first paragraph")
        states.append(state)
    states.reverse()
    return [_STATE_KIND[s] for s in states]


# --------------------------------------------------------------------------- titles

_TITLE_MAX = 40
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s|[:;]\s|\s[—–]\s")
_FALLBACK_TITLES = {
    "fr": {_R: "Souvenirs", _A: "Argument", _T: "Transition"},
    "en": {_R: "Memories", _A: "Argument", _T: "Transition"},
}


def _shorten(s: str, limit: int = _TITLE_MAX) -> str:
    """At most *limit* characters, cut at a word boundary with "…"."""
    s = _SPACES.sub(" ", s).strip()
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–—'’\"«(") + "…"


def _title_from_text(text: str) -> str:
    s = _HTML_TAG.sub(" ", text)
    s = _URL.sub(" ", s)
    if _SHORTCODE.match(s):
        return ""
    s = _SPACES.sub(" ", s).strip().lstrip("-*>•#| \"«“")
    if not s:
        return ""
    m = _SENTENCE_END.search(s)
    first = s[: m.start()] if m else s
    first = first.strip().rstrip(".!?…:;,")
    if len(first) < 12 and m and len(s) > len(first) + 2:
        first = s.rstrip(".!?…:;,")  # very short opening ("Rideau."): take a little more
    return _shorten(first)


def _make_title(
    first: int, last: int, kind: str, texts: Sequence[str], heads: Sequence[str | None],
    kinds: Sequence[str], language: str,
) -> str:
    heading = heads[first]
    if heading and (first == 0 or heads[first - 1] != heading):
        return _shorten(heading)
    for i in range(first, last + 1):
        if kinds[i] in ("code", "html"):
            continue
        title = _title_from_text(texts[i])
        if title:
            return title
    for i in range(first, last + 1):
        if kinds[i] == "html":
            title = _title_from_text(texts[i])
            if title:
                return title
    return _FALLBACK_TITLES.get(language, _FALLBACK_TITLES["en"])[kind]


# --------------------------------------------------------------------------- driver


def _check_fixed(fixed: Sequence[Fixed], n: int) -> list[Fixed]:
    """Validated fixed ranges, sorted.

    An unknown kind is a programming error (``ValueError``).  Ranges are clipped to
    the text (empty ones dropped) and, where two overlap, the later start cuts the
    earlier range (same start: the later one in *fixed* wins), so that a quirk in
    a document's marks never stops the reader.
    """
    for f in fixed:
        if f.kind not in KINDS:
            raise ValueError(f"unknown section kind {f.kind!r}")
    ordered = sorted(enumerate(fixed), key=lambda p: (p[1].first, p[0]))
    clipped = [
        Fixed(max(f.first, 0), min(f.last, n - 1), SectionKind(f.kind), f.title)
        for _, f in ordered
        if f.first <= f.last and f.last >= 0 and f.first < n
    ]
    out: list[Fixed] = []
    for k, f in enumerate(clipped):
        if k + 1 < len(clipped) and clipped[k + 1].first == f.first:
            continue  # the later one at the same start wins
        if out and out[-1].last >= f.first:
            prev = out.pop()
            if prev.first < f.first:
                out.append(Fixed(prev.first, f.first - 1, prev.kind, prev.title))
        out.append(f)
    return out


def _run(
    texts: Sequence[str],
    language: str,
    headings: Sequence[str | None],
    block_kinds: Sequence[str],
    fixed: Sequence[Fixed],
    want_evidence: bool,
) -> tuple[list[Section], list[Evidence]]:
    n = len(texts)
    if n == 0:
        return [], []
    language = language if language in ("fr", "en") else "en"
    heads: list[str | None] = list(headings[:n]) + [None] * (n - len(headings[:n]))
    kinds: list[str] = list(block_kinds[:n]) + ["text"] * (n - len(block_kinds[:n]))
    fixed_sorted = _check_fixed(fixed, n)
    f = _features(texts, kinds, language, want_evidence)
    extra: list[list[tuple[float, str]]] | None = [[] for _ in range(n)] if want_evidence else None

    pieces: list[tuple[int, int, Fixed | None]] = []
    pos = 0
    for fx in fixed_sorted:
        if pos < fx.first:
            pieces.append((pos, fx.first - 1, None))
        pieces.append((fx.first, fx.last, fx))
        pos = fx.last + 1
    if pos < n:
        pieces.append((pos, n - 1, None))

    labels: list[str] = [_A] * n
    emissions: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * n
    sections: list[Section] = []
    for first, last, mark in pieces:
        if mark is not None:
            labels[first : last + 1] = [mark.kind] * (last - first + 1)
            title = mark.title.strip() or _make_title(first, last, mark.kind, texts, heads, kinds,
                                                    language)
            sections.append(Section(mark.kind, title, first, last, explicit=True))
            continue
        em = _score(f, first, last, heads, language, extra)
        to_r, to_a = _change_costs(f, first, last, heads)
        labels[first : last + 1] = _viterbi(em, to_r, to_a)
        emissions[first : last + 1] = em
        # Runs of one kind, also cut where the heading changes.
        start = first
        for i in range(first + 1, last + 2):
            if i > last or labels[i] != labels[start] or heads[i] != heads[i - 1]:
                kind = labels[start]
                title = _make_title(start, i - 1, kind, texts, heads, kinds, language)
                sections.append(Section(SectionKind(kind), title, start, i - 1))
                start = i

    evidence: list[Evidence] = []
    if want_evidence:
        assert f.reasons is not None and extra is not None
        explicit = {i for fx in fixed_sorted for i in range(fx.first, fx.last + 1)}
        for i in range(n):
            ranked = sorted(f.reasons[i] + extra[i], key=lambda r: -r[0])
            strings = [s for _, s in ranked][:6]
            if i in explicit:
                strings.insert(0, "explicit mark")
                scores = {k: (1.0 if k == labels[i] else 0.0) for k in KINDS}
            else:
                e = emissions[i]
                scores = {_R: round(e[0], 3), _A: round(e[1], 3), _T: round(e[2], 3)}
            evidence.append(Evidence(i, labels[i], MappingProxyType(scores), tuple(strings)))
    return sections, evidence


def split_sections(
    texts: Sequence[str],
    *,
    language: str,
    headings: Sequence[str | None] = (),
    block_kinds: Sequence[str] = (),
    fixed: Sequence[Fixed] = (),
) -> list[Section]:
    """Split *texts* (one string per paragraph) into contiguous sections, in order.

    ``language`` is "fr" or "en" (anything else is treated as "en");
    ``headings[i]`` is the nearest heading above paragraph *i* (or None);
    ``block_kinds[i]`` one of "text", "quote", "list", "code", "html"; both may be
    empty.  ``fixed`` ranges are kept exactly (``explicit=True``) and the rest is
    split automatically; ranges are clipped to the text and, if two overlap, the
    later start cuts the earlier range.  Raises ``ValueError`` for an unknown kind.
    """
    return _run(texts, language, headings, block_kinds, fixed, False)[0]


def explain(
    texts: Sequence[str],
    *,
    language: str,
    headings: Sequence[str | None] = (),
    block_kinds: Sequence[str] = (),
    fixed: Sequence[Fixed] = (),
) -> list[Evidence]:
    """One :class:`Evidence` per paragraph: its final kind and the clues behind it."""
    return _run(texts, language, headings, block_kinds, fixed, True)[1]
