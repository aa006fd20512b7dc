"""Command line: ``lecteur [PATH]``, ``print``, ``outline``, ``glossary``.

Bad input never shows a traceback: one line on stderr naming the file and the
problem, and exit status 2. ``-`` (or a pipe on standard input) reads the essay from
standard input; when standard output is not a terminal, or the terminal is ``dumb``,
``lecteur PATH`` prints instead of opening a full-screen reader.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lecteur.essay import Essay, EssayError
from lecteur.library import essay_file, find_essays, open_essay

if TYPE_CHECKING:
    import argparse

import re

_JSON_CONTROLS = re.compile("[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

COMMANDS = ("print", "outline", "glossary", "read")
EXIT_BAD_INPUT = 2
EXIT_CRASH = 70
"""A bug, not bad input (``EX_SOFTWARE``): the reader crashed."""
MAX_WIDTH = 1000
"""The widest ``print --width``: wider is one line per paragraph anyway."""


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="lecteur",
        description="Read an essay in the terminal: sections, outline and glossary.",
        epilog="Commands: lecteur [read] [PATH] | print | outline | glossary. "
        "With no PATH, the bundled essay.",
    )
    parser.add_argument("--version", action="version", version=f"lecteur {_version()}")
    sub = parser.add_subparsers(dest="command")

    read = sub.add_parser("read", help="open the reader (the default command)")
    read.add_argument("path", nargs="?", type=Path, help="an essay file or a folder of essays")

    pr = sub.add_parser("print", help="write the essay as wrapped plain text")
    pr.add_argument("path", nargs="?", type=Path)
    pr.add_argument("--width", type=int, default=72, help="column width (default 72)")

    out = sub.add_parser("outline", help="the essay's sections")
    out.add_argument("path", nargs="?", type=Path)
    out.add_argument("--json", action="store_true", help="paragraphs and sections as JSON")
    out.add_argument("--explain", action="store_true", help="each paragraph's kind and why")

    glo = sub.add_parser("glossary", help="glossary terms found in the essay")
    glo.add_argument("path", nargs="?", type=Path)
    glo.add_argument("--json", action="store_true", help="terms and occurrences as JSON")
    glo.add_argument(
        "--check",
        nargs="?",
        const="",
        metavar="FILE",
        help="lint a glossary file (default: the shipped glossary files)",
    )
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("lecteur")
    except Exception:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if "" in args_list:  # Path("") is ".", the current folder: not what was meant
        return _guard(_empty_path)
    # `lecteur` and `lecteur PATH` skip argparse: the reader's first paint waits on this.
    if args_list == ["-"] or (
        len(args_list) <= 1 and not any(a.startswith("-") or a in COMMANDS for a in args_list)
    ):
        return _guard(lambda: cmd_read(Path(args_list[0]) if args_list else None))
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        args_list.insert(0, "read")
    elif args_list[0] in ("-h", "--help", "--version"):
        pass
    elif args_list[0].startswith("-"):  # an option, or "-" (standard input)
        args_list.insert(0, "read")
    args = _parser().parse_args(args_list)

    def run() -> int:
        if args.command == "print":
            return cmd_print(args.path, width=args.width)
        if args.command == "outline":
            return cmd_outline(args.path, as_json=args.json, explain=args.explain)
        if args.command == "glossary":
            return cmd_glossary(args.path, as_json=args.json, check=args.check)
        return cmd_read(args.path)

    return _guard(run)


def _empty_path() -> int:
    raise EssayError("''", "an empty path names no file")


def _guard(command: Callable[[], int]) -> int:
    """Run a command: bad input is one line on stderr and exit 2, never a traceback."""
    try:
        return command()
    except EssayError as error:
        print(f"lecteur: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # `lecteur print | head`: the reader left; nothing to report.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except RecursionError:
        print("lecteur: the file is nested too deeply to read", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print("lecteur: the file is too large to read in memory", file=sys.stderr)
        return EXIT_BAD_INPUT


def _stdin_data(path: Path | None) -> bytes | None:
    """Standard input's bytes for ``-``, or for no path when input is a pipe or a file."""
    from lecteur.essay import STDIN, read_stdin

    if path == STDIN or (path is None and _stdin_is_piped()):
        return read_stdin()
    return None


