"""Colours that read in every theme: resolved against the background they are painted on.

The line-API widgets (reading view, outline) paint their own segments from component
classes. Textual resolves a component's ``auto`` colour against a transparent background
when asked for a partial style, which is why, before this module, muted text came out
near-white on the light themes. Here each colour is resolved as Textual does for its own
widgets (``auto`` against the real background, alpha blended over it) and then, if it
still reads poorly, moved towards black or white until it meets a WCAG contrast ratio.

ANSI themes leave colours to the terminal's palette, which lecteur cannot know: their
colours are passed through unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.style import Style
from textual.color import BLACK, WHITE, Color

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

BODY_CONTRAST = 4.5
"""WCAG AA for body text."""
SOFT_CONTRAST = 3.0
"""WCAG AA for large or secondary text: muted text, headers, rules, search hits."""


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio between two opaque colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(foreground: Color, background: Color, minimum: float) -> Color:
    """``foreground`` itself if it contrasts enough with ``background``, else the nearest
    blend of it towards black or white (whichever the background needs) that does."""
    if foreground.ansi is not None or background.ansi is not None:
        return foreground
    if contrast(foreground, background) >= minimum:
        return foreground
    target = BLACK if luminance(background) > 0.18 else WHITE
    for step in range(1, 11):
        candidate = foreground.blend(target, step / 10)
        if contrast(candidate, background) >= minimum:
            return candidate
    return target


def component_style(widget: Widget, name: str, *, minimum: float = SOFT_CONTRAST) -> Style:
    """The Rich style of a widget's component class, its colour resolved for reading.

    ``auto`` colours are taken against the widget's real background (blended with the
    component's own background, if it has one), translucent colours are blended over
    it, and the result is moved until it reaches ``minimum`` contrast.
    """
    styles = widget.get_component_styles(name)
    _, base = widget.background_colors
    own_background = styles.has_rule("background")
    color = widget.styles.color
    if styles.has_rule("color"):
        color = styles.color
    if (
        base.ansi is not None
        or color.ansi is not None
        or (own_background and styles.background.ansi is not None)
    ):
        # The terminal's own palette: named colours stay, a translucent default is dim,
        # and a highlight is reverse video (readable whatever the palette).
        style = styles.text_style
        if own_background:
            return style + Style(reverse=True)
        if styles.has_rule("color"):
            style += Style(color=color.rich_color, dim=color.a < 1)
        return style
    background = base
    if own_background:
        background = base + styles.background.tint(styles.background_tint)
    if styles.has_rule("auto_color") and styles.auto_color:
        color = background.get_contrast_text(color.a)
    foreground = readable(background + color if color.a < 1 else color, background, minimum)
    style = styles.text_style + Style(color=foreground.rich_color)
    if own_background:
        style += Style(bgcolor=background.rich_color)
    return style


def parse_colour(value: str) -> Color:
    """A theme variable's colour: ``#E0E0E0``, ``ansi_yellow``, ``auto 60%``, ``red 50%``."""
    name, _, percent = value.strip().partition(" ")
    alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
    if name == "auto":
        return Color.automatic(alpha * 100)
    return Color.parse(name).with_alpha(alpha)


class Palette:
    """Theme colours for Rich text painted on one background (a card, the status line).

    ``palette.colour("text-muted")`` is a colour string for a Rich style: the theme's
    variable, resolved on the background and made readable there.
    """

    def __init__(self, variables: Mapping[str, str], background: str) -> None:
        self.variables = variables
        self.background = parse_colour(variables.get(background, "black"))

    @classmethod
    def of(cls, app: App[object], background: str = "panel") -> Palette:
        """The palette of the app's current theme, on the theme variable ``background``."""
        return cls(app.theme_variables or app.get_css_variables(), background)

    def colour(self, name: str, *, minimum: float = SOFT_CONTRAST) -> str:
        value = self.variables.get(name, "auto 87%").strip()
        if value.startswith("ansi_"):
            # The terminal's own palette: name the colour; a translucent default is dim.
            ansi, _, percent = value[5:].partition(" ")
            return "dim" if ansi == "default" and percent else ansi
        colour = parse_colour(value)
        background = self.background
        if colour.auto:
            colour = background.get_contrast_text(colour.a)
        if colour.a < 1:
            colour = background + colour
        return readable(colour, background, minimum).hex

    @property
    def ansi(self) -> bool:
        """An ANSI theme: colours are the terminal's, and their contrast unknown."""
        return self.variables.get("foreground", "").startswith("ansi")

    @property
    def muted(self) -> str:
        return self.colour("lecteur-muted")


def settle(style: Style, minimum: float) -> Style:
    """``style`` with its colour made readable on its own background (both must be set).

    For a run whose layers each passed on their own (a glossary term inside a search
    hit: the term's colour on the hit's background).
    """
    if style.color is None or style.bgcolor is None:
        return style
    foreground = Color.from_rich_color(style.color)
    background = Color.from_rich_color(style.bgcolor, foreground=False)
    fixed = readable(foreground, background, minimum)
    return style if fixed == foreground else style + Style(color=fixed.rich_color)
