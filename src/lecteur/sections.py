"""Automatic split of an essay into reminiscence / argument / transition sections.

The model is deliberately simple and explainable:

1. every paragraph gets *evidence* from cheap heuristics (verb tenses found with
   suffix and auxiliary rules, temporal and argumentative phrases, questions,
   imperatives, the heading it sits under);
2. the evidence is turned into a score per kind;
3. a Viterbi pass over the whole sequence picks the best labelling, paying a
   cost each time the kind changes, so that a single past-tense example does not
   cut an argument in two while a real multi-paragraph return to memories does;
   transitions are short (at most two paragraphs) and only sit at the start, at
   the end, or between a reminiscence and an argument.

Explicitly marked ranges (``Fixed``) are kept as they are; only the stretches
between them are split.  Pure Python, no NLP library; the per-paragraph work is
linear in its length and the sequence pass is O(n).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

__all__ = [
    "Kind",
    "KINDS",
    "Section",
    "Fixed",
    "Evidence",
    "split_sections",
    "explain",
]

Kind = Literal["reminiscence", "argument", "transition"]
KINDS: tuple[str, ...] = ("reminiscence", "argument", "transition")
_R, _A, _T = KINDS


# --------------------------------------------------------------------------- API types


@dataclass(frozen=True, slots=True)
class Section:
    """A run of paragraphs ``first..last`` (inclusive) of one kind."""

    kind: str
    title: str
    first: int
    last: int
    explicit: bool = False


@dataclass(frozen=True, slots=True)
class Fixed:
    """An explicitly marked range from the document; kept exactly."""

    first: int
    last: int
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why paragraph ``index`` ended up in a section of ``kind``."""

    index: int
    kind: str
    scores: Mapping[str, float] = field(compare=False)
    reasons: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line, e.g. ``'¶4 reminiscence: imparfait ×3, "Il fut une époque"'``."""
        body = ", ".join(self.reasons) if self.reasons else "no clear evidence"
        return f"¶{self.index} {self.kind}: {body}"


# --------------------------------------------------------------------------- tuning

#: Cost of switching between reminiscence and argument.
CHANGE_COST = 2.6
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
#: Weight of the plain present re-read as narration under an explicit frame
#: ("On est en 1997.") and under an implicit one (after a paragraph told in the past).
_EXPLICIT_FRAME = 0.8
_IMPLICIT_FRAME = 0.001  # (non-zero: marks the frame as open)
#: Own score above which a paragraph opens an implicit narrative frame.
_IMPLICIT_FRAME_OPEN = 1.5

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
    """need needed? indeed hundred bed red shed sled wed fled bred led fed sacred naked
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

# --------------------------------------------------------------------------- phrases


def _alt(*phrases: str) -> str:
    return "|".join(phrases)


_NUM_FR = (
    r"(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|"
    r"trente|quarante|cinquante|soixante|cent|quelques|plusieurs|des|bien des|"
    r"vingt-cinq|une dizaine d'|une vingtaine d'|une quinzaine d')"
)
_NUM_EN = (
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|a few|many|several|some|a hundred|a couple of)"
)
_DECADE_FR = (
    r"(?:(?:19|20)?\d0|vingt|trente|quarante|cinquante|soixante|soixante-dix|quatre-vingts?|"
    r"quatre-vingt-dix|2000)"
)
_DECADE_EN = r"(?:(?:19|20)?\d0'?s|'\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
_YEAR = r"(?:1[89]\d\d|20[01]\d|202[0-2])"

# Each group: (regex, weight, label). Labels: "quote" = quote the matched text.
_FR_GROUPS: dict[str, str] = {
    "past_strong": _alt(
        r"il fut (?:un temps|une époque|une fois)",
        r"il était une fois",
        r"il y a bien longtemps",
        r"je me (?:souviens|rappelle|souvenais|rappelais|revois)",
        r"je revois",
        r"(?:quand|lorsque|lorsqu) ?(?:j'étais|nous étions|on était|j'avais \d+ ans)",
        r"à l'âge de \d+ ans",
        r"(?:dans|de|pendant) (?:ma jeunesse|mon enfance|mon adolescence)",
        r"souvenirs? d'enfance",
        r"(?:je (?:le )?sais|je parle) (?:par|d')expérience",
        r"j'en ai fait l'expérience",
        r"qui se souvient",
        r"(?:vous vous|tu te|on se) souvien[st]",
        r"(?:vous )?souvenez-vous",
        r"te souviens-tu",
    ),
    "past_medium": _alt(
        r"à l'époque",
        r"a l'epoque",
        r"à cette époque",
        r"en ce temps[- ]là",
        r"autrefois",
        r"jadis",
        r"naguère",
        r"dans le temps",
        r"(?:ce|cet|cette) (?:jour|soir|matin|année|été|hiver|automne|printemps|nuit|fois|époque)-là",
        r"à ce moment-là",
        r"il y a " + _NUM_FR + r" ?(?:ans|années|décennies)",
        r"(?:dans|pendant|durant|au début des|à la fin des) les années " + _DECADE_FR,
        r"(?:dans|pendant|durant) les années " + _DECADE_FR,
        r"les années " + _DECADE_FR,
    ),
    "year": r"(?<![\d,.])" + _YEAR + r"(?![\d,.]\d)",
    "narrative": _alt(
        r"un (?:jour|soir|matin|hiver|été|automne|printemps|dimanche|samedi)",
        r"une (?:nuit|fois|année|semaine)",
        r"le lendemain",
        r"la veille",
        r"et puis",
        r"ensuite",
        r"plus tard",
        r"peu après",
        r"tout à coup",
        r"soudain",
        r"cette fois",
        r"puis",
    ),
    "now": _alt(
        r"aujourd'hui",
        r"maintenant",
        r"désormais",
        r"de nos jours",
        r"actuellement",
        r"à présent",
        r"en ce moment",
        r"ces derni(?:ers|ères) (?:temps|mois|jours|années|semaines)",
        r"à l'heure actuelle",
        r"plus jamais",
        _NUM_FR + r" ?(?:ans|années|décennies) plus tard",
        r"(?:ce qui|tout|beaucoup de choses) a (?:bien |beaucoup )?changé",
    ),
    "judge": _alt(
        r"je (?:ne )?pense",
        r"je (?:ne )?crois",
        r"je (?:suis|reste) (?:convaincue?|persuadée?|certaine?|sûre?)",
        r"à mon avis",
        r"selon moi",
        r"il me semble",
        r"je trouve que",
        r"j'estime",
        r"je considère",
        r"je (?:ne )?dis (?:pas )?que",
        r"pour moi,",
        r"j'ai l'impression",
        r"je doute",
        r"il est (?:évident|clair|temps|urgent|nécessaire|important|essentiel)",
        r"c'est (?:évident|clair|pourquoi)",
        r"il (?:ne )?s'agit (?:pas )?de",
        r"le (?:vrai )?problème",
        r"la (?:vraie )?question (?:n'est|est)",
        r"en réalité",
        r"au fond(?! d)",
    ),
    "example": _alt(
        r"par exemple",
        r"prenons (?:l'exemple|le cas)",
        r"la semaine dernière",
        r"le mois dernier",
        r"récemment",
        r"l'autre jour",
        r"voilà ce qu(?:e|i|')",
        r"c'est ce qu(?:e|i|')",
        r"preuve que",
        r"(?:une|des|les|plusieurs) (?:études?|enquêtes?|recherches?|statistiques) (?:montrent|montre|ont montré|a montré|indiquent|indique|suggèrent|suggère|récentes?)",
        r"les chiffres (?:montrent|sont|parlent)",
        r"selon (?:une|les|des)",
    ),
    "modal": _alt(
        r"il (?:ne )?faut(?! (?:une?|deux|trois|quelques|des|plusieurs|\d+) (?:heures?|minutes?|secondes?|jours?|semaines?|mois|ans|années))",
        r"faut-il",
        r"il (?:ne )?faudr(?:ait|a)",
        r"(?:on|nous|vous|ils|il|elle|elles|je|tu) (?:ne )?(?:doit|doivent|devons|devez|dois|devrai[st]?|devraient|devrions|devriez)",
        r"(?:on|nous|vous) (?:ne )?(?:peut|pouvons|pouvez|pourrai[st]|pourrions|pourriez)",
        r"il vaut mieux",
        r"mieux vaut",
        r"il suffit",
    ),
    "connect": _alt(
        r"parce que",
        r"car",
        r"donc",
        r"pourtant",
        r"cependant",
        r"en effet",
        r"en fait",
        r"c'est-à-dire",
        r"autrement dit",
        r"au contraire",
        r"certes",
        r"néanmoins",
        r"toutefois",
        r"d'ailleurs",
        r"par conséquent",
        r"voilà pourquoi",
        r"non seulement",
    ),
    "meta": _alt(
        r"je vais (?:m'arrêter|en venir|revenir|me réorienter|commencer|vous parler|maintenant|donc)",
        r"j'en (?:arrive|viens|reviens) à",
        r"venons-en",
        r"revenons(?:-en)? (?:à|au|aux)",
        r"passons (?:à|au|maintenant)",
        r"je m'égare",
        r"je digresse",
        r"je m'arrête là",
        r"assez (?:de nostalgie|de souvenirs|parlé|radoté)",
        r"trêve de",
        r"(?:fin de|refermons|fermons|je ferme) (?:la|cette) parenthèse",
        r"pour en revenir",
        r"où je veux en venir",
        r"par (?:quel bout|où) commencer",
        r"pour commencer",
        r"tout d'abord",
        r"en conclusion",
        r"pour conclure",
        r"pour finir",
    ),
    "meta_weak": _alt(
        r"(?:ce|cet|mon) (?:billet|post|article|texte|propos)",
        r"le fond du",
        r"(?:mon|un) exemple",
        r"le sujet",
        r"parenthèse",
    ),
    "frame": _alt(
        r"(?:on est|nous sommes|nous voilà|nous voici|c'est) (?:en|à l'été|à l'automne|au printemps|à l'hiver|au début des|à la fin des|dans les) (?:années )?(?:" + _YEAR + "|" + _DECADE_FR + ")",
        r"^(?:[^\W\d_]+[ ,]+){0,4}" + _YEAR + r"\s*(?:[.:!]|$)",
    ),
}

