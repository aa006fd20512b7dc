"""Static-site syntax that is not the author's text: template tags, shortcodes, attributes.

Hugo, Jekyll, Eleventy and Pelican posts carry Liquid / Jinja / Nunjucks tags
(``{% … %}``, ``{{ … }}``), Hugo shortcodes (``{{< … >}}``, ``{{% … %}}``) and kramdown or
Pandoc attribute lists (``{: .note}``, ``{#id .class}``). A site generator replaces them;
a reader shows what they stand for: an embed becomes one line naming it and its link, a
figure its caption, everything else nothing.

Every scan here is linear in the text: tags are found with ``str.find``, never with a
regular expression that backtracks over the text between them (a nested lazy pattern
made 30 shortcodes take minutes). No Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["EMBEDS", "Segment", "has_template_syntax", "strip_templates", "template_fences"]

Segment = tuple[str, str | None]
"""A run of text and the link it points to (None: plain text)."""

_OPENERS = ("{{<", "{{%", "{{", "{%", "{#")
_CLOSERS = {
    "{{<": (">}}", "%}}"),
    "{{%": ("%}}", ">}}"),
    "{{": ("}}",),
    "{%": ("%}",),
    "{#": ("#}",),
}
MAX_TAG = 4000
"""A tag longer than this is not a tag: its text is kept as written."""

_ATTRIBUTES = re.compile(
    r"\{:[^{}\n]{0,200}\}"  # kramdown: {: .class}, {:toc}
    r"|\{[ \t]*[#.][\w-]+(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]{0,200}\"|'[^'\n]{0,200}'|"
    r"[^\s}\"']{1,200})))*[ \t]*\}"  # Pandoc / markdown-it-attrs: {#id .class key=value}
)

_ARG = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|'([^']*)'|(\S+)""")

EMBEDS: dict[str, tuple[str, str]] = {
    "youtube": ("Embedded video", "https://www.youtube.com/watch?v={}"),
    "vimeo": ("Embedded video", "https://vimeo.com/{}"),
    "tweet": ("Embedded tweet", "https://twitter.com/i/status/{}"),
    "twitter": ("Embedded tweet", "https://twitter.com/i/status/{}"),
    "x": ("Embedded post", "https://x.com/i/status/{}"),
    "instagram": ("Embedded Instagram post", "https://www.instagram.com/p/{}/"),
    "gist": ("Embedded gist", "https://gist.github.com/{}"),
    "mastodon": ("Embedded toot", "{}"),
    "toot": ("Embedded toot", "{}"),
}
"""Shortcode names that embed a post or a video: the line shown and its link."""


def has_template_syntax(text: str) -> bool:
    """Cheap test: could ``text`` hold a tag or an attribute list?"""
    return "{" in text and (
        "{{" in text or "{%" in text or "{#" in text or "{:" in text or "{." in text
    )


def _find_opener(text: str, start: int) -> tuple[int, str]:
    """The next ``{{``/``{%``/``{#`` at or after ``start`` and which opener it is."""
    pos = text.find("{", start)
    while pos >= 0:
        for opener in _OPENERS:
            if text.startswith(opener, pos):
                return pos, opener
        pos = text.find("{", pos + 1)
    return -1, ""


def _replacement(opener: str, inner: str) -> list[Segment]:
    """What a tag stands for in the text: an embed's line, a figure's caption, or nothing."""
    if opener not in ("{{<", "{{%", "{%"):
        return []
    words = inner.strip()
    if not words or words.startswith("/"):
        return []
    name, _, rest = words.partition(" ")
    name = name.lower()
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in _ARG.finditer(rest):
        if m.group(1):
            named[m.group(1).lower()] = m.group(2) or m.group(3) or m.group(4) or ""
        else:
            positional.append(m.group(5) or m.group(6) or m.group(7) or "")
    if name in EMBEDS:
        label, template = EMBEDS[name]
        ident = named.get("id") or named.get("url") or (positional[-1] if positional else "")
        if name == "gist" and len(positional) >= 2:
            ident = f"{positional[0]}/{positional[1]}"
        if not ident:
            return []
        url = ident if ident.startswith(("http://", "https://")) else template.format(ident)
        return [(f"[{label}: {url}]", url)]
    if name in ("figure", "img", "image"):
        caption = named.get("caption") or named.get("alt") or named.get("title") or ""
        if caption:
            return [(f"[{caption}]", None)]
    return []


