"""Pilot tests for a reader that remembers: resume, back and forward, bookmarks and notes,
corrections to the split, settings, and a memory that is off."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecteur.app import LecteurApp, make_app
from lecteur.history import Place
from lecteur.settings import config_path

SIZE = (100, 30)

# These tests are about memory, not about the split: an essay whose sections its marks fix
# (transition, reminiscence, argument, reminiscence, argument), with glossary terms.
_MEMORIES = [
    "Il fut une époque où j'installais ICQ sur l'ordinateur familial, et où chaque numéro "
    "d'inscrit était un ami possible, quelque part dans une autre ville, un autre pays.",
    "Le soir, je listais les salons de discussion de mIRC en cherchant celui qui parlait de "
    "jeux, de musique ou de rien du tout, pourvu qu'on y réponde avant minuit.",
    "Nous avions monté un forum phpBB sur un coin d'hébergement Multimania, avec des "
    "rubriques pour tout et des modérateurs qui se prenaient très au sérieux.",
    "Le modem sifflait, la facture montait, et mes parents découvraient à la fin du mois ce "
    "que coûtait une heure de connexion passée à discuter avec des inconnus.",
    "Je me souviens des pages perso hébergées gratuitement, des compteurs de visites et des "
    "livres d'or où chacun laissait un mot, un lien, parfois un poème.",
    "Nous passions des nuits entières à parler de tout avec des gens que nous ne verrions "
    "jamais, et certains sont pourtant devenus des amis pour de bon.",
    "Il y avait les chaînes de courriels, les blagues qui circulaient de boîte en boîte et "
    "les virus qui faisaient trembler tout le monde une semaine.",
    "Et le jour où le premier blog est arrivé, nous avons tous cru qu'il suffirait d'écrire "
    "pour être lus, sans savoir encore ce que deviendraient les réseaux.",
]
_ARGUMENTS = [
    "Aujourd'hui, on appelle community manager celui qui anime ces lieux, comme si le métier "
    "venait de naître, alors qu'il existait sans nom depuis longtemps.",
    "Je pense qu'il faut d'abord connaître une communauté avant de prétendre l'animer, et "
    "cela ne s'apprend pas seulement dans une école de commerce.",
    "Une communauté n'est pas un public : elle se choisit, elle se dispute, elle se quitte, "
    "et aucune stratégie ne remplace le temps passé avec elle.",
    "Il faut donc se méfier des recettes toutes faites et des fiches de poste qui promettent "
    "de transformer n'importe quel forum en vitrine pour une marque.",
]
_LATER = [
    "Plus tard, j'ai tenu un Skyblog pendant deux étés, avec des photos floues, des "
    "musiques qui se lançaient toutes seules et des commentaires de copains de classe.",
    "Puis vinrent Facebook et Twitter, où nous nous sommes retrouvés presque tous, un peu "
    "surpris de voir nos vieux pseudos remplacés par nos vrais noms.",
    "Je revois encore ce premier message envoyé sur Twitter, trop court, un peu ridicule, "
    "et la joie bête d'avoir eu trois réponses.",
]
_NOW = [
    "Ce que ces années enseignent, c'est qu'une communauté se construit lentement et se "
    "détruit vite, et qu'il faut la respecter avant de vouloir la mesurer.",
    "Les outils changent, mais les règles restent les mêmes : écouter, répondre, modérer "
    "sans écraser, et accepter de ne pas tout contrôler.",
    "On peut vendre des formations, on ne peut pas vendre la confiance ; elle se gagne "
    "message après message, et se perd en un seul.",
    "Il faudrait que les entreprises comprennent qu'un forum n'est pas une campagne, et "
    "qu'un animateur n'est pas un porte-voix.",
    "C'est pourquoi je crois que le meilleur community manager est souvent celui qui ne "
    "s'est jamais proclamé tel, et qui était là bien avant le titre.",
    "Alors, à ceux qui recrutent : cherchez des gens qui aiment les gens, pas des gens qui "
    "aiment les tableaux de bord et les chiffres d'audience.",
    "Et à ceux qui animent déjà sans le savoir : continuez, vous étiez community managers "
    "avant que le mot n'existe, et c'est très bien ainsi.",
    "Le reste, les titres, les outils, les slogans, passera comme sont passés ICQ et les "
    "pages perso : ce qui reste, ce sont les gens qu'on a rencontrés.",
    "Je ne sais pas ce que deviendra le web, mais je sais ce qu'il a été pour nous, et "
    "c'est pour cela que je refuse de le réduire à une ligne de budget.",
    "Voilà, c'était long, mais il fallait que ce soit dit, au moins une fois, ici.",
]


@pytest.fixture
def essay_path(tmp_path: Path) -> Path:
    parts = [
        "---\ntitle: Mémoires d'un forum\n---\n\n",
        "## Avant-propos {.transition}\n\n",
        "Je ne sais plus par quel bout commencer.\n\n",
        "## Avant {.reminiscence}\n\n",
    ]
    parts += [p + "\n\n" for p in _MEMORIES]
    parts.append("## Le fond {.argument}\n\n")
    parts += [p + "\n\n" for p in _ARGUMENTS]
    parts.append("## Plus tard {.reminiscence}\n\n")
    parts += [p + "\n\n" for p in _LATER]
    parts.append("## Aujourd'hui {.argument}\n\n")
    parts += [p + "\n\n" for p in _NOW]
    path = tmp_path / "memoires.md"
    path.write_text("".join(parts), encoding="utf-8")
    return path


async def remembered(pilot, app: LecteurApp) -> None:
    """Wait until the screen has asked the state store about the essay."""
    for _ in range(200):
        if app.reading.remembered:
            return
        await pilot.pause(0.02)
    raise AssertionError("the store never answered")


def messages(app: LecteurApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- resume


async def test_reopening_returns_to_the_same_sentence_at_another_width(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        await pilot.press("4", *"jjjjj")  # into section 4, five lines down
        left = app.reading.reader.place()
        assert left.paragraph > 10 and left.offset > 0  # mid-paragraph
        await pilot.press("q")
    app = make_app(essay_path)
    async with app.run_test(size=(70, 24), notifications=True) as pilot:  # another width
        await remembered(pilot, app)
        await pilot.pause()
        reader = app.reading.reader
        place = reader.place()
        assert place.paragraph == left.paragraph
        # The line at the top holds the character the reader had at the top.
        assert place.offset <= left.offset < place.offset + reader.column_width
        section = reader.essay.section_of(left.paragraph) + 1
        assert any(m.startswith(f"Resumed at §{section} (") for m in messages(app))
        assert any(m.endswith("— Home for the start") for m in messages(app))
        await pilot.press("home")
        assert reader.scroll_y == 0


async def test_from_start_opens_at_the_start(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        await pilot.press("3")
        await pilot.press("q")
    app = make_app(essay_path, from_start=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remembered(pilot, app)
        await pilot.pause()
        assert app.reading.reader.scroll_y == 0
        assert not any(m.startswith("Resumed") for m in messages(app))


async def test_a_moved_file_resumes_and_an_edited_one_keeps_what_it_can(tmp_path: Path) -> None:
    paragraphs = [f"Paragraphe {i} : il fut une époque où tout allait bien." for i in range(60)]
    first = tmp_path / "a.md"
    first.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    app = make_app(first)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        app.reading.reader.go_to_place(Place(40, 0))
        await pilot.press("m")  # a bookmark on ¶41
        await pilot.press("q")
    moved = tmp_path / "moved" / "b.md"
    moved.parent.mkdir()
    first.rename(moved)
    app = make_app(moved)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        await pilot.pause()
        assert app.reading.reader.place().paragraph == 40
    # Edited: two paragraphs added before, one removed far away.
    edited = ["Un ajout.", "Un autre ajout.", *paragraphs[:55]]
    moved.write_text("\n\n".join(edited) + "\n", encoding="utf-8")
    app = make_app(moved)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        await pilot.pause()
        assert app.reading.reader.place().paragraph == 42
        assert [(m.kind, m.paragraph) for m in app.reading.marks] == [("bookmark", 42)]


# ---------------------------------------------------------------------------- history


async def test_back_and_forward_walk_the_jumps(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        reader = app.reading.reader
        await pilot.press("j", "j")
        start = reader.place()
        await pilot.press("3")  # a jump
        third = reader.place()
        await pilot.press("end")  # another
        await pilot.press("ctrl+o")  # back: section 3's header
        assert reader.place() == third and reader.current_section() == 2
        await pilot.press("less_than_sign")  # back again: two lines down
        assert reader.place() == start and round(reader.scroll_y) == 2
        await pilot.press("ctrl+o")  # nothing before: stays
        assert reader.place() == start
        await pilot.press("greater_than_sign")  # forward: section 3
        assert reader.place() == third
        kinds = [s.kind for s in reader.essay.sections]
        after = next(i for i in range(3, len(kinds)) if kinds[i] == "argument")
        await pilot.press("a")  # a new jump forgets the forward stack
        assert reader.current_section() == after
        await pilot.press("greater_than_sign")
        assert reader.current_section() == after


async def test_a_search_hit_and_a_cards_mention_are_jumps_too(essay_path: Path) -> None:
    from lecteur.cards import TermCard

    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        for _ in range(200):
            if app.reading.glossary_view is not None:
                break
            await pilot.pause(0.02)
        reader = app.reading.reader
        await pilot.press("slash", *"proclamé", "enter")
        await pilot.pause(0.2)
        assert reader.scroll_y > 0
        await pilot.press("ctrl+o")
        assert reader.scroll_y == 0  # back from the hit
        mentions = app.reading.glossary_view.mentions("community-manager")
        app.reading.open_card("community-manager", current=mentions[0])
        await pilot.pause()
        assert isinstance(app.screen, TermCard)
        app.screen.dismiss(("goto", mentions[-1]))
        await pilot.pause()
        assert reader.scroll_y > 0
        await pilot.press("ctrl+o")
        assert reader.scroll_y == 0


async def test_history_survives_a_new_width(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=(140, 30)) as pilot:
        reader = app.reading.reader
        await pilot.press("2", *"jjjjjjj")
        here = reader.place()
        await pilot.press("4", "minus", "minus", "minus")  # a jump, then a narrower column
        await pilot.press("ctrl+o")
        assert reader.place().paragraph == here.paragraph


# ---------------------------------------------------------------------------- marks


async def test_bookmarks_and_notes_are_kept_listed_and_exported(essay_path: Path, capsys) -> None:
    from lecteur.cli import main
    from lecteur.marks import MarksList, NoteEditor

    app = make_app(essay_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remembered(pilot, app)
        reader = app.reading.reader
        await pilot.press("2")
        bookmarked = reader.top_paragraph()
        await pilot.press("m")  # bookmark
        assert f"Bookmark set at ¶{bookmarked + 1}." in messages(app)
        # The sign in the margin, left of the paragraph's first line.
        shown = [reader.render_line(y).text for y in range(reader.size.height)]
        assert any(line.lstrip().startswith("• ") for line in shown)
        await pilot.press("4")
        noted = reader.top_paragraph()
        await pilot.press("N")  # a note
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"À relire [b]", "enter")
        assert not isinstance(app.screen, NoteEditor)
        await pilot.press("q")
    app = make_app(essay_path, from_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        marks = [(m.kind, m.paragraph, m.text) for m in app.reading.marks]
        assert marks == [("bookmark", bookmarked, ""), ("note", noted, "À relire [b]")]
        await pilot.press("M")  # the list
        assert isinstance(app.screen, MarksList)
        await pilot.press("enter")  # go to the first
        assert app.reading.reader.top_paragraph() == bookmarked
        await pilot.press("M", "d")  # delete the first
        await pilot.press("escape")
        assert [m.kind for m in app.reading.marks] == ["note"]
        await pilot.press("m")  # and set it again
        await pilot.press("q")
    assert main(["notes", str(essay_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Notes — Mémoires d'un forum")
    from lecteur.library import open_essay

    essay = open_essay(essay_path)
    kind = essay.sections[3].kind.value.title()
    assert "À relire [b]" in out and f"## ¶{noted + 1} · §4 {kind} — Note" in out
    assert "> " + essay.paragraphs[noted].text[:30] in out  # the paragraph, quoted


async def test_an_empty_note_deletes_it(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await remembered(pilot, app)
        await pilot.press("N", *"x", "enter")
        assert [m.kind for m in app.reading.marks] == ["note"]
        await pilot.press("N", "backspace", "enter")
        assert app.reading.marks == []


# ---------------------------------------------------------------------------- corrections


async def test_corrections_are_kept_and_win_over_the_split(essay_path: Path, capsys) -> None:
    from lecteur.cli import main

    app = make_app(essay_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remembered(pilot, app)
        reader = app.reading.reader
        sections = list(reader.essay.sections)
        await pilot.press("2")  # a reminiscence
        assert sections[1].kind == "reminiscence"
        await pilot.press("K")  # → argument
        assert reader.essay.sections[1].kind == "argument"
        assert "§2 is now Argument (yours)." in messages(app)
        await pilot.press("K", "K")  # → transition → reminiscence → … stop at argument
        await pilot.press("K")
        assert reader.essay.sections[1].kind == "argument"
        # Mid-section: split at the paragraph at the top.
        reader.go_to_place(Place(reader.essay.sections[1].first + 2, 0))
        top = reader.top_paragraph()
        await pilot.press("S")
        assert len(reader.essay.sections) == len(sections) + 1
        assert reader.essay.sections[2].first == top
        assert app.reading.outline.option_count == len(sections) + 1
        await pilot.press("4")  # the old section 3, now 4
        await pilot.press("J")  # join it to the one before
        assert len(reader.essay.sections) == len(sections)
        corrected = list(reader.essay.sections)
        await pilot.press("q")
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.reading.reader.essay.sections == corrected  # applied at the split
    assert main(["outline", str(essay_path)]) == 0
    out = capsys.readouterr().out
    assert "(yours)" in out
    assert main(["outline", "--json", str(essay_path)]) == 0
    assert '"kind": "argument"' in capsys.readouterr().out


async def test_forgetting_corrections_brings_the_automatic_split_back(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remembered(pilot, app)
        reader = app.reading.reader
        automatic = list(reader.essay.sections)
        await pilot.press("2", "K")
        assert reader.essay.sections != automatic
        app.reading.forget_corrections()
        for _ in range(100):
            if reader.essay.sections == automatic:
                break
            await pilot.pause(0.02)
        assert reader.essay.sections == automatic


def test_outline_marks_prints_sections_that_read_back_the_same(
    essay_path: Path, tmp_path: Path, capsys
) -> None:
    from lecteur.cli import main
    from lecteur.library import open_essay

    source = tmp_path / "e.md"
    source.write_text(
        "# Titre\n\n## Avant {.reminiscence}\n\nIl fut une époque.\n\nOn jouait.\n\n"
        "## Maintenant\n\nIl faut changer. Je pense que oui.\n\n### Détail\n\nEncore.\n\n"
        "<!-- section: transition Passage -->\n\nBref.\n",
        encoding="utf-8",
    )
    for path in (essay_path, source):
        assert main(["outline", "--marks", str(path)]) == 0
        marked = tmp_path / f"marked-{path.name}"
        marked.write_text(capsys.readouterr().out, encoding="utf-8")
        before, after = open_essay(path), open_essay(marked)
        kinds = [before.sections[before.section_of(i)].kind for i in range(len(before.paragraphs))]
        again = [after.sections[after.section_of(i)].kind for i in range(len(after.paragraphs))]
        assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
        assert again == kinds
        assert all(s.explicit for s in after.sections)
        assert "{.reminiscence}" not in marked.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- settings


async def test_settings_give_width_theme_and_keys(essay_path: Path) -> None:
    write_config('# mine\nwidth = 60\ntheme = "nord"\n\n[keymap]\n"sections.next" = "x"\n')
    app = make_app(essay_path)
    async with app.run_test(size=(140, 30)) as pilot:
        reader = app.reading.reader
        assert reader.measure == 60 and app.theme == "nord"
        await pilot.press("x")  # the reader's key for "next section"
        assert reader.current_section() == 1
        await pilot.press("plus")  # kept
        app.theme = "gruvbox"  # as the palette does
        await pilot.pause()
        await pilot.press("question_mark")
        rows = {(r.keys, r.what) for r in app.screen.rows}
        assert ("x", "Go to the next section") in rows
    text = config_path().read_text(encoding="utf-8")
    assert text.startswith('# mine\nwidth = 64\ntheme = "gruvbox"\n')
    assert '"sections.next" = "x"' in text


async def test_a_bad_config_file_gives_one_line_and_the_defaults(essay_path: Path) -> None:
    path = write_config("width = [oops\n")
    app = make_app(essay_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.reading.reader.measure == 72
        problems = [m for m in messages(app) if str(path) in m]
        assert len(problems) == 1 and "\n" not in problems[0]
        assert app.is_running


def test_config_path_and_settings_from_the_command_line(capsys) -> None:
    from lecteur.cli import main

    assert main(["config", "--path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_path())
    write_config('width = 500\nlanguage = "fr"\n')
    assert main(["config"]) == 0
    captured = capsys.readouterr()
    assert 'language = "fr"' in captured.out and "# width" in captured.out
    assert "width = 500 is not a number of cells from 30 to 160" in captured.err


# ---------------------------------------------------------------------------- memory off


async def test_a_database_that_is_a_folder_leaves_the_reader_working(essay_path: Path) -> None:
    from lecteur.store import default_path

    default_path().mkdir(parents=True)
    app = make_app(essay_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await remembered(pilot, app)
        await pilot.press("n", "m")  # reading and marking still work, for this session
        assert app.reading.marks and app.reading.reader.current_section() == 1
        status = str(app.reading.query_one("#status").render())
        assert "memory off" in status and "is a folder" in status
        assert sum("memory off" in m for m in messages(app)) == 1


async def test_tab_wrapping_round_is_a_jump(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if app.reading.glossary_view is not None:
                break
            await pilot.pause(0.02)
        reader = app.reading.reader
        await pilot.press("end")
        end = round(reader.scroll_y)
        occurrences = reader.occurrences
        top, bottom = reader._visible_range()
        if any(top <= (reader._occurrence_line(i) or -1) < bottom for i in range(len(occurrences))):
            await pilot.press("tab")  # a term on the last screen first
        while reader.cursor != 0:
            await pilot.press("tab")  # on, then round to the first term
        assert round(reader.scroll_y) < end
        await pilot.press("ctrl+o")
        assert round(reader.scroll_y) == end


async def test_settings_choose_the_outline_and_the_marks(essay_path: Path) -> None:
    write_config("outline = false\nmarks = false\n")
    app = make_app(essay_path)
    async with app.run_test(size=(140, 30)) as pilot:
        for _ in range(200):
            if app.reading.glossary_view is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        reader = app.reading.reader
        assert not app.reading.outline.display  # wide enough, but the reader said no
        assert reader.occurrences and not reader.show_terms
        lines = [reader.render_line(y) for y in range(reader.size.height)]
        assert not any(seg.style and seg.style.underline for line in lines for seg in line)
        await pilot.press("tab")  # Tab still finds the terms
        assert reader.cursor == 0