_EN_GROUPS: dict[str, str] = {
    "past_strong": _alt(
        r"i (?:still )?(?:remember|recall)",
        r"i can still (?:see|hear|smell)",
        r"back then",
        r"in those days",
        r"when (?:i|we) (?:was|were)",
        r"as a (?:child|kid|boy|girl|teenager|student)",
        r"growing up",
        r"once upon a time",
        r"in my (?:youth|childhood)",
        r"(?:i|we|you|they|he|she|people) used to",
        r"(?:i (?:know|speak|say) (?:this|that|it) )?from (?:my own |personal )?experience",
        r"who (?:still )?remembers",
        r"(?:do you |you may )?remember when",
        r"do you remember",
    ),
    "past_medium": _alt(
        r"at (?:the|that) time",
        r"(?:that|one) (?:summer|winter|spring|autumn|fall|year|day|night|morning|evening|week)",
        r"those (?:days|years)",
        _NUM_EN + r" years ago",
        r"years ago",
        r"long ago",
        r"(?:in )?the " + _DECADE_EN,
        r"used to",
        r"the first time (?:i|we)",
    ),
    "year": r"(?<![\d,.])" + _YEAR + r"(?![\d,.]\d)",
    "narrative": _alt(
        r"one day",
        r"the next (?:day|morning|week)",
        r"afterwards",
        r"after that",
        r"eventually",
        r"suddenly",
        r"later",
        r"then",
    ),
    "now": _alt(
        r"today",
        r"nowadays",
        r"these days",
        r"any ?more",
        r"no longer",
        r"currently",
        r"at present",
        r"at the moment",
        r"right now",
        r"lately",
        r"now",
        _NUM_EN + r" years later",
        r"(?:what|everything|much|a lot|so much) (?:has|have) changed",
    ),
    "judge": _alt(
        r"i (?:do not |don't )?(?:think|believe)",
        r"in my (?:opinion|view)",
        r"i(?:'m| am) (?:not )?(?:convinced|sure|certain|saying)",
        r"it seems to me",
        r"i(?:'d| would) argue",
        r"i argue",
        r"my point",
        r"the (?:real )?(?:point|problem|truth|question) is",
        r"the problem",
        r"of course",
        r"it(?:'s| is) (?:clear|obvious|time|important|essential|not about)",
        r"that does not mean",
        r"that doesn't mean",
    ),
    "example": _alt(
        r"for (?:example|instance)",
        r"last (?:week|month)",
        r"recently",
        r"the other day",
        r"(?:a|one|the|recent|several) (?:study|survey|studies|surveys)",
        r"studies (?:show|suggest|found|have)",
        r"(?:the )?research (?:is|shows|suggests|found|says)",
        r"the (?:data|numbers|figures)",
        r"according to",
        r"case in point",
        r"(?:this|that|which) (?:shows|proves)",
    ),
    "modal": _alt(
        r"should(?:n't)?",
        r"must(?:n't)?",
        r"ought to",
        r"needs? to",
        r"(?:have|has) to",
        r"let's",
        r"let us",
        r"(?:we|you) can",
    ),
    "connect": _alt(
        r"because",
        r"therefore",
        r"however",
        r"that(?:'s| is) why",
        r"which means",
        r"this means",
        r"it means",
        r"in fact",
        r"indeed",
        r"instead",
        r"rather than",
        r"not only",
        r"on the other hand",
        r"thus",
        r"hence",
    ),
    "meta": _alt(
        r"but i digress",
        r"i digress",
        r"enough (?:nostalgia|of that|about me|reminiscing)",
        r"let me (?:get|come|turn) (?:to|back)",
        r"(?:which|this|that) brings me to",
        r"back to the (?:point|topic|subject)",
        r"to get back to",
        r"where was i",
        r"let me start",
        r"to begin with",
        r"first of all",
        r"in conclusion",
        r"to conclude",
        r"to sum up",
        r"here's the thing",
    ),
    "meta_weak": _alt(
        r"this (?:post|essay|article|piece)",
        r"my (?:example|point)",
        r"the point of",
        r"anyway",
    ),
    "frame": _alt(
        r"(?:it's|it is|the year is|we're in|we are in) (?:the )?(?:(?:summer|spring|fall|autumn|winter) (?:of )?)?(?:" + _YEAR + "|" + _DECADE_EN + ")",
        r"^(?:[^\W\d_]+[ ,]+){0,4}" + _YEAR + r"\s*(?:[.:!]|$)",
    ),
}


