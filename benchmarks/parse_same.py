"""Does this tree parse essays exactly as a reference revision does? A differential check.

``python benchmarks/parse_same.py [--ref main] [--fuzz 3000] [--seed 13] [PATH ...]``

Both sides run in a child process of their own: the reference from ``git archive REF src``
(a copy in a temporary folder), this tree from ``src/``. Each parses the same inputs and
writes, per input, a digest of every block (headings, paragraphs with their text, marks,
pieces, line and words, rules), of the paragraphs, the section marks, the notes, the meta,
title and language, or the error line for a file that is refused. The parent compares them
and prints one line per difference, then a summary; exit status 1 when anything differs.

Inputs, besides the PATHs given (whole files, through ``parse_essay``):

* every ``.md``/``.markdown``/``.txt`` file under ``essays/``, ``tests/data/`` and
  ``/work/shared/corpora`` (or ``$LECTEUR_CORPORA``), as files and, for ``.txt``, their
  text read as Markdown too;
* every hostile case of ``tests/hostile/cases.py``, written to a temporary folder;
* every example of the CommonMark spec (``tests/data/commonmark-0.31.2-examples.json``),
  alone and between paragraphs of prose;
* ``--fuzz N`` random documents built from prose lines and every line that could change
  how a line of prose is read (markers, fences, HTML, definitions, tables, notes, escapes,
  trailing spaces, tabs, odd whitespace), parsed whole and in small pieces;

and, on this side only when it has them, the ways a big book is read: every file (but
the two books) and hostile case decoded in 64-byte parts (``PART_BYTES``), whole and its
first 2,000 characters (a first paint's head, as every file is also read), and every fuzz
document given as parts of 1 to 90 characters (``parse_markdown_parts``), each compared
with the reference's ordinary parse.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("LECTEUR_CORPORA", "/work/shared/corpora"))

Input = tuple[str, str, Any]
"""``(name, kind, payload)``: kind ``file`` (a path) or ``md`` (a Markdown body)."""


def canon(value: Any) -> Any:
    """A plain, picklable form of a model value (dataclasses by field, in order)."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(canon(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, (list, tuple)):
        return tuple(canon(v) for v in value)
    if isinstance(value, dict):
        return tuple((str(k), canon(v)) for k, v in value.items())
    if isinstance(value, Path):
        return str(value)
    return value


def digest(value: Any) -> str:
    return hashlib.sha256(pickle.dumps(canon(value), protocol=5)).hexdigest()


def summary(blocks: list[Any], rest: dict[str, Any]) -> dict[str, Any]:
    """Per-block digests (to name the first block that differs) and the rest's digests."""
    return {
        "blocks": [digest(b) for b in blocks],
        **{key: digest(value) for key, value in rest.items()},
    }


def in_parts(body: str, size: int) -> list[str]:
    """``body`` cut after a newline every ``size`` characters or so (as ``essay._line_parts``
    cuts; written again here, as this runs against revisions that may not have it)."""
    parts, start = [], 0
    while len(body) - start > size:
        end = body.find("\n", start + size)
        if end < 0:
            break
        parts.append(body[start : end + 1])
        start = end + 1
    if start < len(body) or not parts:
        parts.append(body[start:])
    return parts


HEAD = 2000
"""Characters of the head parsed by the ``head`` inputs (a first paint's, made small)."""


def parse_one(kind: str, payload: Any) -> dict[str, Any]:
    from lecteur import essay as module
    from lecteur.essay import EssayError, parse_essay, parse_markdown

    if kind == "md":
        body, chunk, part = payload
        by_parts = getattr(module, "parse_markdown_parts", None)
        try:
            if part and by_parts is not None:  # this tree: the text in parts
                parser = by_parts(in_parts(body, part), chunk=chunk or module.PARSE_CHUNK)
            else:
                parser = parse_markdown(body, chunk=chunk) if chunk else parse_markdown(body)
        except RecursionError:
            return {"error": "RecursionError"}
        return summary(
            parser.blocks,
            {"paragraphs": parser.paragraphs, "marks": parser.marks, "notes": parser.notes},
        )
    saved = getattr(module, "PART_BYTES", None)
    if "parts" in kind and saved is not None:  # this tree: decoded in 64-byte parts
        module.PART_BYTES = 64
    try:
        essay = parse_essay(payload, head=HEAD if "head" in kind else None)
    except EssayError as error:
        return {"error": str(error)}
    finally:
        if saved is not None:
            module.PART_BYTES = saved
    return summary(
        essay.blocks,
        {
            "paragraphs": essay.paragraphs,
            "marks": essay.section_marks,
            "notes": essay.notes,
            "meta": essay.meta,
            "title": essay.title,
            "language": essay.language,
            "complete": essay.complete,
        },
    )


