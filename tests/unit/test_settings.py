"""The settings file: read with defaults for what is wrong, written line by line."""

from __future__ import annotations

from pathlib import Path

from lecteur.settings import Settings, config_path, dump, load, save


def test_the_config_lives_in_the_test_config_folder(private_user_folders: Path) -> None:
    assert config_path().is_relative_to(private_user_folders)


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    settings = load(tmp_path / "none.toml")
    assert settings == Settings(path=tmp_path / "none.toml")


def test_values_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        'width = 64\ntheme = "nord"\nlanguage = "FR"\noutline = false\nmarks = false\n'
        '[keymap]\n"sections.next" = "x"\n',
        encoding="utf-8",
    )
    s = load(path)
    assert (s.width, s.theme, s.language, s.outline, s.marks) == (64, "nord", "fr", False, False)
    assert s.keymap == {"sections.next": "x"} and s.problem is None


def test_bad_values_keep_the_good_ones_and_name_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('width = "wide"\ntheme = "nord"\ncolour = 1\nmarks = "yes"\n', "utf-8")
    s = load(path)
    assert s.width is None and s.theme == "nord" and s.marks is True
    assert s.problem is not None and s.problem.startswith(f"{path}: ")
    assert "width = 'wide'" in s.problem and "unknown setting 'colour'" in s.problem
    assert "\n" not in s.problem


def test_a_file_that_is_not_toml_gives_the_defaults_and_one_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("width = = 3\n", encoding="utf-8")
    s = load(path)
    assert s.width is None and s.problem and str(path) in s.problem and "line 1" in s.problem
    path.write_bytes(b"\xff\xfe width")
    assert "not UTF-8" in (load(path).problem or "")


def test_save_changes_one_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.toml"
    assert save("width", 80, path) is None
    assert path.read_text(encoding="utf-8") == "width = 80\n"
    path.write_text('# my settings\nwidth = 80  # wide\n\n[keymap]\n"a.b" = "x"\n', "utf-8")
    assert save("width", 76, path) is None
    assert save("theme", 'my "theme"', path) is None
    assert path.read_text(encoding="utf-8") == (
        '# my settings\nwidth = 76\n\ntheme = "my \\"theme\\""\n[keymap]\n"a.b" = "x"\n'
    )
    assert load(path).theme == 'my "theme"'


def test_save_into_an_unwritable_place_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    problem = save("width", 80, blocker / "c.toml")
    assert problem and "cannot be written" in problem


def test_dump_shows_what_lecteur_decides() -> None:
    text = dump(Settings(width=70, keymap={"sections.next": "x"}))
    assert "width = 70" in text and "# theme = (lecteur decides)" in text
    assert '"sections.next" = "x"' in text
