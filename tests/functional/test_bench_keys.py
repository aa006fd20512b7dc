"""The real-terminal key benchmark (``benchmarks/keys_pty.py``) measures every key.

Not a timing test: it checks that each key is seen to act (a number, not NaN) in the
bundled essay, so that the benchmark's figures mean what they say.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_key_is_seen_to_act_in_a_real_terminal() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("keys_pty", ROOT / "benchmarks/keys_pty.py")
    assert spec is not None and spec.loader is not None
    keys_pty = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(keys_pty)
    startup = sys.modules["startup"]
    times = keys_pty.measure(startup.BUNDLED, 2)
    assert set(times) == {name for name, _ in keys_pty.KEYS}
    for name, values in times.items():
        assert values, name
        assert all(math.isfinite(v) and v > 0 for v in values), (name, values)


def test_a_benchmark_runs_lecteur_on_its_defaults_and_writes_nothing_of_the_runners(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A theme, a width or a saved place in the runner's settings would change what is
    measured, and a benchmark's keys would change them: its own empty folders instead."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import startup

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "mine-state"))
    own = startup.Pty(["/bin/true"], own_settings=True)
    assert own.env["XDG_CONFIG_HOME"] != str(tmp_path / "mine")
    assert own.env["XDG_STATE_HOME"] != str(tmp_path / "mine-state")
    folders = [own.env["XDG_CONFIG_HOME"], own.env["XDG_STATE_HOME"]]
    assert all(Path(f).is_dir() and not any(Path(f).iterdir()) for f in folders)
    own.close()
    assert not any(Path(f).exists() for f in folders)
    chosen = startup.Pty(["/bin/true"], env={"XDG_STATE_HOME": "/chosen"}, own_settings=True)
    assert chosen.env["XDG_STATE_HOME"] == "/chosen"  # the caller's choice is kept
    chosen.close()
    plain = startup.Pty(["/bin/true"])  # a test of the program itself: its environment
    assert plain.env["XDG_CONFIG_HOME"] == str(tmp_path / "mine")
    plain.close()
