"""Saved web pages: time to the essay's text with trafilatura, against lecteur's own
whole-page HTML-to-text (no main-content detection), on pages of growing size.

``.venv/bin/python benchmarks/bench_html.py`` prints one line per page size: the median of
five runs of each, and what share of the boilerplate (menus, footers, comments) each kept.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from lecteur.formats import web_page_markdown
from lecteur.htmltext import html_lines

PARA = "Il fut une époque où le web tenait dans un carnet d'adresses, et je m'en souviens. "
NOISE = "Accueil · Archives · Contact · Mentions légales · Partager sur les réseaux"


def page(paragraphs: int) -> str:
    body = "".join(f"<p>{PARA * 3}</p>\n" for _ in range(paragraphs))
    comments = "".join(f"<li class='comment'>{NOISE}</li>" for _ in range(paragraphs // 4 + 1))
    return (
        "<!doctype html><html><head><title>Essai</title><script>var x = 1;</script></head>"
        f"<body><nav>{NOISE}</nav><article><h1>Essai</h1>{body}</article>"
        f"<aside><ul>{comments}</ul></aside><footer>{NOISE}</footer></body></html>"
    )


def median(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print("| page | trafilatura | boilerplate kept | whole-page text | boilerplate kept |")
    print("|---|---|---|---|---|")
    for paragraphs in (10, 100, 1000):
        html = page(paragraphs)
        extracted, _ = web_page_markdown(html, Path("page.html"))
        whole = "\n".join("".join(r.text for r in line.runs) for line in html_lines(html))
        t_extract = median(lambda html=html: web_page_markdown(html, Path("page.html")))
        t_whole = median(lambda html=html: html_lines(html))
        print(
            f"| {len(html) // 1024} KB | {t_extract * 1000:.0f} ms | "
            f"{extracted.count('Mentions légales')} | {t_whole * 1000:.0f} ms | "
            f"{whole.count('Mentions légales')} |"
        )


if __name__ == "__main__":
    main()
