"""The wheel carries the bundled essay and its glossaries, and finds them once installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_the_essay_and_finds_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("lecteur-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "lecteur/essays/community-manager.md",
        "lecteur/glossary_data/messaging.yaml",
        "lecteur/essays/community-manager.glossary.yaml",
        "lecteur/cli.py",
    ):
        assert name in names
    assert not any(n.startswith("tests/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # -I -S: only the unpacked wheel is importable, not the checkout.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import lecteur.library as e; "
        "print(e.bundled_essay().is_file(), e.bundled_essay().is_relative_to(sys.argv[1]))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(site)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True"]
