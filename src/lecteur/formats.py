"""Essays that are not Markdown: reStructuredText and saved web pages.

- ``.rst``: docutils parses it into a document tree, walked here into lecteur's blocks
  (sections become headings, lists, quotes, code and tables become paragraphs). Its
  ``include``, ``raw`` and file-reading directives are switched off: an essay cannot make
  lecteur read another file.
- ``.html`` / ``.htm``: a saved web page holds menus, footers, comments and scripts
  around the essay; trafilatura finds the main content (the best-scoring open-source
  extractor in published comparisons, and maintained) and gives it as Markdown, which
  lecteur then parses like any essay. Embeds are named first (trafilatura would flatten
  a tweet into loose text). When it finds nothing, the whole page's text is read.

Both libraries are imported here only, when such a file is opened: a Markdown essay
never pays for them. No Textual.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lecteur.essay import EssayError, Heading, Piece, Rule, _InlineBuilder, _Parser, footnote_sign

if TYPE_CHECKING:
    from docutils import nodes

__all__ = ["HTML_SUFFIXES", "RST_SUFFIXES", "looks_like_html", "parse_rst", "web_page_markdown"]

RST_SUFFIXES = frozenset({".rst", ".rest"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def looks_like_html(text: str) -> bool:
    """A whole web page (for standard input, which has no file name)."""
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:5000].lower()


# --------------------------------------------------------------------------- rst


def parse_rst(body: str, path: Path) -> tuple[_Parser, dict[str, Any]]:
    """reStructuredText into blocks and paragraphs, and its docinfo (title, author, date)."""
    try:
        from docutils.core import publish_doctree
    except ImportError:  # pragma: no cover - docutils is a dependency
        raise EssayError(path, "reading .rst needs docutils (pip install docutils)") from None
    settings = {
        "file_insertion_enabled": False,  # no `include`, `csv-table :file:`, `raw :file:`
        "raw_enabled": False,
        "report_level": 5,
        "halt_level": 5,
        "warning_stream": io.StringIO(),
        "_disable_config": True,
        "syntax_highlight": "none",
        "input_encoding": "unicode",
        "doctitle_xform": True,
        "docinfo_xform": True,
    }
    try:
        tree = publish_doctree(body, source_path=str(path), settings_overrides=settings)
    except RecursionError:
        raise EssayError(path, "reStructuredText nested too deeply") from None
    except Exception as error:  # docutils raises its own errors for broken markup
        raise EssayError(path, f"bad reStructuredText: {type(error).__name__}") from None
    walker = _RstWalker()
    meta: dict[str, Any] = {}
    try:
        walker.document(tree, meta)
    except RecursionError:
        raise EssayError(path, "reStructuredText nested too deeply") from None
    return walker.parser, meta


class _RstWalker:
    """Walks a docutils tree into an :class:`lecteur.essay._Parser`'s blocks."""

    def __init__(self) -> None:
        self.parser = _Parser([], 0)

    def document(self, tree: nodes.document, meta: dict[str, Any]) -> None:
        from docutils import nodes

        title = tree.get("title") or ""
        for child in tree.children:
            if isinstance(child, nodes.title):
                title = child.astext()
            elif isinstance(child, nodes.docinfo):
                for field in child.children:
                    name = field.tagname
                    if name == "field" and len(field.children) == 2:
                        meta[field.children[0].astext().lower()] = field.children[1].astext()
                    else:
                        meta[name] = field.astext()
            elif isinstance(child, nodes.subtitle):
                meta.setdefault("subtitle", child.astext())
            else:
                self.block(child, 1)
        if title:
            meta.setdefault("title", title)

    def block(self, node: nodes.Node, level: int) -> None:
        from docutils import nodes

        line = (getattr(node, "line", None) or 1) - 1
        parser = self.parser
        pieces: list[Piece] = []
        if isinstance(
            node,
            (
                nodes.comment,
                nodes.system_message,
                nodes.raw,
                nodes.substitution_definition,
                nodes.target,
                nodes.pending,
            ),
        ):
            return
        if isinstance(node, nodes.section):
            for child in node.children:
                if isinstance(child, nodes.title):
                    builder = _InlineBuilder()
                    self.inline(child, builder, ())
                    parser.blocks.append(
                        Heading(
                            min(level + 1, 6), builder.text.strip(), (), line, parser.next_index
                        )
                    )
                else:
                    self.block(child, level + 1)
            return
        if isinstance(node, nodes.transition):
            parser.blocks.append(Rule(line, parser.next_index))
            return
        if isinstance(node, nodes.paragraph):
            builder = _InlineBuilder()
            self.inline(node, builder, ())
            parser._add_paragraph("text", builder, [Piece(0, builder.length)], line)
            return
        if isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            builder = _InlineBuilder()
            content = node.astext()
            builder.add(content, ("code",))
            start = 0
            for text_line in content.split("\n"):
                pieces.append(Piece(start, start + len(text_line), pre=True))
                start += len(text_line) + 1
            parser._add_paragraph("code", builder, pieces, line)
            return
        if isinstance(
            node,
            (
                nodes.bullet_list,
                nodes.enumerated_list,
                nodes.definition_list,
                nodes.field_list,
                nodes.option_list,
                nodes.footnote,
                nodes.citation,
                nodes.line_block,
            ),
        ):
            builder = _InlineBuilder()
            self.items(node, builder, pieces, 0, 0)
            parser._add_paragraph("list", builder, pieces, line)
            return
        if isinstance(node, (nodes.block_quote, nodes.Admonition, nodes.sidebar, nodes.topic)):
            builder = _InlineBuilder()
            pieces.clear()
            if isinstance(node, nodes.Admonition) and not isinstance(node, nodes.admonition):
                builder.add(node.tagname.capitalize(), ("strong",))
                pieces.append(Piece(0, builder.length, quote=1))
            self.items(node, builder, pieces, 0, 1)
            parser._add_paragraph("quote", builder, pieces, line)
            return
        if isinstance(node, nodes.table):
            builder = _InlineBuilder()
            for row in node.findall(nodes.row):
                start = builder.length + (1 if builder.length else 0)
                if builder.length:
                    builder.add("\n")
                builder.add(" │ ".join(" ".join(entry.astext().split()) for entry in row.children))
                pieces.append(Piece(start, builder.length))
            parser._add_paragraph("table", builder, pieces, line)
            return
        if isinstance(node, nodes.image):
            builder = _InlineBuilder()
            builder.add(f"[{node.get('alt') or 'image'}]", ("image",))
            parser._add_paragraph("text", builder, [Piece(0, builder.length)], line)
            return
        if isinstance(node, nodes.Element):
            for child in node.children:
                self.block(child, level)

    def items(
        self,
        node: nodes.Node,
        builder: _InlineBuilder,
        pieces: list[Piece],
        indent: int,
        quote: int,
    ) -> None:
        """Every paragraph-like leaf under ``node`` as one piece, bulleted by its list."""
        from docutils import nodes

        stack: list[tuple[nodes.Node, int, str]] = [(node, indent, "")]
        while stack:
            current, depth, bullet = stack.pop()
            if isinstance(
                current,
                (
                    nodes.paragraph,
                    nodes.term,
                    nodes.field_name,
                    nodes.line,
                    nodes.title,
                    nodes.literal_block,
                    nodes.label,
                    nodes.option_string,
                ),
            ):
                if builder.length:
                    builder.add("\n")
                start = builder.length
                if isinstance(current, nodes.literal_block):
                    builder.add(current.astext(), ("code",))
                else:
                    style = ("strong",) if isinstance(current, (nodes.term, nodes.title)) else ()
                    self.inline(current, builder, style)
                pre = isinstance(current, nodes.literal_block)
                pieces.append(Piece(start, builder.length, depth, bullet, quote, pre))
                continue
            if not isinstance(current, nodes.Element) or isinstance(
                current, (nodes.comment, nodes.system_message, nodes.target, nodes.raw)
            ):
                continue
            children = list(current.children)
            if isinstance(current, (nodes.footnote, nodes.citation)):
                # "[1] The note": the label becomes the note's sign, as in Markdown.
                labels = [c for c in children if isinstance(c, nodes.label)]
                body = [c for c in children if not isinstance(c, nodes.label)]
                sign = footnote_sign(labels[0].astext()) if labels else bullet
                for j, child in reversed(list(enumerate(body))):
                    stack.append((child, depth, sign if j == 0 else ""))
                continue
            for i in range(len(children) - 1, -1, -1):
                child = children[i]
                child_bullet = ""
                child_depth = depth
                if isinstance(child, nodes.list_item):
                    if isinstance(current, nodes.enumerated_list):
                        child_bullet = f"{i + int(current.get('start', 1) or 1)}."
                    else:
                        child_bullet = "•"
                    child_depth = depth + (2 if depth or bullet else 0)
                elif isinstance(child, (nodes.definition, nodes.field_body)):
                    child_depth = depth + 2
                if isinstance(child, nodes.list_item) and child.children:
                    first, *rest = child.children
                    for grandchild in reversed(rest):
                        stack.append((grandchild, child_depth + 2, ""))
                    stack.append((first, child_depth, child_bullet))
                else:
                    stack.append((child, child_depth, bullet if i == 0 else ""))

    def inline(self, node: nodes.Node, builder: _InlineBuilder, style: tuple[str, ...]) -> None:
        """Inline text with its styles; iterative, so nesting cannot exhaust the stack."""
        from docutils import nodes

        styles = {
            nodes.emphasis: "em",
            nodes.strong: "strong",
            nodes.literal: "code",
            nodes.title_reference: "em",
            nodes.subscript: "",
            nodes.superscript: "",
        }
        stack: list[tuple[nodes.Node, tuple[str, ...], str | None]] = [(node, style, None)]
        while stack:
            current, current_style, href = stack.pop()
            if isinstance(current, nodes.Text):
                builder.add_text(str(current).replace("\n", " "), current_style, href)
                continue
            if isinstance(
                current,
                (nodes.system_message, nodes.problematic, nodes.target, nodes.raw, nodes.comment),
            ):
                continue
            if isinstance(current, nodes.footnote_reference):
                builder.add(footnote_sign(current.astext()), ("footnote",))
                continue
            if isinstance(current, nodes.image):
                builder.add(f"[{current.get('alt') or 'image'}]", ("image",))
                continue
            child_style = current_style
            child_href = href
            for kind, tag in styles.items():
                if isinstance(current, kind) and tag:
                    child_style = (*current_style, tag)
            if isinstance(current, nodes.reference):
                from lecteur.htmltext import safe_href

                child_href = safe_href(str(current.get("refuri") or "")) or href
                if child_href:
                    child_style = (*child_style, "link")
            if isinstance(current, nodes.Element):
                for child in reversed(current.children):
                    stack.append((child, child_style, child_href))


