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