def side(inputs_file: str, out_file: str) -> int:
    """Child process: parse every input with the ``lecteur`` on ``sys.path``."""
    with open(inputs_file, "rb") as f:
        inputs: list[Input] = pickle.load(f)
    out = []
    for _name, kind, payload in inputs:
        try:
            out.append(parse_one(kind, payload))
        except Exception as error:  # a crash is a result to compare
            out.append({"crash": f"{type(error).__name__}: {error}"})
    with open(out_file, "wb") as f:
        pickle.dump(out, f)
    return 0


# --------------------------------------------------------------------------- inputs

PROSE = [
    "Il fut une époque où, pour la première fois, j’installais ICQ.",
    "Les blogs font leur apparition (qui a dit LaFraise) et servent déjà de tremplin.",
    "« Le community manager a pour mission d’animer les échanges », disait-on.",
    "— Et alors ? répondit-il, 100 % convaincu : c’était l’avenir !",
    "We spent whole nights on IRC, one channel at a time; it felt like home.",
    "“Facebook is the new AOL,” she wrote, and everyone nodded.",
    "Oui",
    "The modem sang its song {{ not a tag }} and ==marked== words {.note} followed.",
    "Prix : 30 $, soit 20 € + taxes = trop @ la fois # rien # de plus.",
    "'Quoted' start, and an end with a colon:",
    "(Entre parenthèses) le web devenait social.",
    "Ça, c’est animateur de supermarché virtuel.",
    "Ω and émigré and 東京 and Ελλάδα all start lines too.",
]

SPECIAL = [
    "",
    "",
    "",
    "   ",
    "\t",
    "# A heading",
    "## Chapitre 2 {.argument}",
    "Setext title",
    "===",
    "---",
    "***",
    "- a list item",
    "* another item",
    "+ plus item",
    "1. ordered",
    "2) ordered paren",
    "1789. a year or a list",
    "  - nested item",
    "    indented code or continuation",
    "\tindented by a tab",
    "> a quote",
    ">",
    "> > nested quote",
    "```",
    "```python",
    "~~~",
    "````",
    "    ```",
    "<!-- a comment",
    "-->",
    "<!-- section: argument Le fond -->",
    "<pre>",
    "</pre>",
    "<div>",
    "</div>",
    "<script>x</script>",
    "<?php echo 1; ?>",
    "<!DOCTYPE html>",
    "<![CDATA[ x ]]>",
    "<span>inline html</span> then text",
    "| a | b |",
    "|---|---|",
    "a | b",
    "--|--",
    ": a definition",
    "~ another definition",
    "Term",
    "::: note",
    ":::",
    "[ref]: https://example.org",
    "[^1]: a note",
    "[^note]: another note",
    "A note call[^1] here.",
    "An inline note^[inside] here.",
    "A [link](https://example.org) and ![image](x.png).",
    "A [reference][ref] use.",
    "An <https://autolink.example> and &amp; &eacute; &#233; &bogus; entities.",
    "Some *emphasis*, **strong**, _under_, ~~strike~~, `code`.",
    "A backslash \\* escape and a hard break\\",
    "Two trailing spaces for a hard break  ",
    "One trailing space ",
    "Trailing tab\t",
    "Trailing nbsp\u00a0",
    "\u00a0Leading nbsp",
    " One leading space",
    "Inner\ttab",
    "Line\u2028separator",
    "Form\x0cfeed",
    "A carriage\rreturn",
    "A line ending in CR LF\r",
    "A NUL \x00 character",
    "\x00 at the start",
    "Stand-in \u241b for an escape",
    "{% raw %}",
    "{% endraw %}",
    "{{< youtube abc >}}",
    "Text with | a pipe",
    "Text with > a greater-than and < a less-than",
    "Text with ] and ^ and &",
    "Text ends with a backslash\\",
    "*",
    "-",
    "1.",
    "_ _ _",
    "= = =",
    "Tilde ~~~ inside",
    "Double == signs == here",
]