# --------------------------------------------------------------------------- web pages


def web_page_markdown(html: str, path: Path) -> tuple[str, dict[str, Any]]:
    """A saved web page's main content as Markdown, and its title, author and date."""
    try:
        import lxml.html
        import trafilatura
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        raise EssayError(
            path, "reading web pages needs trafilatura (pip install trafilatura)"
        ) from None
    meta: dict[str, Any] = {}
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:
        raise EssayError(path, "not a readable web page") from None
    _name_embeds(tree)
    try:
        # Not the extensive date search: it guesses a day from a copyright line
        # ("© 2010" became "1 January 2010"); a date the page states is kept.
        found = trafilatura.extract_metadata(tree, extensive=False)
        if found is not None:
            for key in ("title", "author", "date", "sitename"):
                value = getattr(found, key, None)
                if value:
                    meta[key] = str(value)
    except Exception:
        pass  # metadata is a nicety: the text matters
    markdown: str | None = None
    try:
        markdown = trafilatura.extract(
            tree,
            output_format="markdown",
            include_links=True,
            include_formatting=True,
            include_tables=True,
            include_images=False,
            include_comments=False,
            favor_recall=True,
        )
    except RecursionError:
        markdown = None
    except Exception:
        markdown = None
    if not markdown or not markdown.strip():
        from lecteur.htmltext import html_lines

        lines = html_lines(html)
        markdown = "\n\n".join(_escape("".join(run.text for run in line.runs)) for line in lines)
    return markdown, meta


