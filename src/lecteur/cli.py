"""Command line: ``lecteur [PATH]``, ``print``, ``outline``, ``glossary``, ``serve``.

Bad input never shows a traceback: one line on stderr naming the file and the
problem, and exit status 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lecteur.essay import Essay, EssayError
from lecteur.library import essay_file, find_essays, open_essay

if TYPE_CHECKING:
    import argparse

COMMANDS = ("print", "outline", "glossary", "read", "serve")
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="lecteur",
        description="Read an essay in the terminal: sections, outline and glossary.",
        epilog="Commands: lecteur [read] [PATH] | print | outline | glossary | serve. "
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

    srv = sub.add_parser("serve", help="read in a web browser (needs the `web` extra)")
    srv.add_argument("path", nargs="?", type=Path, help="an essay file or a folder of essays")
    srv.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; "
        "0.0.0.0: every network interface)",
    )
    # A string, checked by `lecteur.serve.listen`: a bad port is one line, not argparse's two.
    srv.add_argument("--port", default="8000", help="port (default 8000; 0: any free port)")
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("lecteur")
    except Exception:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `lecteur` and `lecteur PATH` skip argparse: the reader's first paint waits on this.
    if len(args_list) <= 1 and not any(a.startswith("-") or a in COMMANDS for a in args_list):
        return _guard(lambda: cmd_read(Path(args_list[0]) if args_list else None))
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        args_list.insert(0, "read")
    elif args_list[0] in ("-h", "--help", "--version"):
        pass
    elif args_list[0].startswith("-"):
        args_list.insert(0, "read")
    args = _parser().parse_args(args_list)

    def run() -> int:
        if args.command == "print":
            return cmd_print(args.path, width=args.width)
        if args.command == "outline":
            return cmd_outline(args.path, as_json=args.json, explain=args.explain)
        if args.command == "glossary":
            return cmd_glossary(args.path, as_json=args.json, check=args.check)
        if args.command == "serve":
            return cmd_serve(args.path, host=args.host, port=args.port)
        return cmd_read(args.path)

    return _guard(run)


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


def cmd_read(path: Path | None) -> int:
    if path is not None and path.is_dir():
        choices = find_essays(path)
        if not choices:
            raise EssayError(path, "no essay in this folder (.md, .markdown or .txt files)")
        if len(choices) > 1:
            from lecteur.app import LecteurApp

            LecteurApp(folder=path, choices=choices).run()
            return 0
        path = choices[0]
    from lecteur.essay import HEAD_CHARS
    from lecteur.loader import Loader

    # The essay loads in a child process while this one imports the UI.
    loader = Loader(essay_file(path), head=HEAD_CHARS)
    try:
        from lecteur.app import LecteurApp

        essay = loader.first()
        LecteurApp(essay, loader=loader).run()
    finally:
        loader.close()
    return 0


def cmd_serve(path: Path | None, *, host: str, port: str) -> int:
    """The reader in a browser (:mod:`lecteur.serve`); a bad port or host is one line, exit 2."""
    from lecteur.serve import ServeError, serve

    try:
        if not port.isdigit():
            raise ServeError(f"port must be a number between 0 and 65535 (not {port!r})")
        return serve(path, host=host, port=int(port))
    except ServeError as error:
        print(f"lecteur: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def cmd_print(path: Path | None, *, width: int) -> int:
    from lecteur.layout import plain_lines

    if width < 20:
        raise EssayError(path or "--width", f"width must be at least 20 (not {width})")
    essay = open_essay(essay_file(path))
    lines = plain_lines(essay, width)
    if sys.stdout.isatty():
        _print_styled(essay, width)
    else:
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
    layout = Layout(essay)
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


def cmd_outline(path: Path | None, *, as_json: bool, explain: bool) -> int:
    import json

    essay = open_essay(essay_file(path))
    if as_json:
        json.dump(_outline_data(essay), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
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
    from lecteur.glossary import glossary_json, lint
    from lecteur.library import open_glossary, shipped_glossaries

    if check is not None:
        shipped = shipped_glossaries()
        if not check:
            files, shown = shipped, shipped
        else:
            # A user's file is linted over the shipped glossary, so that its see-also ids
            # may point at shipped entries and its patterns are checked against theirs.
            target = Path(check)
            if not target.is_file():
                raise EssayError(target, "no such glossary file")
            files = [p for p in shipped if not _same_file(p, target)] + [target]
            shown = [target]
        faults = [f for f in lint(files) if any(_same_file(Path(f.file), s) for s in shown)]
        for fault in faults:
            print(str(fault))
        if not faults:
            print(f"{', '.join(str(f) for f in shown)}: no faults")
        return 1 if faults else 0
    essay = parse_essay(essay_file(path))
    glossary, occurrences, headings = open_glossary(essay)
    for warning in glossary.warnings:
        print(f"lecteur: {warning}", file=sys.stderr)
    data = glossary_json(glossary, occurrences, headings)
    if as_json:
        import json

        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from lecteur.text import ellipsize, safe

    width = min(32, max((len(t["term"]) for t in data["terms"]), default=0))
    for term in data["terms"]:
        name = ellipsize(safe(term["term"]), width)
        counts: dict[str, int] = {}
        if term["headings"]:
            counts["heading"] = len(term["headings"])
        for o in term["occurrences"]:
            counts[f"¶{o['paragraph']}"] = counts.get(f"¶{o['paragraph']}", 0) + 1
        places = ", ".join(p + (f" ×{n}" if n > 1 else "") for p, n in counts.items())
        print(f"{name:<{width}}  {term['years']:<10} {places}")
    return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
