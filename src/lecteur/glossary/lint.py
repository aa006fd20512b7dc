"""The glossary lint: schema faults plus quality faults (common-word surfaces, see-also ids
that resolve nowhere, the same pattern in two entries...), each with its file and line."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from lecteur.glossary.files import _Fault, _resolve
from lecteur.glossary.match import _exact_key, _key, _pattern_forms
from lecteur.glossary.model import LintFault

# ---------------------------------------------------------------------------
# Common words: a case-insensitive pattern equal to one of these (or to its
# plural) would light up ordinary prose.  Normalised: lowercase, no accents.
# Words that are themselves the glossary sense nearly always (blog, web,
# internet, forum, email ...) are deliberately absent.
# ---------------------------------------------------------------------------
COMMON_WORDS: frozenset[str] = frozenset(
    """
    le la les un une des du de et ou est sont dans pour par sur avec sans sous
    chez que qui quoi dont mais donc car ni ne pas plus moins tres bien mal
    tout tous toute toutes autre autres meme aussi encore deja jamais toujours
    ici ce cet cette ces son sa ses mon ma mes ton ta tes leur leurs notre nos
    votre vos il elle ils elles nous vous je tu on lui eux moi toi avoir etre
    fait faire dit dire voir aller venir prendre mettre savoir pouvoir vouloir
    devoir falloir grand grande petit petite bon bonne beau belle nouveau
    nouvelle vieux vieille jeune vrai faux seul seule premier premiere dernier
    derniere haut bas long longue court fort forte libre net nette ouvert
    temps jour an annee monde vie homme femme gens personne chose fois moment
    heure main tete pied yeux oeil coeur ami amie famille maison ville pays
    terre eau feu air mer ciel soleil lune etoile porte fenetre table chaise
    lit livre lettre mot nom page ligne carte point place route rue pont
    chemin voie marche prix compte piece bout fond forme fin debut suite part
    partie cote sens idee question reponse travail metier poste bureau ecole
    classe cours salon chambre cuisine jardin fleur fruit fraise pomme orange
    cerise arbre bois pierre fer argent papier toile souris puce clavier
    ecran bulle fracture tic toc avatar rideau miracle jeu vent vente achat
    client marque serveur chat chien cheval oiseau poisson mouche araignee
    voiture train avion bateau navire voile roue ordre loi droit guerre paix
    art musique film image photo son voix bruit histoire conte roman journal
    presse radio poste carte plan projet groupe equipe societe entreprise
    affaire commerce marche bourse banque caisse monnaie piece titre sujet
    objet etat nation peuple public prive orange free numero code
    rose noir noire blanc blanche rouge vert verte bleu jaune gris
    the a an and or of to in on at by for with from as is are was were be been
    it its this that these those he she they we you not no yes but if so than
    then there here what which who how when where why all any some more most
    much many very just only also about into over after before up down out
    off new old good bad big small great little long short high low first last
    next time year day way man men woman women people thing world life work
    home house room door window office word page line book mail post place
    point name hand head face eye heart friend family city country water fire
    air sea sky sun moon star apple berry fruit tree wood stone paper mouse
    chip screen open play game fair match show run top box bank key file link
    tag feed stream like share follow wall story chat cat dog horse bird fish
    fly spider car boat ship sail wheel order law right war peace music film
    picture sound voice noise history novel press plan project group team
    company business market trade money coin title subject object state public
    private free code black white red green blue yellow grey gray rock rain
    snow windows amazon shell python java ruby swift rust go apache oracle
    target shop store mark brand ticket tick fracture bubble curtain avatar
    salon lounge net log space square circle ring bell dash drop
    mygale kali navi apec twitter voila tics
    """.split()
)

# ---------------------------------------------------------------------------
# Lint
# ---------------------------------------------------------------------------


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def _common_word(pattern: str, common_words: Collection[str]) -> str | None:
    """The common word a one-word ``pattern`` is, in any of the forms it matches."""
    if len(pattern.split()) != 1:
        return None
    for form in _pattern_forms(pattern):
        key = _key(form)
        if key in common_words:
            return key
    return None


def lint(
    paths: Sequence[str | Path], *, common_words: Collection[str] | None = None
) -> list[LintFault]:
    """Every fault in ``paths`` (read and merged together, in order).

    Reports, each with the file and line of the offending entry or field: parse errors,
    unknown or repeated fields, missing required fields, duplicate ids within a file,
    unknown kinds, malformed years or country codes, a definition lacking a language or
    over :data:`MAX_DEFINITION_LENGTH` characters, an entry without sources, see-also ids
    defined in none of the files, the same form in two entries that no guard tells
    apart, and unguarded surfaces (not case-sensitive, no ``context``) that are shorter
    than three letters or are common words in one of the forms they match.

    ``common_words`` (normalised: lowercase, accent-free) defaults to the small built-in
    :data:`COMMON_WORDS`; the tests pass a word-frequency list of French and English.
    An entry with ``own_sense: true`` declares that its surfaces' everyday meaning *is*
    the entry (forum, modem): they are not flagged as common words.
    """
    common = COMMON_WORDS if common_words is None else common_words
    _files, merged, faults = _resolve(paths, report_missing=True)
    known = set(merged)
    owners: dict[str, list[tuple[str, bool, str, bool]]] = {}
    for entry in merged.values():
        where = f"entry {entry.id!r}"
        see = entry.fields.get("see")
        if see is not None:
            for target, line in see.items:
                if target not in known:
                    faults.append(
                        _Fault(
                            see.file, line, f"{where}: see-also {target!r} is not defined", False
                        )
                    )
        if "sources" not in entry.fields:
            faults.append(_Fault(entry.file, entry.line, f"{where}: no sources", False))
        cs = entry.case_sensitive
        guarded = "context" in entry.fields
        phrases = entry.fields.get("guard_phrases")
        if phrases is not None and phrases.value and not guarded:
            faults.append(
                _Fault(
                    phrases.file,
                    phrases.line,
                    f"{where}: guard_phrases needs context words to look for",
                    False,
                )
            )
        own = bool(entry.fields["own_sense"].value) if "own_sense" in entry.fields else False
        for pattern, file, line in entry.patterns():
            clash = _clash(owners, pattern, entry.id, cs, guarded)
            if clash is not None:
                faults.append(
                    _Fault(
                        file,
                        line,
                        f"{where}: pattern {pattern!r} is also a pattern of {clash!r}, "
                        "and no guard (case or context) tells them apart",
                        False,
                    )
                )
            for form in _pattern_forms(pattern):
                owners.setdefault(_key(form), []).append((entry.id, cs, _exact_key(form), guarded))
            if cs or guarded:
                continue
            if _letters(_key(pattern)) < 3:
                faults.append(
                    _Fault(
                        file,
                        line,
                        f"{where}: case-insensitive pattern {pattern!r} is shorter than "
                        "3 letters; make it case_sensitive or longer",
                        False,
                    )
                )
            elif not own and (word := _common_word(pattern, common)) is not None:
                faults.append(
                    _Fault(
                        file,
                        line,
                        f"{where}: case-insensitive pattern {pattern!r} would match the "
                        f"common word {word!r}; make it case_sensitive or more specific, or "
                        "give it context words (own_sense: true if the everyday word means "
                        "this entry)",
                        False,
                    )
                )
    order = {file: n for n, file in enumerate(str(p) for p in paths)}
    unique: dict[tuple[str, int, str], None] = {}
    for f in sorted(faults, key=lambda f: (order.get(f.file, len(order)), f.line)):
        unique.setdefault((f.file, f.line, f.message), None)
    return [LintFault(file, line, message) for file, line, message in unique]


def _clash(
    owners: dict[str, list[tuple[str, bool, str, bool]]],
    pattern: str,
    entry_id: str,
    cs: bool,
    guarded: bool,
) -> str | None:
    """Another entry already matching one of ``pattern``'s forms, with nothing to
    tell the two apart: not both case-sensitive with different cases, not both guarded."""
    for form in _pattern_forms(pattern):
        exact = _exact_key(form)
        for other_id, other_cs, other_exact, other_guarded in owners.get(_key(form), ()):
            if other_id == entry_id:
                continue
            if cs and other_cs and exact != other_exact:
                continue
            if guarded and other_guarded:
                continue
            return other_id
    return None