def _escape(text: str) -> str:
    """Plain text as Markdown that reads back as the same text."""
    import re

    out = "".join("\\" + ch if ch in "\\`*_[]<>#|{}~=!" else ch for ch in text)
    if out[:1] in ("-", "+"):
        out = "\\" + out
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", out)


def _name_embeds(tree: Any) -> None:
    """Replace each embed (tweet, toot, video frame) by a paragraph naming it and its link,
    and drop what is never text (scripts, styles, SVG), before extraction."""
    from lecteur.htmltext import DROP, _embed_link, _embed_name, safe_href

    for element in list(tree.iter()):
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or element.getparent() is None:
            continue
        attrs = {str(k).lower(): str(v) for k, v in element.attrib.items()}
        name = _embed_name(tag.lower(), attrs)
        if name is not None and tag.lower() in ("blockquote", "iframe", "div", "video", "audio"):
            link = _embed_link(tag.lower(), attrs)
            if not link:
                anchors = [a.get("href") for a in element.iter("a") if a.get("href")]
                link = anchors[-1] if anchors else ""
            href = safe_href(link) if link else None
            import lxml.html

            replacement = lxml.html.Element("p")
            if href:
                anchor = lxml.html.Element("a", href=href)
                anchor.text = f"[{name}: {href}]"
                replacement.append(anchor)
            else:
                replacement.text = f"[{name}]"
            replacement.tail = element.tail
            element.getparent().replace(element, replacement)
        elif tag.lower() in DROP and tag.lower() not in ("title", "head"):
            parent = element.getparent()
            if element.tail and parent is not None:
                previous = element.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + element.tail
                else:
                    parent.text = (parent.text or "") + element.tail
            parent.remove(element)
