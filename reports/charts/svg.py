"""SVG for charts, shared by the scores pages and the report (``reports.report_data.charts``).

- ``Scale``: a linear scale from values to user units, rounded to 0.1 (the report's sample bars and
  the scores pages' bars are both measured with it).
- ``wrap``: a label broken into lines that fit a chart's width.
- ``Svg``: a chart being drawn, element by element, with **presentation attributes only** (``fill``,
  ``stroke``…) and classes: no ``style`` attribute and no script, so the strict
  Content-Security-Policy holds, and WeasyPrint draws it as a browser does. ``Svg.render`` gives
  the ``<svg role="img">`` with its ``<title>`` and ``<desc>`` (the text alternative) named by
  ``aria-labelledby``.

Text is escaped here; attribute values are numbers or this module's constants. The colours are
the GOV.UK palette's, as in the report's charts.
"""

import html
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache, partial

from django.utils.safestring import SafeString, mark_safe

BLUE = "#1d70b8"  # bars and current values
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"  # axes, previous values
MID_GREY = "#b1b4b6"  # grid lines
LIGHT_GREY = "#f3f2f1"
BAND_GREY = "#dedede"  # alternate rating band: the blue bar keeps 3:1 contrast on both
ORANGE = "#f47738"  # a group marked as different (with a different shape: never colour alone)
WHITE = "#ffffff"


@dataclass(frozen=True)
class Scale:
    """Values 0..``domain`` onto ``start``..``start + length`` user units."""

    domain: float
    length: float
    start: float = 0

    def size(self, value: float) -> float:
        """The length of ``value`` (a bar's width), to 0.1 unit; 0 when the domain is empty."""
        return round(self.length * value / self.domain, 1) if self.domain else 0

    def at(self, value: float) -> float:
        """The position of ``value`` (a dot's x), to 0.1 unit."""
        return round(self.start + self.size(value), 1)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters (a longer word keeps its own line)."""
    if len(text) <= width and text.isprintable() and text == text.strip():
        return [text]  # one line, as textwrap would make it, without its cost
    return list(_wrapped(text, width))


@lru_cache(maxsize=1024)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or ("",)


@lru_cache(maxsize=8192)
def _decimal(value: float) -> str:
    """A float to 0.1 unit without a trailing ".0" (positions recur: remembered)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _number(value: float) -> str:
    return _decimal(value) if value.__class__ is float else str(value)


@lru_cache(maxsize=128)
def _name(name: str) -> str:
    """A keyword argument's attribute name (``stroke_width`` → ``stroke-width``, ``class_`` → ``class``)."""
    name = name.rstrip("_").replace("_", "-")
    if name == "style" or name.startswith("on"):
        raise ValueError(f"{name} is not allowed: the CSP forbids inline styles and scripts")
    return name


# The standard library's escape (Django's ``escape`` is the same text, with a lazy-string wrapper
# that costs more than the escaping); words and constants recur, so they are remembered.
_escape = lru_cache(maxsize=2048)(partial(html.escape, quote=True))


def _value(value: object) -> str:
    kind = value.__class__
    if kind is float:
        return _decimal(value)
    if kind is str:
        return _escape(value)
    return _number(value) if isinstance(value, int | float) else _escape(str(value))


def _attributes(attributes: dict[str, object]) -> str:
    """` name="value"` for each attribute that is not None or False (names checked, text escaped).
    The shapes pass their geometry apart, so what comes here recurs (``stroke_width=2``, a class…)
    and is remembered."""
    if not attributes:
        return ""
    key = (tuple(attributes.items()), tuple(map(type, attributes.values())))  # 1, 1.0 and True apart
    try:
        return _ATTRIBUTES[key]
    except KeyError:
        pass
    except TypeError:  # a value that cannot be a key: formatted each time
        return _format_attributes(attributes)
    text = _format_attributes(attributes)
    if len(_ATTRIBUTES) < 4096:
        _ATTRIBUTES[key] = text
    return text


_ATTRIBUTES: dict[tuple, str] = {}


def _format_attributes(attributes: dict[str, object]) -> str:
    return "".join(
        f' {_name(name)}="{_value(value)}"'
        for name, value in attributes.items()
        if value is not None and value is not False
    )