def _tags(text: str) -> Iterator[tuple[int, int, list[Segment]]]:
    """``(start, end, replacement)`` of every complete tag, left to right.

    Linear: the next place of each closer is remembered, so a text with thousands of
    openers and no closer is scanned once, not once per opener.
    """
    known: dict[str, int] = {}  # closer -> its next position at or after the last search

    def find(closer: str, at: int) -> int:
        found = known.get(closer)
        if found is None or (found != -1 and found < at):
            found = text.find(closer, at)
            known[closer] = found
        return found

    pos = 0
    while True:
        start, opener = _find_opener(text, pos)
        if start < 0:
            return
        body = start + len(opener)
        ends = [(e, closer) for closer in _CLOSERS[opener] if (e := find(closer, body)) >= 0]
        if not ends or min(ends)[0] - start > MAX_TAG:
            pos = body
            continue
        end, closer = min(ends)
        yield start, end + len(closer), _replacement(opener, text[body:end])
        pos = end + len(closer)


def strip_templates(text: str) -> list[Segment]:
    """``text`` with its template tags and attribute lists replaced by what they stand for.

    Returns segments: plain text, and links for embeds. A tag removed from between two
    words leaves one space, so "a{{ x }}b" does not become "ab".
    """
    if not has_template_syntax(text):
        return [(text, None)]
    out: list[Segment] = []
    pos = 0
    for start, end, replacement in _tags(text):
        before = text[pos:start]
        if not replacement:
            # A removed tag leaves no double space, nor one at either end of the text.
            if end >= len(text) or text[end].isspace():
                before = before.rstrip() if end >= len(text) or not before else before
                while (
                    end < len(text)
                    and text[end].isspace()
                    and ((not out and not before.strip()) or before.endswith((" ", "\t")))
                ):
                    end += 1
            elif before and not before[-1].isspace():
                before += " "
        if before:
            out.extend(_strip_attributes(before))
        out.extend(replacement)
        pos = end
    if pos < len(text):
        out.extend(_strip_attributes(text[pos:]))
    return [(t, href) for t, href in out if t]


def _strip_attributes(text: str) -> list[Segment]:
    if "{" not in text:
        return [(text, None)]
    return [(_ATTRIBUTES.sub("", text), None)]


_FENCE_TAG = re.compile(
    r"^[ \t]*(?:\{%-?\s*(highlight|endhighlight|raw|endraw|codeblock|endcodeblock)\b[^%\n]{0,200}%\}"
    r"|\{\{<\s*(/?)\s*(highlight|code)\b[^>\n]{0,200}>\}\})[ \t]*$"
)


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line, and whether it is code: inside fenced code (```` ``` ```` or ``~~~``) or
    one of the fence lines themselves. Lazy: a caller may rewrite the line it was given."""
    fence: str | None = None
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            yield line, True
        else:
            yield line, fence is not None


def outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """The lines outside fenced code, with their numbers (see :func:`fenced`)."""
    for i, (line, code) in enumerate(fenced(lines)):
        if not code:
            yield i, line


def template_fences(lines: list[str]) -> None:
    """Turn block template tags that wrap code into Markdown fences, in place.

    ``{% highlight python %}`` … ``{% endhighlight %}`` (Jekyll) and
    ``{{< highlight go >}}`` … ``{{< /highlight >}}`` (Hugo) become fenced code;
    ``{% raw %}`` lines vanish. Lines keep their count, so source line numbers hold.
    Lines inside an existing fence are left alone.
    """
    for i, line in outside_fences(lines):
        if "{" not in line:
            continue
        m = _FENCE_TAG.match(line)
        if not m:
            continue
        liquid, closing, hugo = m.group(1), m.group(2), m.group(3)
        if liquid in ("raw", "endraw"):
            lines[i] = ""
        elif liquid in ("endhighlight", "endcodeblock") or (hugo and closing):
            lines[i] = "```"
        else:
            words = line.strip().strip("{}%<> -").split()
            language = words[1] if len(words) > 1 and "=" not in words[1] else ""
            lines[i] = "```" + re.sub(r"[^\w+#.-]", "", language)
