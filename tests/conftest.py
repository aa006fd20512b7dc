"""Shared fixtures: paths to the bundled essay and small essays written on the fly.

Every test runs with its own user folders (state, config, data, cache) in a temp folder,
and an English locale: lecteur's memory and settings never touch the real ones, a test
never sees what another test left, and `make test` leaves nothing in ~.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "essays" / "community-manager.md"


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point platformdirs (XDG on Linux) at fresh folders, and the locale at English."""
    home = tmp_path_factory.mktemp("home")
    for name, sub in (
        ("XDG_STATE_HOME", "state"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    from lecteur import i18n

    i18n.set_language("en")  # a test that chose French does not leave it to the next
    return home


@pytest.fixture
def essay_path() -> Path:
    return ESSAY


@pytest.fixture
def write(tmp_path: Path):
    """Write a file in a temp folder: ``write("a.md", "text")`` -> its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
