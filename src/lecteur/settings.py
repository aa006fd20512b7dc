"""The reader's settings: a TOML file in the user config folder.

```toml
width = 72            # the reading column, in cells (30–160); + and - change it
theme = "nord"        # a Textual theme; the command palette changes it
language = "fr"       # the interface: "fr" or "en" (default: from LANG)
outline = true        # show the outline (default: when the terminal is wide enough)
marks = true          # underline the glossary terms
[keymap]              # binding ids (see the README's key table) to keys
"sections.next" = "n,J"
```

A bad file never stops the reader: :func:`load` returns the defaults for what it could
not read and one line naming the file and the problem. Writing (:func:`save`) changes
only the lines of the keys it sets, so a person's comments and order stay.
No Textual here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

APP_NAME = "lecteur"
FILE_NAME = "config.toml"
WIDTH_RANGE = (30, 160)
LANGUAGES = ("fr", "en")


def config_path() -> Path:
    """Where the settings file is (``$XDG_CONFIG_HOME/lecteur/config.toml`` on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


@dataclass(frozen=True)
class Settings:
    """What the reader chose; None means "lecteur decides"."""

    width: int | None = None
    theme: str | None = None
    language: str | None = None
    outline: bool | None = None
    marks: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problem: str | None = None
    """One line naming the file and what was wrong with it (the rest is defaults)."""


def load(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: :func:`config_path`); never raises."""
    path = config_path() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(path=path)
    except OSError as error:
        return Settings(path=path, problem=f"{path}: cannot be read ({error.strerror or error})")
    import tomllib  # only when there is a file: the first paint does not wait for it

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Settings(path=path, problem=f"{path}: not UTF-8 text; using the defaults")
    except tomllib.TOMLDecodeError as error:
        return Settings(path=path, problem=f"{path}: {error}; using the defaults")
    return _validate(data, path)


def _validate(data: dict[str, Any], path: Path) -> Settings:
    settings = Settings(path=path)
    problems: list[str] = []

    def bad(key: str, value: Any, want: str) -> None:
        problems.append(f"{key} = {value!r} is not {want}")

    for key, value in data.items():
        if key == "width":
            low, high = WIDTH_RANGE
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                settings = replace(settings, width=value)
            else:
                bad(key, value, f"a number of cells from {low} to {high}")
        elif key == "theme":
            if isinstance(value, str) and value.strip():
                settings = replace(settings, theme=value.strip())
            else:
                bad(key, value, "a theme name")
        elif key == "language":
            if isinstance(value, str) and value.strip().lower()[:2] in LANGUAGES:
                settings = replace(settings, language=value.strip().lower()[:2])
            else:
                bad(key, value, '"fr" or "en"')
        elif key in ("outline", "marks"):
            if isinstance(value, bool):
                if key == "outline":
                    settings = replace(settings, outline=value)
                else:
                    settings = replace(settings, marks=value)
            else:
                bad(key, value, "true or false")
        elif key == "keymap":
            if isinstance(value, dict) and all(
                isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
            ):
                settings = replace(settings, keymap={k: v.strip() for k, v in value.items()})
            else:
                problems.append('[keymap] must map binding ids to keys ("sections.next" = "n")')
        else:
            problems.append(f"unknown setting {key!r}")
    if problems:
        settings = replace(
            settings, problem=f"{path}: {'; '.join(problems)}; using the defaults for those"
        )
    return settings


def _toml_value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def save(key: str, value: str | int | bool, path: Path | None = None) -> str | None:
    """Set one top-level setting in the file, keeping every other line; the problem or None.

    The key's line is replaced where it is (before any ``[table]``), or added before the
    first table.
    """
    path = config_path() if path is None else path
    line = f"{key} = {_toml_value(value)}"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        return f"{path}: cannot be read ({error})"
    lines = text.splitlines()
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    table = next((i for i, s in enumerate(lines) if s.lstrip().startswith("[")), len(lines))
    for i in range(table):
        if pattern.match(lines[i]):
            lines[i] = line
            break
    else:
        lines.insert(table, line)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        return f"{path}: cannot be written ({error.strerror or error})"
    return None


def dump(settings: Settings) -> str:
    """The effective settings as TOML (``lecteur config``)."""
    out = []
    for key in ("width", "theme", "language", "outline", "marks"):
        value = getattr(settings, key)
        if value is None:
            out.append(f"# {key} = (lecteur decides)")
        else:
            out.append(f"{key} = {_toml_value(value)}")
    if settings.keymap:
        out.append("\n[keymap]")
        out += [f'"{k}" = {_toml_value(v)}' for k, v in sorted(settings.keymap.items())]
    return "\n".join(out)
