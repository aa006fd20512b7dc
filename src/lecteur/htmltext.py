"""Raw HTML as the text a browser would show: the standard library's HTML parser, no markup.

Essays carry raw HTML: a ``<div>`` around a figure, an ``<abbr>``, a tweet or toot pasted
from its "embed" button (which brings a script and, for some, kilobytes of SVG). The
reader shows the text as the author meant it:

- entities decoded; ``<script>``, ``<style>``, ``<svg>``, ``<template>``… dropped whole;
- an embed (tweet, toot, Instagram post, video ``<iframe>``) becomes one line naming it
  and its link;
- ``<img alt>`` becomes ``[alt]``, ``<br>`` a line break, block elements new lines;
- ``<a href>`` a link; ``<em>``, ``<strong>``, ``<code>``, ``<del>``, ``<mark>`` their text
  with its style; ``<ins>``, ``<abbr>`` and the rest their text.

:class:`html.parser.HTMLParser` is iterative and linear (no recursion on nesting), so no
HTML can exhaust the stack. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["HtmlRun", "InlineHtml", "html_lines", "safe_href"]

DROP = frozenset(
    {
        "script",
        "style",
        "svg",
        "math",
        "template",
        "noscript",
        "head",
        "title",
        "object",
        "canvas",
        "select",
        "button",
        "textarea",
        "map",
        "frameset",
    }
)
"""Elements whose content is never text for a reader."""

VOID = frozenset(
    {
        "br",
        "img",
        "hr",
        "input",
        "meta",
        "link",
        "source",
        "wbr",
        "area",
        "col",
        "embed",
        "param",
        "track",
        "base",
        "keygen",
    }
)

BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "main",
        "nav",
        "figure",
        "figcaption",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "hr",
        "address",
        "details",
        "summary",
        "fieldset",
        "form",
        "center",
        "body",
        "html",
        "caption",
        "hgroup",
        "picture",
        "video",
        "audio",
        "iframe",
    }
)

STYLES = {
    "em": "em",
    "i": "em",
    "cite": "em",
    "var": "em",
    "dfn": "em",
    "strong": "strong",
    "b": "strong",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "del": "strike",
    "s": "strike",
    "strike": "strike",
    "mark": "mark",
    "h1": "strong",
    "h2": "strong",
    "h3": "strong",
    "h4": "strong",
    "h5": "strong",
    "h6": "strong",
}
"""Inline styles, as the layout's tags."""

EMBED_CLASSES = (
    ("twitter-tweet", "Embedded tweet"),
    ("twitter-video", "Embedded tweet"),
    ("mastodon-embed", "Embedded toot"),
    ("instagram-media", "Embedded Instagram post"),
    ("tiktok-embed", "Embedded TikTok video"),
    ("bluesky-embed", "Embedded Bluesky post"),
    ("threads-post", "Embedded Threads post"),
    ("reddit-embed", "Embedded Reddit post"),
    ("fb-post", "Embedded Facebook post"),
    ("imgur-embed", "Embedded Imgur post"),
)
"""Class names of pasted embeds and what they are called."""

VIDEO_HOSTS = (
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "peertube",
    "twitch.tv",
)


def safe_href(href: str) -> str | None:
    """A link target fit to show and follow: printable, no control character, or None.

    Characters outside printable ASCII are percent-encoded, so a target can never carry
    an escape sequence into a terminal hyperlink.
    """
    href = href.strip()
    if not href or len(href) > 2000:
        return None
    out = []
    for ch in href:
        code = ord(ch)
        if 0x21 <= code < 0x7F:
            out.append(ch)
        elif ch == " ":
            out.append("%20")
        elif code < 0x20 or 0x7F <= code < 0xA0:
            return None
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    result = "".join(out)
    scheme = result.split(":", 1)[0].lower() if ":" in result.split("/", 1)[0] else ""
    if scheme and scheme not in ("http", "https", "mailto", "ftp", "gemini", "gopher"):
        return None  # javascript:, data:, file: … are not followed
    return result


def _embed_name(tag: str, attrs: dict[str, str]) -> str | None:
    classes = attrs.get("class", "").lower()
    for cls, name in EMBED_CLASSES:
        if cls in classes:
            return name
    if tag == "iframe":
        src = attrs.get("src", "").lower()
        if any(host in src for host in VIDEO_HOSTS):
            return "Embedded video"
        if "/embed" in src and ("@" in src or "mastodon" in src):
            return "Embedded toot"
        return "Embedded content"
    if tag in ("video", "audio", "embed", "object"):
        return "Embedded video" if tag != "audio" else "Embedded audio"
    return None


