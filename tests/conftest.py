"""Shared fixtures: paths to the bundled essay and small essays written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "essays" / "community-manager.md"


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
