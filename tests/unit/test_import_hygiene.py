"""The model never imports Textual: it runs in the CLI and in worker threads alone."""

from __future__ import annotations

import subprocess
import sys

MODEL = [
    "lecteur.essay",
    "lecteur.library",
    "lecteur.sections",
    "lecteur.glossary",
    "lecteur.layout",
    "lecteur.state",
    "lecteur.text",
    "lecteur.loader",
    "lecteur.cli",
    "lecteur.search",
    "lecteur.language",
    "lecteur.dictionary",
    "lecteur.store",
    "lecteur.settings",
    "lecteur.corrections",
    "lecteur.history",
    "lecteur.i18n",
]
"""The model: everything but the screens and widgets."""


def _printed(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (nothing imported yet)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_model_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {MODEL!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    imported = _printed(code)
    assert imported == "", f"the model imported {imported}"


def test_the_check_itself_sees_textual() -> None:
    """Guard against a check that cannot fail: importing the UI does pull Textual in."""
    code = "import sys, lecteur.reader; print('textual' in sys.modules)"
    assert _printed(code) == "True"


def test_outline_runs_without_loading_textual(tmp_path) -> None:
    """`lecteur outline` and friends do the model's work alone."""
    code = (
        "import sys, io, contextlib\n"
        "from lecteur.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['outline', '--json']) == 0\n"
        "    assert main(['glossary', '--json']) == 0\n"
        "    assert main(['config', '--path']) == 0\n"
        "    assert main(['notes']) == 0\n"
        "    assert main(['outline', '--marks']) == 0\n"
        "print('textual' in sys.modules)\n"
    )
    assert _printed(code) == "False"


def test_no_import_cycles_between_app_screens_and_palette() -> None:
    """The palette imports neither the app nor a screen (it reads a Protocol)."""
    import ast
    from pathlib import Path

    import lecteur

    source = Path(lecteur.__file__).parent / "palette.py"
    imported = {
        node.module
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & {"lecteur.app", "lecteur.reader_screen"}, imported


def test_the_first_frame_imports_no_screen_it_does_not_show() -> None:
    """The help and the essay picker are imported when first shown, not before the first
    frame of an essay (their import is time the first paint would wait)."""
    code = (
        "import sys, lecteur.app\n"
        "print(','.join(m for m in ('lecteur.help_screen', 'lecteur.picker_screen')"
        " if m in sys.modules))\n"
    )
    assert _printed(code) == ""