def _embed_link(tag: str, attrs: dict[str, str]) -> str:
    url = attrs.get("data-embed-url") or attrs.get("cite") or attrs.get("data-instgrm-permalink")
    if not url and tag in ("iframe", "video", "audio", "embed"):
        url = attrs.get("src") or attrs.get("data-src") or ""
    if url and url.endswith("/embed"):
        url = url[: -len("/embed")]
    return url or ""


@dataclass
class HtmlRun:
    """Text with its styles and link, as the layout's tags."""

    text: str
    style: tuple[str, ...] = ()
    href: str | None = None


@dataclass
class _Embed:
    tag: str
    name: str
    depth: int
    link: str
    hrefs: list[str] = field(default_factory=list)


class _Converter(HTMLParser):
    """Collects lines of runs: each line a list of :class:`HtmlRun`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[HtmlRun]] = [[]]
        self.pre_lines: set[int] = set()
        self.drop = 0  # depth inside dropped elements
        self.drop_stack: list[str] = []
        self.styles: list[tuple[str, str]] = []  # (tag, style)
        self.links: list[str | None] = []
        self.embed: _Embed | None = None
        self.depth = 0
        self.pre = 0

    # -- lines

    def _newline(self) -> None:
        if self.lines[-1]:
            self.lines.append([])

    def _add(self, text: str, extra: tuple[str, ...] = (), href: str | None = None) -> None:
        if not text:
            return
        style = tuple(dict.fromkeys(s for _, s in self.styles)) + extra
        link = href if href is not None else next((h for h in reversed(self.links) if h), None)
        if link is not None:
            style = (*style, "link")
        self.lines[-1].append(HtmlRun(text, style, link))
        if self.pre:
            self.pre_lines.add(len(self.lines) - 1)

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): v or "" for k, v in attrs}
        if self.drop:
            if tag not in VOID:
                self.drop += 1
            return
        if self.embed is not None:
            if tag == "a" and attributes.get("href"):
                self.embed.hrefs.append(attributes["href"])
            if tag not in VOID:
                self.embed.depth += 1
            return
        name = _embed_name(tag, attributes)
        if name is not None:
            self._newline()
            embed = _Embed(tag, name, 1, _embed_link(tag, attributes))
            if tag in VOID:
                self._end_embed(embed)
            else:
                self.embed = embed
            return
        if tag in DROP:
            self.drop = 1
            return
        if tag == "br":
            self.lines.append([])
            return
        if tag == "img":
            alt = " ".join(attributes.get("alt", "").split())
            if alt:
                self._add(f"[{alt}]", ("image",), safe_href(attributes.get("src", "")) or None)
            return
        if tag == "hr":
            self._newline()
            self._add("⁂")
            self._newline()
            return
        if tag in BLOCK:
            self._newline()
            if tag == "li":
                self._add("• ", ("bullet",))
            elif tag == "pre":
                self.pre += 1
        if tag == "a":
            self.links.append(safe_href(attributes.get("href", "")))
        if tag in STYLES:
            self.styles.append((tag, STYLES[tag]))
        if tag in ("td", "th") and self.lines[-1]:
            self._add(" │ ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.drop:
            if tag not in VOID:
                self.drop -= 1
            return
        if self.embed is not None:
            self.embed.depth -= 1
            if self.embed.depth <= 0:
                embed, self.embed = self.embed, None
                self._end_embed(embed)
            return
        if tag == "a" and self.links:
            self.links.pop()
        if tag in STYLES:
            for i in range(len(self.styles) - 1, -1, -1):
                if self.styles[i][0] == tag:
                    del self.styles[i]
                    break
        if tag in BLOCK:
            if tag == "pre" and self.pre:
                self.pre -= 1
            self._newline()

    def _end_embed(self, embed: _Embed) -> None:
        link = embed.link or (embed.hrefs[-1] if embed.hrefs else "")
        href = safe_href(link) if link else None
        self._newline()
        if href:
            self._add(f"[{embed.name}: {href}]", (), href)
        else:
            self._add(f"[{embed.name}]")
        self._newline()

    def handle_data(self, data: str) -> None:
        if self.drop or self.embed is not None or not data:
            return
        if self.pre:
            first = True
            for part in data.split("\n"):
                if not first:
                    self.lines.append([])
                first = False
                self._add(part)
            return
        text = " ".join(data.split())
        if not text:
            if self.lines[-1] and data:
                self._add(" ")
            return
        if data[0].isspace() and self.lines[-1]:
            text = " " + text
        if data[-1].isspace():
            text += " "
        self._add(text)

    def close(self) -> None:
        super().close()
        if self.embed is not None:  # an unclosed embed still names itself
            embed, self.embed = self.embed, None
            self._end_embed(embed)


@dataclass
class HtmlLine:
    runs: list[HtmlRun]
    pre: bool = False


def html_lines(source: str) -> list[HtmlLine]:
    """The text of an HTML fragment, as lines of styled runs (blank lines dropped)."""
    converter = _Converter()
    converter.feed(source)
    converter.close()
    out: list[HtmlLine] = []
    for i, runs in enumerate(converter.lines):
        pre = i in converter.pre_lines
        if not pre:
            runs = _trim(runs)
        if runs and any(r.text.strip() for r in runs):
            out.append(HtmlLine(runs, pre))
    return out


def _trim(runs: list[HtmlRun]) -> list[HtmlRun]:
    """Leading and trailing spaces off a line; runs of spaces between runs collapsed."""
    out: list[HtmlRun] = []
    for run in runs:
        text = run.text
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not out:
            text = text.lstrip()
        if text:
            out.append(HtmlRun(text, run.style, run.href))
    if out:
        last = out[-1]
        out[-1] = HtmlRun(last.text.rstrip(), last.style, last.href)
        if not out[-1].text:
            out.pop()
    return out


class InlineHtml:
    """Inline HTML tags met one at a time inside a Markdown paragraph (``a <b>x</b> c``).

    Markdown-it gives each tag as its own token and the text between as text tokens;
    this keeps the state between them: the styles and link open, and whether the text
    is inside a dropped element (an inline ``<script>`` or ``<svg>``).
    """

    def __init__(self) -> None:
        self.styles: list[tuple[str, str]] = []
        self.links: list[str | None] = []
        self.drop: list[str] = []

    @property
    def dropping(self) -> bool:
        return bool(self.drop)

    @property
    def style(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for _, s in self.styles))

    @property
    def href(self) -> str | None:
        return next((h for h in reversed(self.links) if h), None)

    def tag(self, source: str) -> HtmlRun | None:
        """Take one inline tag; return what it shows by itself (``<br>``, ``<img>``), if any."""
        parsed = _parse_tag(source)
        if parsed is None:
            return None
        closing, tag, attrs = parsed
        if self.drop:
            if closing and tag == self.drop[-1]:
                self.drop.pop()
            elif not closing and tag in DROP | {"iframe"} and not source.rstrip().endswith("/>"):
                self.drop.append(tag)
            return None
        if closing:
            if tag == "a" and self.links:
                self.links.pop()
            for i in range(len(self.styles) - 1, -1, -1):
                if self.styles[i][0] == tag:
                    del self.styles[i]
                    break
            return None
        if tag in DROP or tag == "iframe":
            name = _embed_name(tag, attrs)
            if not source.rstrip().endswith("/>"):
                self.drop.append(tag)
            if name is not None:
                link = safe_href(_embed_link(tag, attrs))
                return HtmlRun(f"[{name}: {link}]" if link else f"[{name}]", (), link)
            return None
        if tag == "br":
            return HtmlRun("\n")
        if tag == "img":
            alt = " ".join(attrs.get("alt", "").split())
            return HtmlRun(f"[{alt}]", ("image",), safe_href(attrs.get("src", ""))) if alt else None
        if tag == "a":
            self.links.append(safe_href(attrs.get("href", "")))
        elif tag in STYLES:
            self.styles.append((tag, STYLES[tag]))
        return None


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[bool, str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is None:
            self.found = (False, tag, {k.lower(): v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        if self.found is None:
            self.found = (True, tag, {})


def _parse_tag(source: str) -> tuple[bool, str, dict[str, str]] | None:
    """``(closing, tag, attributes)`` of one tag (None for a comment or a declaration)."""
    reader = _TagReader()
    reader.feed(source)
    reader.close()
    return reader.found
