"""The interface in French and in English: every string lecteur itself shows.

The *interface* language is the reader's, chosen by the settings (``language = "fr"``),
else by the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``); anything but French is English.
It is not the *essay's* language: the author's words stay as they are, and everything
lecteur writes around them — help, footer, status line, notices, errors, the section
kinds' names, the cards' labels, dates in the byline — follows the interface language.
A glossary card opens in the interface language too; ``l`` switches the whole card.

Strings live in :data:`STRINGS` as ``key: (english, french)`` with ``str.format`` fields;
key bindings keep their English text on the widgets (it is what the README's table is
generated from) and their French in :data:`BINDINGS_FR`. A test checks that every key
has both languages with the same fields, and that every binding has its French.
No Textual here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, datetime

LANGUAGES = ("en", "fr")
_current = "en"


def detect(setting: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The interface language: the setting if given, else the locale's, else English."""
    if setting in LANGUAGES:
        return setting
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def set_language(language: str) -> None:
    """Choose the interface language for this process (the app does, at its start)."""
    global _current
    _current = language if language in LANGUAGES else "en"


def language() -> str:
    """The interface language now: ``en`` or ``fr``."""
    return _current


def t(key: str, /, language: str | None = None, **values: object) -> str:
    """The string ``key`` in the interface language (or ``language``), fields filled."""
    english, french = STRINGS[key]
    text = french if (language or _current) == "fr" else english
    return text.format(**values) if values else text


def tn(count: int, key: str, /, language: str | None = None, **values: object) -> str:
    """A counted string: ``key.one`` for 1 (and 0 in French), else ``key.other``."""
    lang = language or _current
    one = count == 1 or (lang == "fr" and count == 0)
    return t(f"{key}.{'one' if one else 'other'}", language=lang, count=count, **values)


def binding_text(binding_id: str, description: str, tooltip: str) -> tuple[str, str]:
    """A binding's footer label and help text in the interface language."""
    if _current == "fr" and binding_id in BINDINGS_FR:
        return BINDINGS_FR[binding_id]
    return description, tooltip


def group_title(group: str, english: str) -> str:
    return GROUPS_FR.get(group, english) if _current == "fr" else english


FOOTER_GROUPS_FR = {"Section": "Section", "Width": "Largeur", "Match": "Occurrence"}
"""Labels of keys that share one place in the footer (``+ -  Width``)."""


def group_label(english: str) -> str:
    return FOOTER_GROUPS_FR.get(english, english) if _current == "fr" else english


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre".split(),
}
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\S*$")


def format_date(value: object, language: str | None = None) -> str:
    """A byline's date as a person writes it: ``4 March 2019``, ``4 mars 2019``.

    Front matter gives strings, dates or datetimes (YAML parses ``2019-03-04T10:00``);
    the time of day is dropped. Anything that is not a date is shown as written.
    """
    lang = language or _current
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = str(value or "").strip()
        match = _ISO.match(text)
        if not match:
            return text
        try:
            day = date(int(match[1]), int(match[2]), int(match[3] or 1))
        except ValueError:
            return text
        if match[3] is None:  # a month: "January 2010"
            month = _MONTHS[lang][day.month - 1]
            return f"{month} {day.year}"
    month = _MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


# --------------------------------------------------------------------------- glossary

GLOSSARY_KINDS: dict[str, tuple[str, str]] = {
    "service": ("online service", "service en ligne"),
    "software": ("software", "logiciel"),
    "company": ("company", "entreprise"),
    "person": ("person", "personne"),
    "work": ("work", "œuvre"),
    "concept": ("concept", "notion"),
    "institution": ("institution", "institution"),
    "hardware": ("hardware", "matériel"),
    "game": ("game", "jeu"),
    "event": ("event", "événement"),
}
"""A glossary entry's kind, in each language."""


def glossary_kind(kind: str, language: str | None = None) -> str:
    names = GLOSSARY_KINDS.get(kind)
    if names is None:
        return kind
    return names[1] if (language or _current) == "fr" else names[0]


