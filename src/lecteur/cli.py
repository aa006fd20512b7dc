"""Command line: ``lecteur [PATH]``, ``print``, ``outline``, ``glossary``, ``notes``,
``config``, ``serve``.

Bad input never shows a traceback: one line on stderr naming the file and the
problem, and exit status 2. ``-`` (or a pipe on standard input) reads the essay from
standard input; when standard output is not a terminal, or the terminal is ``dumb``,
``lecteur PATH`` prints instead of opening a full-screen reader.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lecteur.essay import Essay, EssayError
from lecteur.library import essay_file, find_essays, open_essay

if TYPE_CHECKING:
    import argparse

_JSON_CONTROLS = re.compile("[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

COMMANDS = ("print", "outline", "glossary", "read", "notes", "config", "serve")
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
        epilog="Commands: lecteur [read] [PATH] | print | outline | glossary | notes | config "
        "| serve. "
        "With no PATH, the bundled essay.",
    )
    parser.add_argument("--version", action="version", version=f"lecteur {_version()}")
    sub = parser.add_subparsers(dest="command")

    read = sub.add_parser("read", help="open the reader (the default command)")
    read.add_argument("path", nargs="?", type=Path, help="an essay file or a folder of essays")
    read.add_argument(
        "--from-start", action="store_true", help="open at the start, not where you were"
    )

    pr = sub.add_parser("print", help="write the essay as wrapped plain text")
    pr.add_argument("path", nargs="?", type=Path)
    pr.add_argument("--width", type=int, default=72, help="column width (default 72)")

    out = sub.add_parser("outline", help="the essay's sections")
    out.add_argument("path", nargs="?", type=Path)
    out.add_argument("--json", action="store_true", help="paragraphs and sections as JSON")
    out.add_argument("--explain", action="store_true", help="each paragraph's kind and why")
    out.add_argument(
        "--marks",
        action="store_true",
        help="the essay's source with its sections as explicit marks (to keep in the file)",
    )

    notes = sub.add_parser("notes", help="your bookmarks and notes on an essay, as Markdown")
    notes.add_argument("path", nargs="?", type=Path)

    config = sub.add_parser("config", help="your settings (a TOML file)")
    config.add_argument("--path", action="store_true", help="print where the file is")

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
        if args.command == "config":
            return cmd_config(show_path=args.path)
        _interface_language()
        if args.command == "print":
            return cmd_print(args.path, width=args.width)
        if args.command == "outline":
            return cmd_outline(args.path, as_json=args.json, explain=args.explain, marks=args.marks)
        if args.command == "glossary":
            return cmd_glossary(args.path, as_json=args.json, check=args.check)
        if args.command == "notes":
            return cmd_notes(args.path)
        if args.command == "serve":
            return cmd_serve(args.path, host=args.host, port=args.port)
        return cmd_read(args.path, from_start=args.from_start)

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


def _interface_language() -> None:
    """The reader's interface language, for what the commands write around the essay."""
    from lecteur import i18n
    from lecteur.settings import load

    i18n.set_language(i18n.detect(load().language))


def cmd_read(path: Path | None, *, from_start: bool = False) -> int:
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
    import gc

    from lecteur.essay import HEAD_CHARS
    from lecteur.loader import Loader

    # Until the first frame (the app enables it again), no cyclic garbage collection: the
    # UI's imports make hundreds of thousands of objects that live as long as the process,
    # and the collections that traversed them again and again took about 15 ms.
    gc.disable()
    # The essay loads in a child process while this one imports the UI.
    loader = Loader(path if path == STDIN else essay_file(path), head=HEAD_CHARS, data=data)
    try:
        from lecteur.app import LecteurApp

        essay = loader.first()
        app = LecteurApp(essay, loader=loader, from_start=from_start)
        app.run()
    finally:
        gc.enable()
        loader.close()
    return _finish(app.return_code)


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