def _compile_groups(groups: dict[str, str]) -> re.Pattern[str]:
    parts = []
    for name, body in groups.items():
        if name == "frame":
            continue  # anchored alternatives: compiled separately
        parts.append(f"(?P<{name}>{body})")
    return re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w])")


_MARKERS = {"fr": _compile_groups(_FR_GROUPS), "en": _compile_groups(_EN_GROUPS)}
_FRAMES = {
    "fr": re.compile(r"(?<![\w'])(?:" + _FR_GROUPS["frame"] + r")", re.M),
    "en": re.compile(r"(?<![\w'])(?:" + _EN_GROUPS["frame"] + r")", re.M),
}

# Weights of the phrase groups: (weight, cap per paragraph); positive = reminiscence.
_GROUP_WEIGHTS: dict[str, tuple[float, float]] = {
    "past_strong": (2.5, 4.0),
    "past_medium": (1.4, 2.8),
    "year": (1.0, 1.0),
    "narrative": (0.4, 0.8),
    "now": (-1.4, -2.8),
    "judge": (-1.8, -3.6),
    "modal": (-1.4, -2.8),
    "connect": (-0.35, -1.0),
    "example": (-1.5, -3.0),
}
_QUOTED_GROUPS = ("past_strong", "past_medium", "now", "judge", "modal", "meta", "example")