@dataclass
class Svg:
    """A chart of ``width`` × ``height`` user units, drawn by adding elements in painting order."""

    ident: str
    title: str
    desc: str
    width: int
    height: float = 0
    css_class: str = "app-chart__svg"
    font_size: int = 16
    _parts: list[str] = field(default_factory=list)
    _behind: list[str] = field(default_factory=list)  # painted first (grid lines), whenever added

    def add(self, name: str, content: str = "", behind: bool = False, **attributes: object) -> None:
        """An element; ``content`` is text (escaped); ``behind`` paints it under everything else."""
        attrs = _attributes(attributes)
        (self._behind if behind else self._parts).append(
            f"<{name}{attrs}>{_escape(content)}</{name}>" if content else f"<{name}{attrs}/>"
        )

    # The shapes drawn many times format their own geometry (numbers, in a fixed order) and leave
    # only the optional attributes to ``_attributes``: the same markup as ``add``, at a third of the cost.
    def rect(
        self, x: float, y: float, width: float, height: float, fill: str, behind: bool = False, **attributes: object
    ) -> None:
        (self._behind if behind else self._parts).append(
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" height="{_number(height)}" '
            f'fill="{_escape(fill)}"{_attributes(attributes)}/>'
        )

    def line(
        self, x1: float, y1: float, x2: float, y2: float, stroke: str, behind: bool = False, **attributes: object
    ) -> None:
        (self._behind if behind else self._parts).append(
            f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" y2="{_number(y2)}" '
            f'stroke="{_escape(stroke)}"{_attributes(attributes)}/>'
        )

    def circle(self, cx: float, cy: float, r: float, fill: str, behind: bool = False, **attributes: object) -> None:
        (self._behind if behind else self._parts).append(
            f'<circle cx="{_number(cx)}" cy="{_number(cy)}" r="{_number(r)}" fill="{_escape(fill)}"'
            f"{_attributes(attributes)}/>"
        )

    def diamond(self, cx: float, cy: float, r: float, fill: str, **attributes: object) -> None:
        points = f"{_number(cx)},{_number(round(cy - r, 1))} {_number(round(cx + r, 1))},{_number(cy)} "
        points += f"{_number(cx)},{_number(round(cy + r, 1))} {_number(round(cx - r, 1))},{_number(cy)}"
        self.add("polygon", points=points, fill=fill, **attributes)

    def text(self, x: float, y: float, content: str, **attributes: object) -> None:
        fill = attributes.pop("fill", TEXT)
        self._parts.append(
            f'<text x="{_number(x)}" y="{_number(y)}" fill="{_escape(fill)}"{_attributes(attributes)}>'
            f"{_escape(content)}</text>"
            if content
            else f'<text x="{_number(x)}" y="{_number(y)}" fill="{_escape(fill)}"{_attributes(attributes)}/>'
        )

    def lines(
        self, x: float, y: float, lines: list[str], line_height: float, halo: bool = False, **attributes: object
    ) -> None:
        """Lines of text from baseline ``y`` down, one ``<tspan>`` each; with a ``halo`` (a white
        outline painted under the letters) where grid lines run behind the text."""
        if halo:
            attributes.update(stroke=WHITE, stroke_width=5, stroke_linejoin="round", paint_order="stroke")
        spans = "".join(
            f'<tspan x="{_number(x)}" dy="{_number(0 if i == 0 else line_height)}">{_escape(text)}</tspan>'
            for i, text in enumerate(lines)
        )
        fill = attributes.pop("fill", TEXT)
        self._parts.append(
            f'<text x="{_number(x)}" y="{_number(y)}" fill="{_escape(fill)}"{_attributes(attributes)}>{spans}</text>'
        )

    def render(self) -> SafeString:
        """The ``<svg>``: ``role="img"``, labelled by its title and described by its desc."""
        height = _number(round(self.height, 1) if isinstance(self.height, float) else self.height)
        title_id, desc_id = f"{self.ident}-title", f"{self.ident}-desc"
        return mark_safe(  # noqa: S308 - every text and attribute above is escaped
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{_escape(self.css_class)}" id="{_escape(self.ident)}" '
            f'viewBox="0 0 {self.width} {height}" width="{self.width}" height="{height}" '
            f'font-size="{self.font_size}" role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}">'
            f'<title id="{title_id}">{_escape(self.title)}</title><desc id="{desc_id}">{_escape(self.desc)}</desc>'
            + "".join(self._behind)
            + "".join(self._parts)
            + "</svg>"
        )