def _stdin_is_piped() -> bool:
    """True when standard input is a pipe or a file (not a terminal, not closed)."""
    import stat

    try:
        mode = os.fstat(0).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _interactive() -> bool:
    """Whether a full-screen reader can run: both ends a terminal that can draw one."""
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    try:
        return sys.stdout.isatty() and os.isatty(sys.__stderr__.fileno() if sys.__stderr__ else 2)
    except (AttributeError, ValueError, OSError):
        return False


def _keyboard_from_terminal() -> bool:
    """After the essay came through a pipe, read the keys from the terminal instead.

    Textual reads keys from file descriptor 0; the pipe is spent, so the controlling
    terminal takes its place there. False when there is none (then print instead).
    """
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        return False
    os.dup2(tty, 0)
    os.close(tty)
    sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    return True


def cmd_read(path: Path | None) -> int:
    from lecteur.essay import STDIN

    data = _stdin_data(path)
    if data is not None:
        path = STDIN
    interactive = _interactive() and (data is None or _keyboard_from_terminal())
    if path is not None and path != STDIN and path.is_dir():
        choices = find_essays(path)
        if not choices:
            raise EssayError(path, "no essay in this folder (.md, .markdown or .txt files)")
        if len(choices) > 1:
            if not interactive:  # a list, as `ls` would give it
                from lecteur.text import safe

                sys.stdout.write("".join(f"{safe(str(c))}\n" for c in choices))
                return 0
            from lecteur.app import LecteurApp

            app = LecteurApp(folder=path, choices=choices)
            app.run()
            return _finish(app.return_code)
        path = choices[0]
    if not interactive:
        return cmd_print(path, width=72, data=data)
    from lecteur.essay import HEAD_CHARS
    from lecteur.loader import Loader

    # The essay loads in a child process while this one imports the UI.
    loader = Loader(path if path == STDIN else essay_file(path), head=HEAD_CHARS, data=data)
    try:
        from lecteur.app import LecteurApp

        essay = loader.first()
        app = LecteurApp(essay, loader=loader)
        app.run()
    finally:
        loader.close()
    return _finish(app.return_code)


def _finish(return_code: int | None) -> int:
    """The exit status after the reader: a crash is not a success. If a background
    thread is still busy (a glossary that never finishes loading), leave without waiting
    for it: ``q`` must quit at once."""
    import threading

    code = 0 if not return_code else EXIT_CRASH
    busy = [
        t for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon
    ]
    if busy:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def cmd_print(path: Path | None, *, width: int, data: bytes | None = None) -> int:
    from lecteur.essay import STDIN
    from lecteur.layout import plain_lines

    if width < 20:
        raise EssayError(path or "--width", f"width must be at least 20 (not {width})")
    width = min(width, MAX_WIDTH)
    if data is None:
        data = _stdin_data(path)
        if data is not None:
            path = STDIN
    source = STDIN if data is not None else essay_file(path)
    essay = open_essay(source, data=data)
    if sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb":
        _print_styled(essay, width)
    else:
        lines = plain_lines(essay, width)
        sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _print_styled(essay: Essay, width: int) -> None:
    """On a terminal: the same lines, with a little style."""
    from rich.console import Console
    from rich.text import Text

    from lecteur.layout import Layout

    styles = {
        "title": "bold",
        "byline": "italic dim",
        "section-reminiscence": "yellow",
        "section-argument": "cyan",
        "section-transition": "dim",
        "section-title": "bold italic",
        "em": "italic",
        "strong": "bold",
        "code": "green",
        "code-block": "green",
        "link": "underline",
        "quote": "italic",
        "h1": "bold underline",
        "h2": "bold",
        "h3": "bold italic",
    }
    console = Console(highlight=False, soft_wrap=True)
    layout = Layout(essay, references=True)
    for i in range(len(layout.items)):
        for line in layout.lines(i, width):
            text = Text()
            for run in line.runs:
                style = " ".join(styles[t] for t in run.tags if t in styles)
                text.append(run.text, style=style or None)
            console.print(text)