def fuzz_documents(count: int, seed: int) -> list[str]:
    """Documents mostly of prose, with a special line now and then (deterministic)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 40)):
            if rng.random() < 0.35:
                lines.append(rng.choice(SPECIAL))
            else:
                lines.append(rng.choice(PROSE))
            if rng.random() < 0.4:
                lines.append("")
        out.append("\n".join(lines) + rng.choice(["", "\n", "\n\n"]))
    return out


def hostile_inputs(folder: Path) -> list[Input]:
    sys.path.insert(0, str(ROOT))
    from tests.hostile.cases import cases

    out: list[Input] = []
    for case in cases():
        try:
            path = case.write(folder)
        except OSError as error:  # a case this system cannot make (a name, a link)
            print(f"skipped hostile case {case.name}: {error}", file=sys.stderr)
            continue
        out.append((f"hostile:{case.name}", "file", str(path)))
    return out


def collect(paths: list[str], fuzz: int, seed: int, folder: Path) -> list[Input]:
    inputs: list[Input] = []
    files: list[Path] = [Path(p) for p in paths]
    for base in (ROOT / "essays", ROOT / "tests" / "data", CORPORA):
        if base.is_dir():
            files += sorted(p for p in base.rglob("*") if p.suffix in (".md", ".markdown", ".txt"))
    for path in files:
        inputs.append((str(path), "file", str(path)))
        small = path.stat().st_size < 5_000_000
        inputs.append((f"{path} (head)", "file-head", str(path)))
        if small:
            inputs.append((f"{path} (in parts)", "file-parts", str(path)))
            inputs.append((f"{path} (head, in parts)", "file-parts-head", str(path)))
        if path.suffix == ".txt" and small:
            text = path.read_text(encoding="utf-8", errors="replace")
            inputs.append((f"{path} (as Markdown)", "md", (text, 0, 0)))
    for name, kind, payload in hostile_inputs(folder):
        inputs.append((name, kind, payload))
        inputs.append((f"{name} (in parts)", "file-parts", payload))
    spec = ROOT / "tests" / "data" / "commonmark-0.31.2-examples.json"
    prose = "\n".join(PROSE[:3])
    for example in json.loads(spec.read_text(encoding="utf-8")):
        md = example["markdown"]
        number = example["example"]
        inputs.append((f"commonmark {number}", "md", (md, 0, 0)))
        inputs.append(
            (f"commonmark {number} in prose", "md", (f"{prose}\n\n{md}\n{prose}\n", 0, 0))
        )
        inputs.append(
            (f"commonmark {number} after prose", "md", (f"{prose}\n{md}\n\n{prose}", 0, 0))
        )
    for i, doc in enumerate(fuzz_documents(fuzz, seed)):
        inputs.append((f"fuzz {i}", "md", (doc, 0, 0)))
        inputs.append((f"fuzz {i} in pieces", "md", (doc, 120, 0)))
        inputs.append((f"fuzz {i} in pieces, from parts", "md", (doc, 120, 1 + i % 90)))
    return inputs


def run_side(src: Path, inputs_file: Path, out_file: Path) -> list[dict[str, Any]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run(
        [sys.executable, __file__, "--side", str(inputs_file), str(out_file)],
        env=env,
        check=True,
        cwd=tempfile.gettempdir(),
    )
    with open(out_file, "rb") as f:
        result: list[dict[str, Any]] = pickle.load(f)
    return result


def compare(name: str, ref: dict[str, Any], new: dict[str, Any]) -> str | None:
    if ref == new:
        return None
    if "blocks" in ref and "blocks" in new:
        a, b = ref["blocks"], new["blocks"]
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return f"{name}: block {i} differs"
        if len(a) != len(b):
            return f"{name}: {len(a)} blocks in the reference, {len(b)} here"
        keys = [k for k in ref if ref.get(k) != new.get(k)]
        return f"{name}: {', '.join(keys)} differ"
    return f"{name}: reference {str(ref)[:200]!r}, here {str(new)[:200]!r}"


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--side":
        return side(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ref", default="main", help="git revision to compare with (main)")
    ap.add_argument("--fuzz", type=int, default=3000, help="random documents (3000)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("paths", nargs="*", help="more files to parse whole (big books)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="parse_same-") as tmp:
        work = Path(tmp)
        ref_root = work / "ref"
        ref_root.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.ref, "src"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(ref_root)], input=archive, check=True)
        inputs = collect(args.paths, args.fuzz, args.seed, work / "hostile")
        inputs_file = work / "inputs.pickle"
        with open(inputs_file, "wb") as f:
            pickle.dump(inputs, f)
        ref = run_side(ref_root / "src", inputs_file, work / "ref.pickle")
        new = run_side(ROOT / "src", inputs_file, work / "new.pickle")
    differences = [
        d for (name, _, _), a, b in zip(inputs, ref, new, strict=True) if (d := compare(name, a, b))
    ]
    for line in differences:
        print(line)
    kinds: dict[str, int] = {}
    for name, kind, _ in inputs:
        group = name.split(":")[0] if name.startswith("hostile:") else kind
        kinds[group] = kinds.get(group, 0) + 1
    errors = sum("error" in r for r in new)
    blocks = sum(len(r.get("blocks", ())) for r in new)
    print(
        f"{len(inputs)} inputs ({', '.join(f'{k}: {v}' for k, v in sorted(kinds.items()))}), "
        f"{blocks} blocks, {errors} refused with an error line here: "
        f"{len(differences)} differ from {args.ref}"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