COUNTRIES: dict[str, tuple[str, str]] = {
    "US": ("United States", "États-Unis"),
    "FR": ("France", "France"),
    "GB": ("United Kingdom", "Royaume-Uni"),
    "DE": ("Germany", "Allemagne"),
    "JP": ("Japan", "Japon"),
    "IL": ("Israel", "Israël"),
    "CA": ("Canada", "Canada"),
    "BE": ("Belgium", "Belgique"),
    "CH": ("Switzerland", "Suisse"),
    "NL": ("Netherlands", "Pays-Bas"),
    "SE": ("Sweden", "Suède"),
    "FI": ("Finland", "Finlande"),
    "NO": ("Norway", "Norvège"),
    "DK": ("Denmark", "Danemark"),
    "IT": ("Italy", "Italie"),
    "ES": ("Spain", "Espagne"),
    "KR": ("South Korea", "Corée du Sud"),
    "CN": ("China", "Chine"),
    "TW": ("Taiwan", "Taïwan"),
    "RU": ("Russia", "Russie"),
    "AU": ("Australia", "Australie"),
    "IE": ("Ireland", "Irlande"),
    "LU": ("Luxembourg", "Luxembourg"),
    "AT": ("Austria", "Autriche"),
    "PL": ("Poland", "Pologne"),
    "EE": ("Estonia", "Estonie"),
    "IN": ("India", "Inde"),
    "BR": ("Brazil", "Brésil"),
    "QC": ("Quebec", "Québec"),
}
"""ISO 3166-1 alpha-2 codes lecteur names; any other code is shown as the code."""


def country(code: str, language: str | None = None) -> str:
    names = COUNTRIES.get(code.strip().upper())
    if names is None:
        return code.strip().upper()
    return names[1] if (language or _current) == "fr" else names[0]


# --------------------------------------------------------------------------- strings