def _outline_data(essay: Essay) -> dict[str, Any]:
    return {
        "title": essay.title,
        "language": essay.language,
        "paragraphs": [{"index": p.index, "text": p.text} for p in essay.paragraphs],
        "sections": [
            {"kind": s.kind, "title": s.title, "first": s.first, "last": s.last}
            for s in essay.sections
        ],
    }


def write_json(data: object) -> None:
    """JSON on stdout, with every control character escaped (``\\u009b``, ``\\u007f``):
    ``json.dump`` escapes only those below U+0020, and C1 controls act on terminals."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=1)
    sys.stdout.write(_JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _source(path: Path | None) -> tuple[Path, bytes | None]:
    from lecteur.essay import STDIN

    data = _stdin_data(path)
    return (STDIN, data) if data is not None else (essay_file(path), None)


def cmd_outline(path: Path | None, *, as_json: bool, explain: bool) -> int:
    source, data = _source(path)
    essay = open_essay(source, data=data)
    if as_json:
        write_json(_outline_data(essay))
        return 0
    if explain:
        from lecteur.library import explain_lines

        print("\n".join(explain_lines(essay)))
        return 0
    from lecteur.layout import kind_label
    from lecteur.text import safe

    print(safe(essay.title))
    for i, s in enumerate(essay.sections):
        span = f"¶{s.first}–{s.last}" if s.last > s.first else f"¶{s.first}"
        mark = " (marked)" if s.explicit else ""
        print(
            f"{i + 1:>3}  {kind_label(s.kind, essay.language):<13} {span:<10} {safe(s.title)}{mark}"
        )
    return 0


def cmd_glossary(path: Path | None, *, as_json: bool, check: str | None) -> int:
    from lecteur.essay import parse_essay
    from lecteur.glossary import GlossaryError, glossary_json, lint
    from lecteur.library import open_glossary, shipped_glossaries

    if check is not None:
        files = [Path(check)] if check else shipped_glossaries()
        for f in files:
            if not f.is_file():
                raise EssayError(f, "no such glossary file")
        try:
            faults = lint(files)
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as error:
            raise EssayError(files[0], f"cannot be checked ({type(error).__name__})") from None
        from lecteur.text import safe

        for fault in faults:
            print(safe(str(fault)))
        if not faults:
            print(safe(f"{', '.join(str(f) for f in files)}: no faults"))
        return 1 if faults else 0
    source, raw = _source(path)
    essay = parse_essay(source, data=raw)
    try:
        glossary, occurrences = open_glossary(essay)
    except GlossaryError as error:
        from lecteur.text import safe

        print(f"lecteur: {' '.join(safe(str(error)).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as error:
        # The glossary engine's own limits are being rebuilt; until then, one line.
        raise EssayError("glossary", f"cannot be loaded ({type(error).__name__})") from None
    data = glossary_json(glossary, occurrences)
    if as_json:
        write_json(data)
        return 0
    from lecteur.text import ellipsize, safe

    width = min(32, max((len(t["term"]) for t in data["terms"]), default=0))
    for term in data["terms"]:
        name = ellipsize(safe(term["term"]), width)
        counts: dict[int, int] = {}
        for o in term["occurrences"]:
            counts[o["paragraph"]] = counts.get(o["paragraph"], 0) + 1
        places = ", ".join(f"¶{p}" + (f" ×{n}" if n > 1 else "") for p, n in counts.items())
        print(f"{name:<{width}}  {safe(str(term['years'])):<10} {places}")
    return 0