_WORD_FR = re.compile(r"[^\W\d_]+")
_WORD_EN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s+|\n)\W*([^\W\d_]+)(?:['’\s]+([^\W\d_]+))?")
_HYPHEN_IMPERATIVE_FR = re.compile(
    r"\b(?!rendez-)[^\W\d_]+(?:ez|ons)-(?:vous|nous|moi|toi|les|le|la|en|y|lui|leur)\b"
)
_THESIS_NO = re.compile(r"^\W*(?:NON|NO|NOPE)\b")
_SHORTCODE = re.compile(r"^\s*(?:\{\{[<%].*?[%>]\}\}\s*|\{%.*?%\}\s*)+$", re.S)
_URL = re.compile(r"https?://\S+|www\.\S+")
_HTML_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")

# Headings: what they announce.
_HEADING_R = re.compile(
    r"\b(?:avant|autrefois|jadis|souvenirs?|mémoires?|hier|il était une fois|il fut une"
    r"|à l'époque|enfance|jeunesse|nostalgie|flash-?back|retour en arrière|un peu d'histoire"
    r"|back then|before|memories|memory|the old days|childhood|once upon|yesterday"
    r"|the past|le passé|then|history|histoire|" + _YEAR + r"|années " + _DECADE_FR
    + r"|the " + _DECADE_EN + r")\b",
    re.I,
)
_HEADING_A = re.compile(
    r"\b(?:maintenant|aujourd'hui|aujourd’hui|désormais|demain|now|today|nowadays|these days"
    r"|tomorrow|conclusions?|pourquoi|why|que faire|what to do|propositions?|solutions?"
    r"|le problème|the problem|mon avis|opinion|thèses?|arguments?|à retenir|takeaways?"
    r"|lessons?|leçons?|l'avenir|avenir|the future|what now|so what|et alors)\b",
    re.I,
)

# --------------------------------------------------------------------------- lexicon


class _C:
    """Token class codes (small ints, cached per surface form)."""

    NONE = 0
    IMP = 1  # imparfait (context-free: -ait / -aient)
    IMP_1S = 2  # -ais: imparfait only after je/tu
    IMP_PL = 3  # -ions / -iez: imparfait only after nous/vous
    PS = 4  # passé simple
    PS_1S = 5  # -ai after je
    PS_A = 22  # -a: passé simple unless after a determiner / preposition ("en pyjama")
    FUT = 6
    COND = 7
    PRES = 8  # irregular present
    MAYBE_PRES = 9  # -e/-es/-ent/-ons/-ez: present after a subject pronoun
    AV_PRES = 10
    ET_PRES = 11
    AV_IMP = 12
    ET_IMP = 13
    ALLER = 14
    SUBJ_1S = 15
    SUBJ_PL = 16
    SUBJ_3 = 17
    CLITIC = 18
    ADV = 19
    SI = 20
    INF = 21
    # English
    E_PAST = 30
    E_ED = 31
    E_PART = 32  # irregular participle only
    E_WAS = 33
    E_HAD = 34
    E_HAVE = 35
    E_BE = 36
    E_PRES = 37
    E_MODAL = 38
    E_FUT = 39
    E_WOULD = 40
    E_USED = 41
    E_SUBJ_BASE = 42
    E_SUBJ_3 = 43
    E_DET = 44
    E_ADV = 45
    E_ING = 46
    E_PAST_NEG = 47
    E_DID = 48
    E_VERB = 49  # base form of a common verb
    E_VERB_S = 50  # -s form of a common verb
    E_TO = 51


_FR_CLOSED_CLASSES = frozenset({_C.SUBJ_1S, _C.SUBJ_PL, _C.SUBJ_3, _C.CLITIC, _C.SI})
_PART = 1 << 8  # flag: may be a past participle
_PART_ETRE = 1 << 9  # flag: participle of an "être" verb
_CLASS_MASK = 0xFF


def _fr_participle_flags(w: str) -> int:
    if w in _NOT_PARTICIPLE_FR or len(w) < 2 or w.endswith(("que", "gue", "ques", "gues")):
        return 0
    flags = 0
    if w in _IRREGULAR_PARTICIPLES_FR or w.endswith(
        ("é", "ée", "és", "ées", "i", "is", "ie", "ies", "it", "u", "us", "ue", "ues", "ert",
         "erte", "erts", "int", "ainte", "aint")
    ):
        flags |= _PART
    if w in _ETRE_PARTICIPLES:
        flags |= _PART | _PART_ETRE
    return flags


def _fr_class(w: str) -> int:
    """Class code of a French token (original case) with participle flags."""
    if w[:1].isupper():
        # Capitalised: closed word lists apply (sentence starts, "NON"), but not the
        # suffix rules: a proper noun ("Nokia", "Gandi") is not a verb.
        low = w.lower()
        if w.isupper() and len(w) > 1:
            return _fr_class(low)
        code = _fr_class(low)
        if low in _FR_CLOSED or code & _CLASS_MASK in _FR_CLOSED_CLASSES:
            return code
        return _C.NONE
    flags = _fr_participle_flags(w)
    if w in _SUBJ_FR_1S:
        return _C.SUBJ_1S
    if w in _SUBJ_FR_PL:
        return _C.SUBJ_PL
    if w in _SUBJ_FR_3:
        return _C.SUBJ_3
    if w in _CLITIC_FR:
        return _C.CLITIC
    if w == "si":
        return _C.SI
    if w in _AVOIR_PRES:
        return _C.AV_PRES
    if w in _ETRE_PRES:
        return _C.ET_PRES
    if w in _AVOIR_IMP:
        return _C.AV_IMP
    if w in _ETRE_IMP:
        return _C.ET_IMP
    if w in _ALLER_PRES:
        return _C.ALLER
    if w in _ADV_FR:
        return _C.ADV
    if w in _PS_IRREGULAR:
        return _C.PS | flags
    if w in _COND_IRREGULAR:
        return _C.COND
    if w in _FUT_IRREGULAR:
        return _C.FUT
    if w in _PRESENT_FR:
        return _C.PRES | flags
    if len(w) < 4:
        return _C.NONE | flags
    # Conditionnel / futur before imparfait: -erait is a conditional, not an imparfait.
    if w.endswith(("rait", "rais", "raient", "rions", "riez")) and w not in _IMPARFAIT_RER:
        if w.endswith(("erait", "erais", "eraient", "erions", "eriez", "rrait", "rrais",
                       "rraient", "drait", "drais", "draient", "irait", "irais", "iraient",
                       "ttrait", "îtrait", "oirait", "ivrait", "evrait", "evraient")):
            return _C.COND
    if w.endswith(("aient", "ait")) and w not in _NOT_IMPARFAIT:
        return _C.IMP
    if w.endswith("ais") and w not in _NOT_IMPARFAIT:
        return _C.IMP_1S
    if w.endswith(("ions", "iez")):
        return _C.IMP_PL | flags
    if w.endswith(("èrent", "irent", "urent", "inrent", "âmes", "îmes", "ûmes", "âtes", "îtes")):
        if w.endswith("eurent") or w[:-3] + "er" in _IRER_INFINITIVES:
            return _C.MAYBE_PRES  # "meurent", "pleurent", "tirent", "admirent"
        return _C.PS
    if w.endswith(("erai", "eras", "erons", "erez", "eront", "irai", "iras", "irons", "iront",
                   "rrai", "rras", "rrons", "rront", "drai", "dras", "drons", "dront")):
        return _C.FUT
    if w.endswith("a") and w not in _NOT_PS_A:
        if w in _PS_IRER:
            return _C.PS
        if w.endswith(_FUTURE_A_ENDINGS):
            return _C.FUT
        return _C.PS_A
    if w.endswith("ai"):
        return _C.PS_1S
    if w.endswith(("er", "ir", "re", "oir")) and not w.endswith(("ier", "eur", "oir")):
        return _C.INF | flags
    if w.endswith(("e", "es", "ent", "ons", "ez")):
        return _C.MAYBE_PRES | flags
    return _C.NONE | flags


def _en_class(w: str) -> int:
    low = w.lower()
    if w[:1].isupper() and low not in _EN_ALL_CLOSED and low != "i" and not low.startswith("i'"):
        return _C.NONE
    w = low
    if w in _EN_SUBJ_BASE:
        return _C.E_SUBJ_BASE
    if w in _EN_SUBJ_3:
        return _C.E_SUBJ_3
    if w in _EN_PAST_AUX:
        return _C.E_WAS
    if w in _EN_PAST_NEG:
        return _C.E_PAST_NEG
    if w in ("had", "i'd've"):
        return _C.E_HAD
    if w in ("did",):
        return _C.E_DID
    if w in _EN_HAVE_PRES:
        return _C.E_HAVE
    if w in _EN_BE_PRES:
        return _C.E_BE
    if w in _EN_PRESENT:
        return _C.E_PRES
    if w in _EN_MODAL:
        return _C.E_MODAL
    if w in _EN_FUTURE:
        return _C.E_FUT
    if w in _EN_WOULD:
        return _C.E_WOULD
    if w == "used":
        return _C.E_USED | _PART
    if w in _EN_DET:
        return _C.E_DET
    if w in _EN_ADV:
        return _C.E_ADV
    if w in _EN_PAST_IRREGULAR:
        return _C.E_PAST | _PART
    if w in _EN_PARTICIPLE_IRREGULAR:
        return _C.E_PART | _PART
    if w.endswith("ed") and len(w) > 3 and w not in _EN_NOT_ED and not w.endswith("eed"):
        return _C.E_ED | _PART
    if w.endswith("ing") and len(w) > 4:
        return _C.E_ING
    if w in _EN_VERBS:
        return _C.E_VERB
    if w == "to":
        return _C.E_TO
    if w.endswith("s") and len(w) > 3:
        stem = w[:-2] if w.endswith(("ches", "shes", "sses", "xes", "oes")) else w[:-1]
        if stem in _EN_VERBS or (w.endswith("ies") and w[:-3] + "y" in _EN_VERBS):
            return _C.E_VERB_S
    return _C.NONE


_EN_ALL_CLOSED = (
    _EN_PAST_AUX | _EN_PAST_NEG | _EN_HAVE_PRES | _EN_BE_PRES | _EN_PRESENT | _EN_MODAL
    | _EN_FUTURE | _EN_WOULD | _EN_SUBJ_BASE | _EN_SUBJ_3 | {"had", "did"}
)

_FR_CACHE: dict[str, int] = {}
_EN_CACHE: dict[str, int] = {}
_CACHE_LIMIT = 200_000
_FR_CLOSED = (
    _SUBJ_FR_1S | _SUBJ_FR_PL | _SUBJ_FR_3 | _CLITIC_FR | _ADV_FR | _AVOIR_PRES | _ETRE_PRES
    | _AVOIR_IMP | _ETRE_IMP | _ALLER_PRES | _PS_IRREGULAR | _COND_IRREGULAR | _FUT_IRREGULAR
    | _PRESENT_FR | {"si"}
)

# --------------------------------------------------------------------------- tense counting

# Indexes into the tense-count list.
_T_IMP, _T_PS, _T_PQP, _T_PC, _T_PRES, _T_FUT, _T_COND, _T_IMPER, _T_HYPO = range(9)
_E_PAST, _E_PROG, _E_PERF_PAST, _E_USED, _E_WOULD, _E_PRES, _E_PERF, _E_FUT, _E_MODAL, _E_ED_WEAK = range(10)

_FR_TENSE_NAMES = (
    "imparfait",
    "passé simple",
    "plus-que-parfait",
    "passé composé",
    "présent",
    "futur",
    "conditionnel",
    "impératif",
    "hypothèse (si + imparfait)",
)
_EN_TENSE_NAMES = (
    "simple past",
    "past progressive",
    "past perfect",
    '"used to"',
    "habitual would",
    "present",
    "present perfect",
    "future",
    "modal",
    "-ed form",
)


def _count_fr(text: str) -> list[int]:
    """Tense counts of a French paragraph (indexes ``_T_*``)."""
    counts = [0] * 9
    cache = _FR_CACHE
    subj = 0  # 0 none, 1 je/tu, 2 nous/vous, 3 third person
    pending = 0  # class of an auxiliary waiting for its participle
    pending_refl = False  # the auxiliary was preceded by a reflexive pronoun
    pending_ce = False  # "c'est" / "ce sont": not a passé composé
    refl = False
    si_dist = 99  # tokens since "si" (si + imparfait is a hypothesis)
    prev = ""
    for w in _WORD_FR.findall(text):
        code = cache.get(w)
        if code is None:
            code = _fr_class(w)
            if len(cache) < _CACHE_LIMIT:
                cache[w] = code
        c = code & _CLASS_MASK
        si_dist += 1
        if pending:
            if c == _C.ADV or (c == _C.CLITIC and w != "le" and w != "la" and w != "les"):
                prev = w
                continue
            if code & _PART and not pending_ce:
                if pending == _C.AV_PRES or (
                    pending == _C.ET_PRES and (code & _PART_ETRE or pending_refl)
                ):
                    counts[_T_PC] += 1
                    pending = subj = 0
                    prev = w
                    continue
                if pending == _C.AV_IMP or pending == _C.ET_IMP:
                    counts[_T_PQP] += 1
                    pending = subj = 0
                    prev = w
                    continue
            # No participle: the auxiliary was used as a plain verb.
            if pending == _C.AV_IMP or pending == _C.ET_IMP:
                counts[_T_HYPO if si_dist <= 5 else _T_IMP] += 1
            elif pending == _C.ALLER:
                counts[_T_FUT if c == _C.INF else _T_PRES] += 1
            else:
                counts[_T_PRES] += 1
            pending = subj = 0
            refl = False
        if c == _C.SUBJ_1S:
            subj, refl = 1, False
        elif c == _C.SUBJ_PL:
            if subj:  # "nous nous retrouvions": the second one is an object
                refl = True
            else:
                subj = 2
        elif c == _C.SUBJ_3:
            subj, refl = 3, False
        elif c == _C.CLITIC:
            if w in _REFLEXIVE_FR:
                refl = True
                if not subj:
                    subj = 3
        elif c == _C.AV_PRES or c == _C.ET_PRES or c == _C.AV_IMP or c == _C.ET_IMP or c == _C.ALLER:
            pending = c
            pending_refl = refl
            pending_ce = prev == "c" or prev == "ce" or prev == "ça"
            refl = False
        elif c == _C.ADV:
            pass
        else:
            if c == _C.IMP:
                counts[_T_HYPO if si_dist <= 5 else _T_IMP] += 1
            elif c == _C.IMP_1S:
                if subj == 1:
                    counts[_T_HYPO if si_dist <= 5 else _T_IMP] += 1
            elif c == _C.IMP_PL:
                if subj == 2:
                    counts[_T_HYPO if si_dist <= 5 else _T_IMP] += 1
            elif c == _C.PS:
                counts[_T_PS] += 1
            elif c == _C.PS_1S:
                if subj == 1:
                    counts[_T_PS] += 1
            elif c == _C.PS_A:
                if subj or prev not in _DET_PREP_FR:
                    counts[_T_PS] += 1
            elif c == _C.FUT:
                counts[_T_FUT] += 1
            elif c == _C.COND:
                counts[_T_COND] += 1
            elif c == _C.PRES:
                counts[_T_PRES] += 1
            elif c == _C.MAYBE_PRES:
                if subj:
                    counts[_T_PRES] += 1
            elif c == _C.SI:
                si_dist = 0
            subj = 0
            refl = False
        prev = w
    if pending:
        if pending == _C.AV_IMP or pending == _C.ET_IMP:
            counts[_T_IMP] += 1
        else:
            counts[_T_PRES] += 1
    return counts


def _count_en(text: str) -> list[int]:
    """Tense counts of an English paragraph (indexes ``_E_*``)."""
    counts = [0] * 10
    cache = _EN_CACHE
    pending = 0
    subj = 0  # 1 base (I/you/we/they), 3 third person
    prev = 0
    prev_word = ""
    for w in _WORD_EN.findall(text.replace("’", "'")):
        code = cache.get(w)
        if code is None:
            code = _en_class(w)
            if len(cache) < _CACHE_LIMIT:
                cache[w] = code
        c = code & _CLASS_MASK
        if pending:
            if c == _C.E_ADV:
                continue
            if pending == _C.E_HAVE:
                counts[_E_PERF if code & _PART else _E_PRES] += 1
            elif pending == _C.E_HAD:
                counts[_E_PERF_PAST if code & _PART else _E_PAST] += 1
            elif pending == _C.E_WAS:
                counts[_E_PROG if c == _C.E_ING else _E_PAST] += 1
            elif pending == _C.E_BE:
                counts[_E_PRES] += 1
            pending_was = pending
            pending = 0
            if pending_was in (_C.E_HAVE, _C.E_HAD, _C.E_WAS, _C.E_BE) and (code & _PART or c == _C.E_ING):
                prev = c
                prev_word = w
                subj = 0
                continue
        if c in (_C.E_HAVE, _C.E_HAD, _C.E_WAS, _C.E_BE):
            pending = c
            subj = 0
        elif c == _C.E_SUBJ_BASE:
            subj = 1
        elif c == _C.E_SUBJ_3:
            subj = 3
        elif c == _C.E_PAST:
            counts[_E_PAST] += 1
            subj = 0
        elif c == _C.E_ED:
            if subj:
                counts[_E_PAST] += 1
            elif prev != _C.E_DET and prev_word not in _EN_PASSIVE_LEAD:
                counts[_E_ED_WEAK] += 1  # "Streets designed for cars": maybe not a verb
            subj = 0
        elif c == _C.E_VERB or c == _C.E_VERB_S:
            # After a pronoun, a noun or an adverb: a present.  After "to", a modal,
            # a determiner or at a sentence start (imperatives): not counted.
            if subj or (prev == _C.NONE and prev_word) or (c == _C.E_VERB_S and prev != _C.E_DET and prev_word):
                counts[_E_PRES] += 1
            subj = 0
        elif c in (_C.E_PAST_NEG, _C.E_DID):
            counts[_E_PAST] += 1
            subj = 0
        elif c == _C.E_PRES:
            counts[_E_PRES] += 1
            subj = 0
        elif c == _C.E_MODAL:
            counts[_E_MODAL] += 1
            subj = 0
        elif c == _C.E_FUT:
            counts[_E_FUT] += 1
            subj = 0
        elif c == _C.E_WOULD:
            counts[_E_WOULD] += 1
            subj = 0
        elif c == _C.E_USED:
            subj = 0  # "used to" is a phrase marker
        elif c == _C.E_ADV:
            pass  # "I never look": keeps the subject
        elif c == _C.NONE or c == _C.E_ING or c == _C.E_PART:
            if subj == 1 and c == _C.NONE:
                counts[_E_PRES] += 1
            elif subj == 3 and c == _C.NONE and w.endswith("s") and not w.endswith("ss"):
                counts[_E_PRES] += 1
            subj = 0
        else:
            subj = 0
        prev = c
        prev_word = w
    if pending == _C.E_HAD or pending == _C.E_WAS:
        counts[_E_PAST] += 1
    elif pending:
        counts[_E_PRES] += 1
    return counts


# --------------------------------------------------------------------------- per paragraph


@dataclass(slots=True)
class _Para:
    past: float = 0.0  # weighted past-tense count
    present: float = 0.0  # weighted present/future/... count
    present_only: float = 0.0  # plain present part of `present` (re-read under a past frame)
    markers: float = 0.0  # phrase evidence (+ = reminiscence)
    strong_arg: bool = False  # judgement / question / imperative / conditional / now
    modal: bool = False
    firm_arg: bool = False  # now / judgement / imperative / conditional / emphatic NO
    perfect: bool = False  # English present perfect: anchored in the present
    now: bool = False
    now_at_start: bool = False
    personal: bool = True  # has a first-person word (memories are personal)
    opens_r: bool = False  # opens on a reminiscence signpost ("Je me souviens…")
    opens_a: bool = False  # opens on an argument signpost ("Aujourd'hui…", "Il faut…")
    frame: str | None = None  # a historical-present frame set here ("On est en 1997")
    meta: float = 0.0
    words: int = 0
    prose: bool = True
    quote: bool = False
    reasons: list[tuple[float, str]] = field(default_factory=list)


def _plural(n: int) -> str:
    return f" ×{n}" if n > 1 else ""


def _quote(original: str, lowered: str, m: re.Match[str]) -> str:
    s, e = m.span()
    frag = original[s:e] if len(original) == len(lowered) else m.group(0)
    return f"\u201c{frag.strip()}\u201d" if False else f'"{frag.strip()}"'


def _analyse(text: str, language: str, block_kind: str) -> _Para:
    p = _Para()
    stripped = text.strip()
    if block_kind in ("code", "html") or not stripped or _SHORTCODE.match(stripped):
        p.prose = False
        what = block_kind if block_kind in ("code", "html") else "shortcode"
        if not stripped:
            what = "empty"
        p.reasons.append((0.0, f"non-prose ({what})"))
        return p
    if _URL.search(stripped):
        without = _URL.sub(" ", stripped)
        if len(without.split()) <= 3 * max(1, len(_URL.findall(stripped))):
            p.prose = False
            p.reasons.append((0.0, "non-prose (links)"))
            return p
        stripped = without
    p.quote = block_kind == "quote"
    fr = language == "fr"
    norm = stripped.replace("’", "'").replace("\u00a0", " ")
    lowered = norm.lower()
    p.words = len(lowered.split())
    p.personal = _FIRST_PERSON[language].search(lowered) is not None

    # ---- tenses
    if fr:
        c = _count_fr(norm)
        names = _FR_TENSE_NAMES
        past = 1.0 * c[_T_IMP] + 1.2 * c[_T_PS] + 1.2 * c[_T_PQP] + 0.5 * c[_T_PC]
        present = 1.0 * c[_T_PRES] + 0.8 * c[_T_FUT] + 1.0 * c[_T_COND] + 0.5 * c[_T_HYPO]
        p.present_only = float(c[_T_PRES])
        n_cond = c[_T_COND] + c[_T_HYPO]
    else:
        c = _count_en(norm)
        names = _EN_TENSE_NAMES
        would = c[_E_WOULD]
        base_past = c[_E_PAST] + c[_E_PROG] + c[_E_PERF_PAST]
        habitual = would if base_past >= 1 else 0
        past = 1.0 * c[_E_PAST] + 1.0 * c[_E_PROG] + 1.2 * c[_E_PERF_PAST] + 0.8 * habitual
        past += 0.6 * c[_E_ED_WEAK]
        present = 1.0 * c[_E_PRES] + 0.5 * c[_E_PERF] + 0.8 * c[_E_FUT] + 0.8 * (would - habitual)
        present += 0.8 * c[_E_MODAL]
        p.present_only = float(c[_E_PRES])
        p.perfect = c[_E_PERF] > 0
        n_cond = would - habitual
        c = list(c)
        c[_E_WOULD] = habitual
    p.past, p.present = past, present
    for i, n in enumerate(c):
        if n:
            p.reasons.append((float(n), names[i] + _plural(n)))

    # ---- questions, imperatives, thesis negation
    questions = stripped.count("?")
    if questions:
        p.markers -= min(2.4, 1.2 * questions)
        p.strong_arg = True
        p.reasons.append((1.2 * questions + 0.5, "question" + _plural(questions)))
    imperatives = _count_imperatives(norm, fr)
    if imperatives:
        p.present += imperatives
        p.markers -= min(3.0, 1.5 * imperatives)
        p.strong_arg = True
        label = "impératif" if fr else "imperative"
        p.reasons.append((1.5 * imperatives + 0.5, label + _plural(imperatives)))
        p.firm_arg = True
    if _THESIS_NO.match(stripped):
        p.markers -= 2.5
        p.strong_arg = p.firm_arg = True
        p.reasons.append((3.0, "emphatic " + stripped.split()[0]))
    if n_cond:
        p.strong_arg = p.firm_arg = True

    # ---- phrases
    got: dict[str, float] = {}
    quoted: list[tuple[float, str]] = []
    first_now_at = -1
    for m in _MARKERS[language].finditer(lowered):
        g = m.lastgroup
        assert g is not None
        if g == "meta":
            p.meta += 3.0
        elif g == "meta_weak":
            p.meta += 1.0
        else:
            w, cap = _GROUP_WEIGHTS[g]
            got[g] = got.get(g, 0.0) + w
        if g == "now" and first_now_at < 0:
            first_now_at = m.start()
        if m.start() <= _SIGNPOST_CHARS:
            if g in ("past_strong", "past_medium"):
                p.opens_r = True
            elif g in ("now", "judge", "modal", "meta"):
                p.opens_a = True
        if g in _QUOTED_GROUPS and len(quoted) < 4:
            w = abs(_GROUP_WEIGHTS.get(g, (3.0, 0.0))[0])
            quoted.append((w + 1.0, _quote(norm, lowered, m)))
        elif g == "year":
            quoted.append((1.0, ("année " if fr else "year ") + m.group(0)))
        elif g == "narrative":
            quoted.append((0.4, _quote(norm, lowered, m)))
    for g, v in got.items():
        cap = _GROUP_WEIGHTS[g][1]
        p.markers += min(v, cap) if cap > 0 else max(v, cap)
    if "now" in got:
        p.now = True
        p.now_at_start = 0 <= first_now_at <= 30 and p.words <= 25 or 0 <= first_now_at <= 12
    if "judge" in got or "now" in got:
        p.strong_arg = p.firm_arg = True
    if "modal" in got:
        p.modal = True
    if fr and _NE_PLUS.search(lowered):
        p.markers -= 1.0
        p.now = p.firm_arg = True
        quoted.append((1.0, "ne … plus"))
    fm = _FRAMES[language].search(lowered)
    if fm:
        p.frame = fm.group(0)
        p.opens_r = p.opens_r or fm.start() <= _SIGNPOST_CHARS
        quoted.append((3.0, "présent de narration" if fr else "historical present"))
    if p.meta:
        quoted.append((p.meta, "pivot annoncé" if fr else "announced pivot"))
    # keep the first occurrence of each quoted phrase
    seen: set[str] = set()
    for w, s in quoted:
        if s.lower() not in seen:
            seen.add(s.lower())
            p.reasons.append((w, s))
    return p


_SIGNPOST_CHARS = 40
_FIRST_PERSON = {
    "fr": re.compile(r"(?<![\w])(?:je|j'|me|m'|moi|mon|ma|mes|nous|notre|nos|on)(?![\w])"),
    "en": re.compile(r"(?<![\w'])(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|us|our)(?![\w'])"),
}
_NE_PLUS = re.compile(r"\bn(?:e\s+|')(?:[^\W\d_]+['\s]+){1,2}?plus\b(?!\s+(?:de|que|qu'|d'|tard|loin))")


def _count_imperatives(text: str, fr: bool) -> int:
    n = 0
    skip = _FR_IMPER_SKIP if fr else _EN_IMPER_SKIP
    for m in _SENTENCE_START.finditer(text):
        first = m.group(1).lower()
        second = (m.group(2) or "").lower()
        word = second if first in skip and second else first
        if fr:
            if word.endswith(("ez", "ons")) and len(word) > 4 and word not in _IMPER_NOT_FR:
                n += 1
        elif word in _EN_IMPERATIVE:
            if word == "let" and second not in ("us", "me", "them", "him", "her", "it"):
                continue
            n += 1
    if fr:
        n += len(_HYPHEN_IMPERATIVE_FR.findall(text.lower()))
    return n


def _heading_kind(heading: str | None) -> str | None:
    if not heading:
        return None
    r = bool(_HEADING_R.search(heading))
    a = bool(_HEADING_A.search(heading))
    if r and not a:
        return _R
    if a and not r:
        return _A
    if r and a:
        # "Avant / maintenant"-style heading: the last word wins ("Hier et aujourd'hui" → argument)
        lr = max(m.end() for m in _HEADING_R.finditer(heading))
        la = max(m.end() for m in _HEADING_A.finditer(heading))
        return _A if la > lr else _R
    return None


# --------------------------------------------------------------------------- scoring


def _score(
    paras: list[_Para], headings: Sequence[str | None], language: str
) -> tuple[list[tuple[float, float, float]], list[list[tuple[float, str]]]]:
    """Emission scores (R, A, T) per paragraph, plus extra reasons from context.

    A *narrative frame* re-reads the plain present as a historical present: it is
    opened explicitly ("On est en 1997", "It's 1997") or implicitly by a paragraph
    clearly told in the past, and closed by any argument signal (a "now" marker,
    a judgement, a question, an imperative, a conditional, an announced pivot, a
    modal for implicit frames) or a change of heading.
    """
    n = len(paras)
    out: list[tuple[float, float, float]] = []
    extra: list[list[tuple[float, str]]] = [[] for _ in range(n)]
    frame = 0.0  # weight given to the plain present as narration (0: no frame)
    narr_label = "présent de narration" if language == "fr" else "historical present"
    for i, p in enumerate(paras):
        heading = headings[i] if i < len(headings) else None
        new_heading = i > 0 and heading != (headings[i - 1] if i - 1 < len(headings) else None)
        hk = _heading_kind(heading)
        if hk:
            extra[i].append((4.0, f'heading "{_shorten(heading or "", 30)}"'))
        if not p.prose:
            # No evidence of its own: follows its neighbours, never a transition.
            out.append((0.0, 0.0, -9.0))
            continue
        if p.frame:
            frame = _EXPLICIT_FRAME
        elif frame and (p.firm_arg or p.meta or new_heading or hk == _A):
            frame = 0.0
        elif frame == _IMPLICIT_FRAME and (p.strong_arg or p.modal or p.perfect):
            frame = 0.0
        personal = 1.0 if p.personal else IMPERSONAL_PAST
        own = _tense_score(p.past, p.present, personal) + p.markers
        past, present = p.past, p.present
        if frame and p.present_only:
            # Explicit frame: the present narrates the past.  Implicit frame: the
            # present is ambiguous and counts for nothing.
            past += frame * p.present_only
            present -= p.present_only
            if not p.frame:
                extra[i].append((2.0, narr_label))
        m = _tense_score(past, present, personal) + p.markers
        if not frame and own >= _IMPLICIT_FRAME_OPEN:
            frame = _IMPLICIT_FRAME
        if hk == _R:
            m += HEADING_BONUS
        elif hk == _A:
            m -= HEADING_BONUS
        if p.quote:
            m *= 0.5
        m = max(-6.0, min(6.0, m))
        e_r, e_a = m / 2.0, -m / 2.0 + ARGUMENT_PRIOR
        # Transitions: announced pivots, short lines opening on a time jump, short
        # lines with little evidence either way.  Relative to the other two kinds.
        t = TRANSITION_BASE + min(4.5, p.meta)
        if p.words <= 25 and p.now_at_start:
            t += 2.2
        if p.words <= 16:
            t += 0.6
            if abs(m) < 1.0:
                t += 0.6
        elif p.words > 60:
            t -= 1.5
        if p.strong_arg and not p.meta and not p.now_at_start:
            t -= 1.0
        e_t = (e_r + e_a) / 2.0 + t
        out.append((e_r, e_a, e_t))
    return out, extra


def _tense_score(past: float, present: float, personal: float = 1.0) -> float:
    """In [-TENSE_SCALE, TENSE_SCALE]: the balance of past and present, damped when few verbs.

    ``personal`` (< 1 for a paragraph without any first-person word) damps the
    past side: an impersonal past is more often an example than a memory.
    """
    total = past + present
    score = TENSE_SCALE * (past - present) / (total + 1.0) * min(1.0, total / 2.5)
    return score * personal if score > 0 else score


def _looks_fr(p: _Para) -> bool:
    return any("présent" in s or "imparfait" in s or "passé" in s for _, s in p.reasons)


# --------------------------------------------------------------------------- sequence

# States: R, A, TS1, TS2 (intro), TR1, TR2 (after reminiscence), TA1, TA2 (after argument)
_S_R, _S_A, _S_TS1, _S_TS2, _S_TR1, _S_TR2, _S_TA1, _S_TA2 = range(8)
_STATE_KIND = (_R, _A, _T, _T, _T, _T, _T, _T)
_NEG = float("-inf")


def _viterbi(
    em: list[tuple[float, float, float]], to_r: list[float], to_a: list[float]
) -> list[str]:
    """Best kind sequence.

    ``em[i]`` holds the (R, A, T) scores of paragraph *i*; ``to_r[i]`` / ``to_a[i]``
    the cost of a change into reminiscence / argument at *i*.  A transition costs
    half a change on each side, so R→T→A costs the same as R→A.
    """
    n = len(em)
    if n == 0:
        return []
    e_r, e_a, e_t = em[0]
    score = [e_r, e_a, e_t, _NEG, _NEG, _NEG, _NEG, _NEG]
    back: list[tuple[int, ...]] = [()]
    for i in range(1, n):
        e_r, e_a, e_t = em[i]
        cr = to_r[i]
        ca = to_a[i]
        half_r = cr / 2.0
        half_a = ca / 2.0
        r, a, ts1, ts2, tr1, tr2, ta1, ta2 = score
        # into R
        best, arg = r, _S_R
        if a - cr > best:
            best, arg = a - cr, _S_A
        if ts1 > best:
            best, arg = ts1, _S_TS1
        if ts2 > best:
            best, arg = ts2, _S_TS2
        if ta1 - half_r > best:
            best, arg = ta1 - half_r, _S_TA1
        if ta2 - half_r > best:
            best, arg = ta2 - half_r, _S_TA2
        n_r, b_r = best + e_r, arg
        # into A
        best, arg = a, _S_A
        if r - ca > best:
            best, arg = r - ca, _S_R
        if ts1 > best:
            best, arg = ts1, _S_TS1
        if ts2 > best:
            best, arg = ts2, _S_TS2
        if tr1 - half_a > best:
            best, arg = tr1 - half_a, _S_TR1
        if tr2 - half_a > best:
            best, arg = tr2 - half_a, _S_TR2
        n_a, b_a = best + e_a, arg
        score = [
            n_r,
            n_a,
            _NEG,  # TS1 only at the start
            ts1 + e_t,
            r - half_a + e_t,
            tr1 + e_t,
            a - half_r + e_t,
            ta1 + e_t,
        ]
        back.append((b_r, b_a, -1, _S_TS1, _S_R, _S_TR1, _S_A, _S_TA1))
    # The essay cannot end inside its intro (unless it is only an intro line).
    candidates = [0, 1, 4, 5, 6, 7] if n > 1 else [0, 1, 2]
    state = max(candidates, key=lambda s: score[s])
    states = [state]
    for i in range(n - 1, 0, -1):
        state = back[i][state]
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
    s = _SHORTCODE.sub(" ", s) if _SHORTCODE.match(s) else s
    s = _SPACES.sub(" ", s).strip().lstrip("-*>•#| \"«“")
    if not s:
        return ""
    m = _SENTENCE_END.search(s)
    first = s[: m.start()] if m else s
    first = first.strip().rstrip(".!?…:;,")
    if len(first) < 12 and m and len(s) > len(first) + 2:
        # Very short opening ("Rideau."): take a little more.
        first = s.rstrip(".!?…:;,")
    return _shorten(first)


def _make_title(
    first: int,
    last: int,
    kind: str,
    texts: Sequence[str],
    headings: Sequence[str | None],
    block_kinds: Sequence[str],
    language: str,
) -> str:
    heading = headings[first] if first < len(headings) else None
    starts_heading = heading and (first == 0 or headings[first - 1] != heading)
    if heading and starts_heading:
        return _shorten(heading)
    for i in range(first, last + 1):
        bk = block_kinds[i] if i < len(block_kinds) else "text"
        if bk in ("code",):
            continue
        title = _title_from_text(texts[i])
        if title and bk != "html":
            return title
    for i in range(first, last + 1):
        title = _title_from_text(texts[i])
        if title:
            return title
    return _FALLBACK_TITLES.get(language, _FALLBACK_TITLES["en"])[kind]


# --------------------------------------------------------------------------- driver


def _check_fixed(fixed: Sequence[Fixed], n: int) -> list[Fixed]:
    out = sorted(fixed, key=lambda f: (f.first, f.last))
    prev_last = -1
    for f in out:
        if f.kind not in KINDS:
            raise ValueError(f"unknown section kind {f.kind!r}")
        if not 0 <= f.first <= f.last < n:
            raise ValueError(f"fixed range {f.first}..{f.last} outside 0..{n - 1}")
        if f.first <= prev_last:
            raise ValueError(f"fixed range {f.first}..{f.last} overlaps the previous one")
        prev_last = f.last
    return out


def _run(
    texts: Sequence[str],
    language: str,
    headings: Sequence[str | None],
    block_kinds: Sequence[str],
    fixed: Sequence[Fixed],
) -> tuple[list[Section], list[Evidence]]:
    n = len(texts)
    if n == 0:
        return [], []
    language = language if language in ("fr", "en") else "en"
    heads: list[str | None] = [headings[i] if i < len(headings) else None for i in range(n)]
    kinds_in: list[str] = [block_kinds[i] if i < len(block_kinds) else "text" for i in range(n)]
    fixed_sorted = _check_fixed(fixed, n)

    paras = [_analyse(texts[i], language, kinds_in[i]) for i in range(n)]

    # Stretches not covered by fixed ranges.
    labels: list[str] = [""] * n
    emissions: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * n
    extras: list[list[tuple[float, str]]] = [[] for _ in range(n)]
    pieces: list[tuple[int, int, Fixed | None]] = []
    pos = 0
    for f in fixed_sorted:
        if pos < f.first:
            pieces.append((pos, f.first - 1, None))
        pieces.append((f.first, f.last, f))
        pos = f.last + 1
    if pos < n:
        pieces.append((pos, n - 1, None))

    sections: list[Section] = []
    for first, last, f in pieces:
        if f is not None:
            for i in range(first, last + 1):
                labels[i] = f.kind
            title = f.title.strip() or _make_title(first, last, f.kind, texts, heads, kinds_in, language)
            sections.append(Section(f.kind, title, first, last, explicit=True))
            continue
        sub_heads = heads[first : last + 1]
        em, ex = _score(paras[first : last + 1], sub_heads, language)
        to_r, to_a = _change_costs(paras[first : last + 1], sub_heads)
        got = _viterbi(em, to_r, to_a)
        for j, k in enumerate(got):
            labels[first + j] = k
            emissions[first + j] = em[j]
            extras[first + j] = ex[j]
        # Runs of one kind, also cut where the heading changes.
        start = first
        for i in range(first + 1, last + 2):
            if i > last or labels[i] != labels[start] or heads[i] != heads[i - 1]:
                kind = labels[start]
                title = _make_title(start, i - 1, kind, texts, heads, kinds_in, language)
                sections.append(Section(kind, title, start, i - 1))
                start = i

    evidence: list[Evidence] = []
    fixed_at: dict[int, Fixed] = {}
    for f in fixed_sorted:
        for i in range(f.first, f.last + 1):
            fixed_at[i] = f
    for i, p in enumerate(paras):
        reasons = sorted(p.reasons + extras[i], key=lambda r: -r[0])
        strings = [s for _, s in reasons][:6]
        if i in fixed_at:
            strings.insert(0, "explicit mark")
            scores = {k: (1.0 if k == labels[i] else 0.0) for k in KINDS}
        else:
            e = emissions[i]
            scores = {_R: round(e[0], 3), _A: round(e[1], 3), _T: round(e[2], 3)}
        evidence.append(Evidence(i, labels[i], MappingProxyType(scores), tuple(strings)))
    return sections, evidence


def _change_costs(
    paras: list[_Para], heads: Sequence[str | None]
) -> tuple[list[float], list[float]]:
    """Cost of a change of kind *at* each paragraph, into reminiscence / into argument.

    Cheaper where the heading changes, and where the paragraph opens with a
    signpost for that direction ("Je me souviens…" into reminiscence,
    "Aujourd'hui…" / "Il faut…" into argument): sections start on signposts.
    """
    to_r = [0.0] * len(paras)
    to_a = [0.0] * len(paras)
    for j in range(1, len(paras)):
        base = HEADING_CHANGE_COST if heads[j] != heads[j - 1] else CHANGE_COST
        p = paras[j]
        to_r[j] = base * (SIGNPOST_DISCOUNT if p.opens_r else 1.0)
        to_a[j] = base * (SIGNPOST_DISCOUNT if p.opens_a else 1.0)
    return to_r, to_a


def split_sections(
    texts: Sequence[str],
    *,
    language: str,
    headings: Sequence[str | None] = (),
    block_kinds: Sequence[str] = (),
    fixed: Sequence[Fixed] = (),
) -> list[Section]:
    """Split *texts* (one string per paragraph) into contiguous sections.

    ``headings[i]`` is the nearest heading above paragraph *i* (or None),
    ``block_kinds[i]`` one of "text", "quote", "list", "code", "html"; both may
    be empty.  ``fixed`` ranges are kept exactly (``explicit=True``); the rest is
    split automatically.  Raises ``ValueError`` for fixed ranges that overlap,
    fall outside the text or have an unknown kind.
    """
    return _run(texts, language, headings, block_kinds, fixed)[0]


def explain(
    texts: Sequence[str],
    *,
    language: str,
    headings: Sequence[str | None] = (),
    block_kinds: Sequence[str] = (),
    fixed: Sequence[Fixed] = (),
) -> list[Evidence]:
    """One :class:`Evidence` per paragraph: its final kind and the clues behind it."""
    return _run(texts, language, headings, block_kinds, fixed)[1]