STRINGS: dict[str, tuple[str, str]] = {
    # dictionary (d)
    "dictionary.title": ("Dictionary — {word}", "Dictionnaire — {word}"),
    "dictionary.no_word": (
        "No word under the word cursor: w puts it on the next word.",
        "Aucun mot sous le curseur de mots : w le place sur le mot suivant.",
    ),
    "dictionary.none": (
        "No dictionary installed: apt-get install {packages}",
        "Aucun dictionnaire installé : apt-get install {packages}",
    ),
    "dictionary.not_found": (
        "“{word}”: not in {names}.",
        "« {word} » : absent de {names}.",
    ),
    # status line
    "status.left": ("{minutes} min left", "encore {minutes} min"),
    "status.end": ("the end", "la fin"),
    "status.loading": ("loading…", "chargement…"),
    "status.language_unknown": ("language?", "langue ?"),
    "status.search": ("“{query}”: {position}", "« {query} » : {position}"),
    "status.not_found": ("not found", "introuvable"),
    "status.glossary_off": ("glossary off: ", "glossaire désactivé : "),
    "status.terms.one": ("{count} term (Tab)", "{count} terme (Tab)"),
    "status.terms.other": ("{count} terms (Tab)", "{count} termes (Tab)"),
    "status.no_terms": ("no glossary term", "aucun terme du glossaire"),
    "status.left_out": ("left out: ", "écarté : "),
    "status.busy": ("{what}…", "{what}…"),
    "status.marks.one": ("{count} mark", "{count} repère"),
    "status.marks.other": ("{count} marks", "{count} repères"),
    "busy.search": ("searching", "recherche"),
    "busy.explain": ("weighing the evidence", "examen des indices"),
    "busy.remember": ("remembering", "souvenirs"),
    # notices
    "notice.resumed": (
        "Resumed at §{section} ({percent}) — Home for the start",
        "Reprise au §{section} ({percent}) — Début pour revenir au commencement",
    ),
    "notice.glossary_not_loaded": (
        "Glossary not loaded: {problem}",
        "Glossaire non chargé : {problem}",
    ),
    "notice.glossary_left_out": (
        "Glossary file left out: {problem}",
        "Fichier de glossaire écarté : {problem}",
    ),
    "notice.key_waits": (
        "The glossary is still loading: that key acts as soon as it is here.",
        "Le glossaire se charge encore : cette touche agira dès qu'il sera là.",
    ),
    "notice.no_link": ("No link on screen.", "Aucun lien à l'écran."),
    "notice.no_anchor": (
        "No heading for {target} in this essay.",
        "Aucun titre ne correspond à {target} dans cet essai.",
    ),
    "palette.theme": ("Theme", "Thème"),
    "palette.theme_help": ("Change the colours of the reader", "Changer les couleurs du lecteur"),
    "palette.quit": ("Quit", "Quitter"),
    "palette.quit_help": ("Quit lecteur", "Quitter lecteur"),
    "links.title": ("Links on screen", "Liens à l'écran"),
    "links.hint": ("Enter follow · Esc close", "Entrée suivre · Échap fermer"),
    "links.open_title": ("Open in the browser?", "Ouvrir dans le navigateur ?"),
    "links.open_hint": ("y open · n cancel", "y ouvrir · n annuler"),
    "notice.no_glossary": ("No glossary: {problem}", "Pas de glossaire : {problem}"),
    "notice.glossary_loading": (
        "The glossary is still loading.",
        "Le glossaire est en cours de chargement.",
    ),
    "notice.no_terms": (
        "No glossary term in this essay.",
        "Aucun terme du glossaire dans cet essai.",
    ),
    "notice.why": ("Why this kind", "Pourquoi ce type"),
    "notice.no_history_back": ("Nothing to go back to.", "Rien avant."),
    "notice.no_history_forward": ("Nothing to go forward to.", "Rien après."),
    "notice.bookmark_set": ("Bookmark set at ¶{paragraph}.", "Marque-page posé au ¶{paragraph}."),
    "notice.bookmark_removed": (
        "Bookmark removed from ¶{paragraph}.",
        "Marque-page retiré du ¶{paragraph}.",
    ),
    "notice.note_saved": ("Note saved on ¶{paragraph}.", "Note enregistrée au ¶{paragraph}."),
    "notice.note_deleted": ("Note deleted from ¶{paragraph}.", "Note supprimée du ¶{paragraph}."),
    "notice.no_marks": ("No bookmark or note yet (m, N).", "Aucun marque-page ni note (m, N)."),
    "notice.memory_off": (
        "Reading memory off: {problem}",
        "Mémoire de lecture désactivée : {problem}",
    ),
    "notice.kind_changed": (
        "§{section} is now {kind} (yours).",
        "Le §{section} est maintenant {kind} (votre correction).",
    ),
    "notice.split": (
        "§{section} split at ¶{paragraph} (yours).",
        "§{section} coupé au ¶{paragraph} (votre correction).",
    ),
    "notice.merged": (
        "§{section} merged with §{previous} (yours).",
        "§{section} fusionné avec le §{previous} (votre correction).",
    ),
    "notice.cannot_split": (
        "¶{paragraph} already starts its section.",
        "Le ¶{paragraph} commence déjà sa section.",
    ),
    "notice.cannot_merge": (
        "The first section has none before it.",
        "La première section n'a rien avant elle.",
    ),
    "notice.corrections_cleared": (
        "Your corrections to this essay are forgotten.",
        "Vos corrections de cet essai sont oubliées.",
    ),
    "notice.settings": ("Settings: {problem}", "Réglages : {problem}"),
    "notice.unknown_theme": ("unknown theme {theme!r}", "thème inconnu {theme!r}"),
    "notice.unknown_binding": (
        "keymap: unknown binding id {binding!r}",
        "keymap : identifiant de touche inconnu {binding!r}",
    ),
    "notice.no_search": ("No search yet (/).", "Aucune recherche (/)."),
    # search
    "search.placeholder": (
        "Search… (↑ ↓ the last searches)",
        "Rechercher… (↑ ↓ les dernières recherches)",
    ),
    # sections and outline
    "outline.title": ("Sections", "Sections"),
    "section.yours": ("yours", "corrigée"),
    # cards
    "card.title": ("Glossary", "Glossaire"),
    "card.keys": (
        "l {other} · Tab move · Enter go · Esc close",
        "l {other} · Tab déplacer · Entrée aller · Échap fermer",
    ),
    "card.other": ("Français", "English"),
    "card.here": ("In this essay", "Dans ce billet"),
    "card.mentions": ("In the essay ({count})", "Dans l'essai ({count})"),
    "card.mentions_some": (
        "In the essay ({count}; the {shown} nearest)",
        "Dans l'essai ({count} ; les {shown} plus proches)",
    ),
    "card.see": ("See also", "Voir aussi"),
    "card.sources": ("Sources", "Sources"),
    "card.maker": ("Made by {maker}", "Fait par {maker}"),
    "glossary.title.one": ("Glossary — {count} term", "Glossaire — {count} terme"),
    "glossary.title.other": ("Glossary — {count} terms", "Glossaire — {count} termes"),
    "glossary.filter": ("Filter…", "Filtrer…"),
    "timeline.title": (
        "Timeline — the essay's terms by year",
        "Chronologie — les termes de l'essai par année",
    ),
    "timeline.hint": (
        "● start  ━ in use  ■ end  ┊ the essay ({now})  ◀ earlier · Enter: open the card · Esc: close",
        "● début  ━ en usage  ■ fin  ┊ l'essai ({now})  ◀ avant · Entrée : ouvrir la fiche · Échap : fermer",
    ),
    # marks
    "marks.title": ("Bookmarks and notes", "Marque-pages et notes"),
    "marks.keys": ("Enter go · d delete · Esc close", "Entrée aller · d supprimer · Échap fermer"),
    "marks.bookmark": ("bookmark", "marque-page"),
    "marks.note": ("note", "note"),
    "note.title": ("Note on ¶{paragraph}", "Note sur le ¶{paragraph}"),
    "note.placeholder": (
        "Your note (Enter saves, empty deletes, Esc cancels)",
        "Votre note (Entrée enregistre, vide supprime, Échap annule)",
    ),
    # help
    "help.title": ("lecteur — keys", "lecteur — touches"),
    "help.close": ("Esc closes", "Échap ferme"),
    # picker
    "picker.title": ("Essays in {folder}", "Essais dans {folder}"),
    # palette
    "palette.go": ("Go to §{number} {kind}: {title}", "Aller au §{number} {kind} : {title}"),
    "palette.go_help": ("Jump to this section", "Aller à cette section"),
    "palette.define": ("Define {term}", "Définir {term}"),
    "palette.define_help": ("Open the glossary card", "Ouvrir la fiche du glossaire"),
    "palette.forget": (
        "Forget my corrections to this essay's sections",
        "Oublier mes corrections des sections de cet essai",
    ),
    "palette.forget_help": ("Back to the automatic split", "Revenir au découpage automatique"),
    "palette.marks": ("Show/hide the glossary marks", "Afficher/masquer les termes soulignés"),
    "palette.marks_help": (
        "Underline the glossary terms, or not",
        "Souligner les termes du glossaire, ou non",
    ),
    # command line
    "cli.notes.title": ("Notes — {title}", "Notes — {title}"),
    "cli.notes.none": ("No bookmark or note for {path}.", "Aucun marque-page ni note pour {path}."),
    "cli.notes.bookmark": ("Bookmark", "Marque-page"),
    "cli.notes.note": ("Note", "Note"),
    "cli.marked": ("(marked)", "(marquée)"),
    "cli.yours": ("(yours)", "(corrigée)"),
}