def cmd_outline(path: Path | None, *, as_json: bool, explain: bool, marks: bool = False) -> int:
    source, data = _source(path)
    essay = open_essay(source, data=data)
    if marks:
        sys.stdout.write(marked_source(essay))
        return 0
    if as_json:
        write_json(_outline_data(essay))
        return 0
    if explain:
        from lecteur.library import explain_lines
        from lecteur.text import safe

        print("\n".join(safe(line) for line in explain_lines(essay)))
        return 0
    from dataclasses import replace

    from lecteur.corrections import changed
    from lecteur.i18n import language, t
    from lecteur.layout import kind_label
    from lecteur.library import split
    from lecteur.text import safe

    yours: set[int] = set()
    if any(True for _ in _corrections_of(essay)):
        automatic = split(replace(essay, sections=[]), []).sections
        yours = changed(automatic, essay.sections)
    print(safe(essay.title))
    for i, s in enumerate(essay.sections):
        span = f"¶{s.first}–{s.last}" if s.last > s.first else f"¶{s.first}"
        mark = f" {t('cli.yours')}" if i in yours else f" {t('cli.marked')}" if s.explicit else ""
        label = kind_label(s.kind, language())
        print(f"{i + 1:>3}  {label:<13} {span:<10} {safe(s.title)}{mark}")
    return 0


def _corrections_of(essay: Essay) -> list[object]:
    from lecteur.store import read_corrections

    return list(read_corrections(essay.path, essay.texts()))


def marked_source(essay: Essay) -> str:
    """The essay's file with each section opened by an explicit mark, as the README's
    "Explicit sections" documents: ``<!-- section: kind Title -->`` before its first
    paragraph. A section that runs past a heading gets the same mark again after it (a
    mark stops at the next heading), so every paragraph keeps its kind when the file is
    read again. The file's own marks (comments, ``{.kind}`` on headings) are replaced by
    these. The reader's corrections are in it: the author can make them theirs.
    """
    import re

    from lecteur.essay import Heading, read_text

    lines = read_text(essay.path).split("\n")
    old_mark = re.compile(r"^\s*<!--\s*section:.*-->\s*$")
    old_attribute = re.compile(r"\s*\{\.(?:reminiscence|argument|transition)\}\s*$")
    marks: dict[int, list[str]] = {}

    def mark(line: int, section_index: int) -> None:
        section = essay.sections[section_index]
        title = " ".join(section.title.replace("-->", "—>").split())
        marks.setdefault(line, []).append(f"<!-- section: {section.kind} {title} -->")

    starts = {s.first: i for i, s in enumerate(essay.sections)}
    for first, index in starts.items():
        mark(essay.paragraphs[first].line, index)
    for block in essay.blocks:
        if isinstance(block, Heading) and block.next_paragraph < len(essay.paragraphs):
            p = block.next_paragraph
            if p not in starts:
                mark(essay.paragraphs[p].line, essay.section_of(p))
    out: list[str] = []
    for number, line in enumerate(lines):
        for comment in marks.get(number, []):
            out += [comment, ""]
        if old_mark.match(line):
            continue  # the essay's own marks: restated above, as they stand now
        if line.lstrip().startswith("#"):
            line = old_attribute.sub("", line)
        out.append(line)
    result = "\n".join(out)
    return result if result.endswith("\n") else result + "\n"


