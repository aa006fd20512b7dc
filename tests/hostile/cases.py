"""A generator of hostile and unusual essay files: every class of input that once crashed,
hung, exhausted memory or reached the terminal, and their neighbours.

Each :class:`Case` writes its files into a folder of its own and names the path lecteur
is given. ``expect`` says what a correct lecteur does: ``"ok"`` (exit 0) or ``"bad"``
(one line on stderr, exit 2) — either way never a traceback, a hang, a leak. ``xfail``
names a case known to fail until another branch lands (the glossary engine), with why.

Payloads carry markers that a leak makes unambiguous in the raw terminal bytes: Textual
never writes ``ESC ] 2 ; PWNED`` or ``CSI 31;7;5 m`` itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

OSC_TITLE = "\x1b]2;PWNED\x1b\\"
OSC0_TITLE = "\x1b]0;PWNED\x07"
OSC52 = "\x1b]52;c;UFdORUQ=\x1b\\"
CSI_SGR = "\x1b[31;7;5mPWNED\x1b[0m"
C1_CSI = "\u009b31;7;5mPWNED"
DCS_ETC = "\x1bPpwned\x1b\\\x1b_pwned\x1b\\\x1b^pwned\x1b\\\x1bXpwned\x1b\\"
RESETS = "\x1bc\x1b#8\x0e\x0f\x05"
ALL_PAYLOADS = OSC_TITLE + OSC0_TITLE + OSC52 + CSI_SGR + C1_CSI + DCS_ETC + RESETS

LEAKS: tuple[bytes, ...] = (
    b"\x1b]2;PWNED",
    b"\x1b]0;PWNED",
    b"\x1b]52;c;UFdORUQ",
    b"\x1b[31;7;5m",
    b"\xc2\x9b31;7;5m",
    b"\x1bPpwned",
    b"\x1b_pwned",
    b"\x1b^pwned",
    b"\x1bXpwned",
    b"\x1bc",
    b"\x1b#8",
    b"\x0e",
    b"\x0f",
    b"\x05",
)
"""Byte strings that, in lecteur's raw output, mean a file's sequence reached the terminal."""

GLOSSARY_XFAIL = "glossary engine (glossary.py) is being rebuilt on the glossary branch"


@dataclass
class Case:
    name: str
    files: dict[str, bytes | Callable[[Path], None]]
    target: str = "essay.md"
    expect: str = "ok"
    """``ok``: exit 0; ``bad``: exit 2 with one stderr line; ``any``: either."""
    xfail: str = ""
    """Known to fail until another branch lands: why."""
    tui: bool = True
    """Also run in the reader (pty)."""
    fast: bool = False
    """Part of the subset ``make test`` runs."""
    modes: tuple[str, ...] = ("print", "outline", "glossary")
    extra_args: tuple[str, ...] = field(default_factory=tuple)
    sizes: tuple[tuple[int, int], ...] = ((110, 32), (20, 6))
    """Terminal sizes (columns, rows) the reader runs at."""
    scripts: tuple[str, ...] = ()
    """Extra reader runs at 110×32: ``flood`` (2,000 random keys), ``storm`` (200 resizes)."""

    def write(self, root: Path) -> Path:
        folder = root / self.name
        folder.mkdir(parents=True, exist_ok=True)
        for rel, content in self.files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if callable(content):
                content(path)
            else:
                path.write_bytes(content)
        return folder / self.target


def md(text: str) -> dict[str, bytes | Callable[[Path], None]]:
    return {"essay.md": text.encode("utf-8")}


def _u(text: str) -> bytes:
    return text.encode("utf-8")


def _bomb(depth: int = 9, key: str = "title") -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, depth):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"{key}: *a{depth - 1}")
    return "\n".join(lines)


PARA = "Il fut une époque où j'installais ICQ pour la première fois, et je m'en souviens.\n\n"
BODY = PARA * 3 + "Aujourd'hui, je pense que le web a changé, et il faut le dire.\n"


def _symlink_loop(path: Path) -> None:
    other = path.with_name("loop-b.md")
    if not path.is_symlink():
        os.symlink(other.name, path)
        os.symlink(path.name, other)


def _folder_5000(path: Path) -> None:
    path.mkdir(exist_ok=True)
    for i in range(5000):
        (path / f"essay-{i:04d}.md").write_text(f"# Essai {i}\n\nTexte {i}.\n", encoding="utf-8")


def _hostile_names(path: Path) -> None:
    path.mkdir(exist_ok=True)
    (path / "a.md").write_text("# A\n\nHello.\n", encoding="utf-8")
    for name in (f"t{OSC_TITLE}.md", f"c{OSC52}.md", "n\nnewline.md", "c1\u009b31;7;5mx.md"):
        (path / name).write_text("# B\n\nHello.\n", encoding="utf-8")


def _glossary(term: str = "ICQ", extra: str = "") -> bytes:
    return _u(
        "version: 1\nentries:\n"
        f'  - id: x\n    term: "{term}"\n    kind: concept\n    years: "1999"\n'
        "    definition: {fr: a, en: b}\n" + extra
    )


def cases() -> list[Case]:
    """Every case, in a stable order."""
    out: list[Case] = []
    add = out.append
    # -- escape sequences, everywhere a string can come from
    add(Case("osc-heading", md(f"# {OSC_TITLE} x\n\n{BODY}"), fast=True))
    add(Case("osc-first-paragraph", md(f"{OSC52} Back then.\n\n{BODY}"), fast=True))
    add(
        Case(
            "osc-first-paragraph-txt",
            {"essay.txt": _u(f"{OSC52} Back then.\n\n{BODY}")},
            target="essay.txt",
        )
    )
    add(
        Case(
            "all-payloads-everywhere",
            md(
                f"---\ntitle: 't {ALL_PAYLOADS}'\nauthor: a {ALL_PAYLOADS}\n---\n\n"
                f"# H {ALL_PAYLOADS}\n\n{ALL_PAYLOADS} para [link {ALL_PAYLOADS}](https://x.y/{ALL_PAYLOADS})"
                f" `{ALL_PAYLOADS}`\n\n```\n{ALL_PAYLOADS}\n```\n\n<div>{ALL_PAYLOADS}</div>\n\n{BODY * 100}"
            ),
            fast=True,
        )
    )
    add(Case("c1-controls-utf8", md(f"# T\n\n{C1_CSI} \u0085 \u009d0;PWNED\u009c\n\n{BODY}")))
    add(Case("ansi-csi-sgr", md(f"{CSI_SGR} opening words here\n\n{BODY}")))
    add(Case("bell-bs-cr-tricks", md(f"Visible\rPWNED\b\b\x07\x0b\x0c text\n\n{BODY}")))
    add(Case("resets-in-title", md(f'---\ntitle: "{RESETS}"\n---\n\n{BODY}')))
    add(Case("bidi-overrides", md(f"# \u202eevil\u202c \u2066iso\u2069\n\n\u202etxet\n\n{BODY}")))
    add(Case("hostile-names-folder", {"dir": _hostile_names}, target="dir", modes=()))
    add(Case("filename-osc", {f"x{OSC_TITLE}.md": _u(BODY)}, target=f"x{OSC_TITLE}.md"))
    add(Case("filename-newline-missing", {}, target="x\ny.md", expect="bad", tui=False))
    # -- front matter
    add(Case("fm-impossible-date", md(f"---\ndate: 2023-02-30\n---\n{BODY}"), fast=True))
    add(Case("fm-5000-digits", md(f"---\nversion: {'9' * 5000}\ntitle: {'7' * 5000}\n---\n{BODY}")))
    add(Case("fm-toml-5000-digits", md(f"+++\nversion = {'9' * 5000}\n+++\n{BODY}"), expect="bad"))
    add(
        Case(
            "fm-tags",
            md(f"---\ntitle: !!timestamp hello\nx: !!bool maybe\ny: !!int abc\n---\n{BODY}"),
            expect="any",
        )
    )
    add(
        Case(
            "fm-python-object",
            md(f"---\ntitle: !!python/object/apply:os.system [echo PWNED]\n---\n{BODY}"),
            expect="any",
        )
    )
    add(
        Case(
            "fm-yaml-nesting-3000",
            md(f"---\nk: {'[' * 3000}{']' * 3000}\n---\n{BODY}"),
            expect="bad",
        )
    )
    add(
        Case(
            "fm-toml-nesting-3000",
            md(f"+++\nk = {'[' * 3000}{']' * 3000}\n+++\n{BODY}"),
            expect="bad",
        )
    )
    add(Case("fm-yaml-bomb-title", md(f"---\n{_bomb()}\n---\n{BODY}"), expect="bad", fast=True))
    add(
        Case(
            "fm-yaml-bomb-unused",
            md(f"---\n{_bomb(key='unused')}\ntitle: ok\n---\n{BODY}"),
            expect="bad",
        )
    )
    add(Case("fm-field-line-60k-spaces", md(f"---\nword{' ' * 60000}\n---\n{BODY}"), fast=True))
    add(
        Case(
            "utf8-double-bom",
            {"essay.md": b"\xef\xbb\xbf\xef\xbb\xbf---\nsecret: FRONTMATTER\n---\n" + _u(BODY)},
        )
    )
    add(
        Case(
            "utf16-le-bom",
            {"essay.md": "\ufeff# Titre\n\n".encode("utf-16-le") + BODY.encode("utf-16-le")},
        )
    )
    add(
        Case(
            "utf16-be-bom",
            {"essay.md": "\ufeff# Titre\n\n".encode("utf-16-be") + BODY.encode("utf-16-be")},
        )
    )
    add(Case("invalid-utf8", {"essay.md": b"Caf\xe9 \xff\xfe\xc3 " + _u(BODY)}))
    # -- sizes and shapes
    add(Case("heading-120k-spaces", md(f"# a{' ' * 120000}b\n\n{BODY}"), fast=True))
    add(Case("headings-100k", md("".join(f"# H{i}\n" for i in range(100000)) + BODY), tui=True))
    add(Case("headings-20k-text", md("".join(f"## H{i}\n\nText {i}.\n\n" for i in range(20000)))))
    add(
        Case(
            "headings-20k-marked",
            md("".join(f"## H{i} {{.argument}}\n\nText {i}.\n\n" for i in range(20000))),
        )
    )
    add(
        Case(
            "section-marks-20k",
            md("".join(f"<!-- section: argument T{i} -->\n\nText {i}.\n\n" for i in range(20000))),
        )
    )
    add(Case("line-1mb-md", md("word " * 200000 + "\n")))
    add(Case("line-1mb-txt", {"essay.txt": _u("mot " * 250000)}, target="essay.txt"))
    add(Case("word-200k", md("x" * 200000 + "\n\n" + BODY)))
    add(
        Case(
            "table-2000-columns",
            md(
                "|"
                + "|".join(f"c{i}" for i in range(2000))
                + "|\n|"
                + "|".join("-" * 2000)
                + "|\n|"
                + "|".join("v" for _ in range(2000))
                + "|\n"
            ),
        )
    )
    add(Case("list-5000-flat", md("".join(f"- item {i}\n" for i in range(5000))), fast=True))
    add(Case("olist-5000", md("".join(f"{i}. item\n" for i in range(1, 5001)))))
    add(
        Case(
            "list-nested-line-5000",
            md("- " * 5000 + "deep\n\nThis paragraph is kept.\n"),
            fast=True,
        )
    )
    add(
        Case(
            "list-nested-indent-1000",
            md(
                "".join("  " * i + f"- item {i}\n" for i in range(1000))
                + "\nLast paragraph kept.\n"
            ),
        )
    )
    add(Case("quote-nested-5000", md(">" * 5000 + " deep\n\nAfter the quote.\n")))
    add(
        Case(
            "shortcodes-30", md("{{% note %}}" * 30 + " and then some text.\n\n" + BODY), fast=True
        )
    )
    add(
        Case(
            "shortcodes-in-code",
            md("```\n" + "{{% note %}}" * 30 + " and then text.\n```\n\n" + BODY),
        )
    )
    add(Case("unclosed-tags-100k", md("{{ {% {{< {: " * 25000 + "\n\n" + BODY)))
    add(
        Case(
            "emphasis-pathological",
            md("*a " * 30000 + "\n\n" + "[" * 30000 + "\n\n" + "<" * 30000 + "\n"),
        )
    )
    add(Case("html-divs-100k", md("<div>" * 100000 + "x" + "</div>" * 100000 + "\n\n" + BODY)))
    add(
        Case(
            "svg-tweet-embed",
            md(
                BODY
                + '\n<blockquote class="twitter-tweet"><p>t</p>&mdash; X <a href="https://twitter.com/x/status/1">d</a></blockquote>\n'
                '<script async src="https://platform.twitter.com/widgets.js"></script>\n\n'
                "<svg>" + '<path d="M1 2 L3 4 Z"/>' * 5000 + "</svg>\n\n"
                '<iframe src="https://mastodon.social/@a/1/embed" class="mastodon-embed"></iframe>\n\n'
                '<iframe src="https://www.youtube.com/embed/abc"></iframe>\n'
            ),
            fast=True,
        )
    )
    add(
        Case(
            "static-site-syntax",
            md(
                "---\ntitle: SSG\n---\n{% include head.html %}\n\nText {{ site.name }} with ==mark== "
                "and a note[^1].{: .lead}\n\n{{< youtube abc123 >}}\n\n::: warning\nInside.\n:::\n\n"
                "Term\n: Definition.\n\n{% highlight python %}\nprint(1)\n\n{% endhighlight %}\n\n[^1]: Note.\n"
                + BODY
            ),
        )
    )
    add(
        Case(
            "zalgo-zwj-zero-width",
            md(
                "Z"
                + "\u0351" * 300
                + " 👨\u200d👩\u200d👧\u200d👦 a\u200bb\u200c\u2060 \ufeff "
                + "日本語" * 100
                + "\n\n"
                + BODY
            ),
        )
    )
    add(
        Case(
            "language-spanish",
            md(
                "La casa de mi padre es muy grande y tiene un jardín donde jugábamos cuando éramos niños, pero ahora está vacía.\n"
            ),
        )
    )
    add(Case("txt-title", {"essay.txt": _u("Mon titre\n\n" + BODY)}, target="essay.txt"))
    add(
        Case(
            "rst-basic",
            {
                "essay.rst": _u(
                    "=====\nTitle\n=====\n\nText with *em* and a `link <https://a.b>`_.\n\n"
                    ".. include:: /etc/passwd\n\n.. raw:: html\n\n   <b>PWNED</b>\n\n- a\n- b\n\n"
                    + BODY.replace("\n\n", "\n\n")
                )
            },
            target="essay.rst",
        )
    )
    add(
        Case(
            "rst-nesting",
            {"essay.rst": _u("".join("  " * i + "- x\n\n" for i in range(400)) + BODY)},
            target="essay.rst",
            expect="any",
        )
    )
    add(
        Case(
            "html-page",
            {
                "page.html": _u(
                    "<!doctype html><html><head><title>Page</title><script>x</script></head><body><nav>Menu</nav>"
                    "<article><h1>Page</h1>"
                    + "<p>"
                    + PARA * 2
                    + "</p>" * 3
                    + "</article><footer>f</footer></body></html>"
                )
            },
            target="page.html",
        )
    )
    add(
        Case(
            "html-script-only",
            {"page.html": _u("<html><body><script>alert(1)</script></body></html>")},
            target="page.html",
            expect="bad",
        )
    )
    # -- bad input: one line, exit 2
    add(Case("empty", md(""), expect="bad", tui=False))
    add(
        Case(
            "binary-png",
            {"essay.md": b"\x89PNG\r\n\x1a\n\x00\x00IHDR\x00"},
            expect="bad",
            tui=False,
        )
    )
    add(Case("symlink-loop", {"essay.md": _symlink_loop}, expect="bad", tui=False))
    add(Case("folder-5000", {"dir": _folder_5000}, target="dir", modes=()))
    add(
        Case(
            "tiny-terminals",
            {"dir/a.md": _u("# A\n\n" + BODY), "dir/b.md": _u("# B\n\n" + BODY)},
            target="dir",
            modes=(),
            sizes=((1, 1), (1, 5), (3, 3), (10, 3)),
        )
    )
    add(Case("tiny-terminal-essay", md(BODY * 5), modes=(), sizes=((1, 1), (2, 2), (10, 3))))
    add(
        Case(
            "random-keys",
            {
                "essay.md": (
                    Path(__file__).resolve().parents[2] / "essays" / "community-manager.md"
                ).read_bytes(),
                "essay.glossary.yaml": (
                    Path(__file__).resolve().parents[2]
                    / "essays"
                    / "community-manager.glossary.yaml"
                ).read_bytes(),
            },
            modes=(),
            sizes=(),
            scripts=("flood", "flood", "storm"),
        )
    )
    add(
        Case(
            "resize-storm-1mb", md("word " * 200000 + "\n"), modes=(), sizes=(), scripts=("storm",)
        )
    )
    add(
        Case(
            "print-width-huge",
            md(BODY),
            extra_args=("--width", "1000000000"),
            modes=("print",),
            tui=False,
        )
    )
    # -- glossary files (the glossary branch owns the engine)
    add(
        Case(
            "gl-alias-bomb",
            {"essay.md": _u(BODY), "essay.glossary.yaml": _u(_bomb(key="entries"))},
            expect="any",
            modes=("glossary",),
        )
    )
    add(
        Case(
            "gl-term-1mb",
            {"essay.md": _u(BODY), "essay.glossary.yaml": _glossary("a" * 1_000_000)},
            expect="any",
            modes=("glossary",),
        )
    )
    add(
        Case(
            "gl-nesting-3000",
            {
                "essay.md": _u(BODY),
                "essay.glossary.yaml": _u("version: 1\nentries: " + "[" * 3000 + "]" * 3000 + "\n"),
            },
            expect="any",
            modes=("glossary",),
        )
    )

    # Glossary text with every payload, as YAML escapes (PyYAML refuses raw controls).
    def q(text: str) -> str:
        return json.dumps(text)

    add(
        Case(
            "gl-escapes",
            {
                "essay.md": _u(BODY),
                "essay.glossary.yaml": _u(
                    "version: 1\nentries:\n  - id: icq\n"
                    f"    term: {q('ICQ ' + ALL_PAYLOADS)}\n    match: [ICQ]\n    kind: software\n"
                    f"    years: {q('1996' + chr(13) + chr(0x85) + '-' + chr(0x1C) + '2024')}\n"
                    f"    definition: {{fr: {q('déf ' + ALL_PAYLOADS)}, en: {q('def ' + ALL_PAYLOADS)}}}\n"
                    f"    note: {{fr: {q('note ' + ALL_PAYLOADS)}, en: note}}\n"
                    f"    sources: [{q('https://x.y/' + ALL_PAYLOADS)}]\n"
                ),
            },
            expect="any",
        )
    )
    return out