BINDINGS_FR: dict[str, tuple[str, str]] = {
    "glossary.next-word": (
        "Mot",
        "Un curseur de mots pour le dictionnaire : le mot suivant (depuis le haut)",
    ),
    "glossary.previous-word": ("Mot préc.", "Le curseur de mots sur le mot précédent"),
    "glossary.clear-word": ("Effacer", "Avec un mot sous le curseur de mots : retirer le curseur"),
    "glossary.define-word": (
        "Dictionnaire",
        "Chercher le mot sous le curseur de mots dans les dictionnaires installés",
    ),
    "reader.line-down": ("Bas", "Descendre d'une ligne"),
    "reader.line-up": ("Haut", "Monter d'une ligne"),
    "reader.page-down": ("Page suiv.", "Descendre d'une page"),
    "reader.page-up": ("Page préc.", "Monter d'une page"),
    "reader.start": ("Début", "Aller au début de l'essai"),
    "reader.end": ("Fin", "Aller à la fin de l'essai"),
    "reader.search": (
        "Chercher",
        "Chercher dans l'essai (sans tenir compte de la casse ni des accents)",
    ),
    "reader.wider": ("Élargir", "Une colonne de lecture plus large"),
    "reader.narrower": ("Rétrécir", "Une colonne de lecture plus étroite"),
    "reader.follow-link": (
        "Liens",
        "Suivre un lien à l'écran (#ancres : un saut ; liens web : ouverts après un oui)",
    ),
    "reader.back": ("Retour", "Revenir où l'on était avant le dernier saut"),
    "reader.forward": ("Avancer", "Refaire le saut dont on est revenu"),
    "reader.bookmark": ("Marque", "Poser ou retirer un marque-page sur le paragraphe du haut"),
    "reader.note": ("Note", "Écrire une note sur le paragraphe du haut"),
    "reader.marks": ("Marques", "Les marque-pages et les notes : y aller, les supprimer"),
    "sections.next": ("§ suiv.", "Aller à la section suivante"),
    "sections.previous": (
        "§ préc.",
        "Aller à la section précédente (en cours de section : à son début)",
    ),
    "sections.next-reminiscence": ("Souvenir", "Aller à la section de réminiscence suivante"),
    "sections.next-argument": ("Argument", "Aller à la section d'argument suivante"),
    **{f"sections.go-{n}": (f"Section {n}", "Aller à la section 1 à 9") for n in range(1, 10)},
    "sections.outline": ("Plan", "Afficher ou masquer le plan des sections"),
    "sections.focus-outline": (
        "Au plan",
        "Aller dans le plan au clavier (l'afficher s'il est masqué)",
    ),
    "sections.explain": ("Pourquoi ?", "Pourquoi le paragraphe du haut a son type (les indices)"),
    "sections.cycle-kind": (
        "Type",
        "Votre correction : changer le type de la section (réminiscence, argument, transition)",
    ),
    "sections.split": ("Couper", "Votre correction : couper la section au paragraphe du haut"),
    "sections.merge": ("Fusionner", "Votre correction : fusionner la section avec la précédente"),
    "search.next": (
        "Chercher",
        "Chercher le texte saisi (le même encore : l'occurrence suivante), retour à la lecture",
    ),
    "search.close": ("Fermer", "Dans la barre de recherche : la fermer (les surlignages restent)"),
    "search.older": (
        "Plus ancienne",
        "Dans la barre de recherche : la recherche d'avant (les dernières sont gardées)",
    ),
    "search.newer": ("Plus récente", "Dans la barre de recherche : la recherche d'après"),
    "search.next-match": ("Occ. suiv.", "L'occurrence suivante de la recherche, en lisant"),
    "search.previous-match": ("Occ. préc.", "L'occurrence précédente de la recherche, en lisant"),
    "search.clear": ("Effacer", "En lisant : effacer les surlignages de la recherche"),
    "outline.up": ("Haut", "Surligner la section au-dessus"),
    "outline.down": ("Bas", "Surligner la section en dessous"),
    "outline.page-up": ("Page préc.", "Dix sections plus haut"),
    "outline.page-down": ("Page suiv.", "Dix sections plus bas"),
    "outline.first": ("Première", "La première section"),
    "outline.last": ("Dernière", "La dernière section"),
    "outline.go": ("Aller", "Lire la section surlignée (ou cliquer une section)"),
    "outline.leave": ("Au texte", "Revenir au texte sans changer de place"),
    "glossary.next-term": (
        "Terme",
        "Terme du glossaire suivant (le texte défile jusqu'à lui)",
    ),
    "glossary.previous-term": ("Terme préc.", "Terme du glossaire précédent"),
    "glossary.open": ("Définir", "Ouvrir la fiche du terme sous le curseur (ou cliquer un terme)"),
    "glossary.list": ("Glossaire", "Le glossaire de l'essai, filtré à la frappe"),
    "glossary.timeline": ("Chronologie", "Une chronologie des termes de l'essai"),
    "card.close": ("Fermer", "Fermer la fiche ou la liste ; le texte est là où il était"),
    "card.language": ("Langue", "Toute la fiche dans l'autre langue"),
    "card.to-list": ("Liste", "Du filtre, descendre dans la liste"),
    "card.close-timeline": ("Fermer", "Fermer la chronologie"),
    "card.close-help": ("Fermer", "Fermer l'aide"),
    "card.delete-mark": ("Supprimer", "Supprimer le marque-page ou la note surlignés"),
    "card.open-link": ("Ouvrir", "Ouvrir le lien"),
    "card.quit": ("Quitter", "Quitter lecteur"),
    "card.keep": ("Annuler", "Ne pas ouvrir le lien"),
    "card.cancel-note": ("Annuler", "Fermer la note sans l'enregistrer"),
    "picker.quit": ("Quitter", "Quitter lecteur"),
    "app.quit": ("Quitter", "Quitter lecteur"),
    "app.help": ("Aide", "Cette aide : toutes les touches"),
    "app.palette": (
        "Commandes",
        "Palette de commandes : aller à chaque section, définir chaque terme, thèmes",
    ),
}
"""French footer labels and help texts of the bindings, by binding id."""

GROUPS_FR: dict[str, str] = {
    "reader": "Lecture",
    "sections": "Sections",
    "search": "Recherche",
    "outline": "Plan",
    "glossary": "Glossaire",
    "card": "Dans une fiche ou une liste",
    "picker": "Liste des essais",
    "app": "Partout",
}
