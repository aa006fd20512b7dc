"""The hostile corpus (``tests/hostile``): a fast subset on every ``make test``.

Each case's files are written, then lecteur runs on them as a real process: ``print``,
``outline --json`` and ``glossary --json`` for every case, and the reader in a
pseudo-terminal (keys pressed, raw bytes kept) for the cases marked fast. ``make hostile``
runs everything and prints the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.cases import Case, cases
from tests.hostile.run import run_cli, run_tui

FAST = [c for c in cases() if c.fast]


def _check(outcomes: list, case: Case) -> None:
    problems = [f"{o.mode}: {', '.join(o.problems)}" for o in outcomes if o.problems]
    if case.xfail:
        if problems:
            pytest.xfail(f"{case.xfail}: {problems}")
        return
    assert not problems, problems


def _cli_cases() -> list:
    return [
        c if c.fast else pytest.param(c, marks=pytest.mark.slow, id=c.name)
        for c in cases()
        if c.modes
    ]


@pytest.mark.parametrize("case", _cli_cases(), ids=lambda c: getattr(c, "name", str(c)))
def test_command_line_survives(case: Case, tmp_path: Path) -> None:
    if case.xfail:
        pytest.xfail(case.xfail)  # a hang: not run on every `make test` (see make hostile)
    path = case.write(tmp_path)
    _check([run_cli(case, path, mode) for mode in case.modes], case)


# A reader run in a pty takes about 5 s (some 30 keys, each given time to act): `make
# test` runs these four, one of each kind of harm (escape sequences everywhere, in a
# heading, a huge line, a huge list); the other fast cases run in `make test-slow`.
EVERY_TEST = {"all-payloads-everywhere", "osc-heading", "heading-120k-spaces", "list-5000-flat"}


@pytest.mark.parametrize(
    "case",
    [
        c if c.name in EVERY_TEST else pytest.param(c, marks=pytest.mark.slow, id=c.name)
        for c in FAST
        if c.tui
    ],
    ids=lambda c: getattr(c, "name", str(c)),
)
def test_reader_survives_and_leaks_nothing(case: Case, tmp_path: Path) -> None:
    path = case.write(tmp_path)
    _check([run_tui(case, path, 110, 32)], case)


@pytest.mark.slow
@pytest.mark.parametrize(
    "case", [c for c in cases() if c.tui and c.expect != "bad" and not c.fast], ids=lambda c: c.name
)
@pytest.mark.parametrize("size", [(110, 32), (20, 6)], ids=["110x32", "20x6"])
def test_reader_survives_every_case(case: Case, size: tuple[int, int], tmp_path: Path) -> None:
    path = case.write(tmp_path)
    _check([run_tui(case, path, *size)], case)


def test_the_cases_run_on_every_test_exist() -> None:
    assert {c.name for c in FAST if c.tui} >= EVERY_TEST


def test_the_corpus_never_touches_the_runners_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's keys change a width, a theme, a place: the corpus runs them with
    settings, state and caches of its own."""
    import os

    from tests.hostile import run

    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, "/mine")
    env = run.env()
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        assert env[name] != "/mine" and env[name].startswith(run._HOME[0])
    assert os.path.isdir(run._HOME[0])