def cmd_notes(path: Path | None) -> int:
    """The reader's bookmarks and notes on an essay, as Markdown, each with its paragraph."""
    from lecteur.i18n import language, t
    from lecteur.layout import kind_label
    from lecteur.store import Store, default_path, file_digest

    essay = open_essay(essay_file(path))
    marks = []
    if default_path().is_file():
        store = Store.open()
        digest = file_digest(essay.path)
        essay_id = digest if digest and store.known(digest) else store.lookup(essay.path)
        if essay_id is None and digest:
            essay_id = store.find(essay.path, digest, essay.texts(), essay.title)
        marks = store.marks(essay_id) if essay_id else []
        if store.problem:
            print(f"lecteur: {store.problem}", file=sys.stderr)
        store.close()
    if not marks:
        print(t("cli.notes.none", path=essay.path), file=sys.stderr)
        return 0
    out = [f"# {t('cli.notes.title', title=essay.title)}", ""]
    by_paragraph: dict[int, list[object]] = {}
    for m in marks:
        by_paragraph.setdefault(m.paragraph, []).append(m)
    for paragraph, rows in sorted(by_paragraph.items()):
        kinds = ", ".join(
            t("cli.notes.bookmark") if getattr(r, "kind", "") == "bookmark" else t("cli.notes.note")
            for r in rows
        )
        where = f"¶{paragraph + 1}"
        if paragraph < len(essay.paragraphs) and essay.sections:
            index = essay.section_of(paragraph)
            section = essay.sections[index]
            where += f" · §{index + 1} {kind_label(section.kind, language())}"
            quote = essay.paragraphs[paragraph].text
        else:
            quote = next((str(getattr(r, "quote", "")) for r in rows), "")
        out += [f"## {where} — {kinds}", ""]
        out += ["> " + line if line.strip() else ">" for line in quote.split("\n")]
        for r in rows:
            note = str(getattr(r, "text", ""))
            if note:
                out += ["", note]
        out.append("")
    sys.stdout.write("\n".join(out))
    return 0


def cmd_config(*, show_path: bool) -> int:
    """``--path``: where the settings file is; else the settings in effect, as TOML."""
    from lecteur.settings import config_path, dump, load

    if show_path:
        print(config_path())
        return 0
    settings = load()
    if settings.problem:
        print(f"lecteur: {settings.problem}", file=sys.stderr)
    print(f"# {settings.path}")
    print(dump(settings))
    return 0


def cmd_glossary(path: Path | None, *, as_json: bool, check: str | None) -> int:
    from lecteur.essay import parse_essay
    from lecteur.glossary import GlossaryError, glossary_json, lint, refusal
    from lecteur.library import open_glossary, shipped_glossaries
    from lecteur.text import ellipsize, safe

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
        for target in shown:
            # An alias bomb or absurd nesting: one line and exit 2, like any bad input.
            refused = refusal(target)
            if refused is not None:
                where = f"line {refused.line}: " if refused.line else ""
                raise EssayError(target, f"{where}{refused.message}")
        try:
            faults = [f for f in lint(files) if any(_same_file(Path(f.file), s) for s in shown)]
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as error:
            raise EssayError(shown[0], f"cannot be checked ({type(error).__name__})") from None
        for fault in faults:
            print(safe(str(fault)))
        if not faults:
            print(safe(f"{', '.join(str(f) for f in shown)}: no faults"))
        return 1 if faults else 0
    source, raw = _source(path)
    essay = parse_essay(source, data=raw)
    try:
        glossary, occurrences, headings = open_glossary(essay)
    except GlossaryError as error:
        print(f"lecteur: {' '.join(safe(str(error)).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as error:
        # A glossary value the engine cannot take: one line.
        raise EssayError("glossary", f"cannot be loaded ({type(error).__name__})") from None
    for warning in glossary.warnings:
        print(f"lecteur: {' '.join(safe(warning).split())}", file=sys.stderr)
    data = glossary_json(glossary, occurrences, headings)
    if as_json:
        write_json(data)
        return 0
    width = min(32, max((len(t["term"]) for t in data["terms"]), default=0))
    for term in data["terms"]:
        name = ellipsize(safe(term["term"]), width)
        counts: dict[str, int] = {}
        if term["headings"]:
            counts["heading"] = len(term["headings"])
        for o in term["occurrences"]:
            counts[f"¶{o['paragraph']}"] = counts.get(f"¶{o['paragraph']}", 0) + 1
        places = ", ".join(p + (f" ×{n}" if n > 1 else "") for p, n in counts.items())
        print(f"{name:<{width}}  {safe(str(term['years'])):<10} {places}")
    return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
