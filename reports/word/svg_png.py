"""The score charts' SVG (``reports.charts``) as PNG for the Word file, drawn with Pillow.

WeasyPrint cannot rasterise and cairosvg needs the cairo library, so this reads the markup the PDF
embeds and paints the few elements ``reports.charts.svg.Svg`` writes: ``rect``, ``line`` and
``text`` (with ``tspan`` lines, ``font-size``, ``font-weight``, ``text-anchor`` and ``fill``), in
document order, in the report's font. The PDF and the Word file so show the same chart.
"""

import io
import xml.etree.ElementTree as ET  # our own markup (reports.charts), never a visitor's

from PIL import Image, ImageDraw

from .charts import _font

SCALE = 4  # pixels per SVG unit: a 400-unit chart is 1600 px, sharp at 16 cm
NS = "{http://www.w3.org/2000/svg}"
ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def svg_png(markup: str) -> bytes:
    """The chart as a PNG image (white background)."""
    root = ET.fromstring(markup)  # noqa: S314 - see the import
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    image = Image.new("RGB", (round(width * SCALE), round(height * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    size = float(root.get("font-size", 16))
    for element in root:
        tag = element.tag.removeprefix(NS)
        if tag == "rect":
            _rect(draw, element)
        elif tag == "line":
            _line(draw, element)
        elif tag == "text":
            _text(draw, element, size)
    out = io.BytesIO()
    image.save(out, format="PNG")  # zlib level 6: optimize=True took 3 times as long for 3% less
    return out.getvalue()


def _at(element, name: str) -> float:
    return float(element.get(name, 0)) * SCALE


def _rect(draw: ImageDraw.ImageDraw, element) -> None:
    x, y = _at(element, "x"), _at(element, "y")
    width, height = _at(element, "width"), _at(element, "height")
    if width > 0 and height > 0:
        draw.rectangle([(x, y), (x + width - 1, y + height - 1)], fill=element.get("fill", "black"))


def _line(draw: ImageDraw.ImageDraw, element) -> None:
    width = round(float(element.get("stroke-width", 1)) * SCALE)
    points = [(_at(element, "x1"), _at(element, "y1")), (_at(element, "x2"), _at(element, "y2"))]
    draw.line(points, fill=element.get("stroke", "black"), width=max(1, width))


def _text(draw: ImageDraw.ImageDraw, element, size: float) -> None:
    size = float(element.get("font-size", size))
    font = _font(round(size * SCALE), bold=element.get("font-weight") == "bold")
    anchor = ANCHORS.get(element.get("text-anchor", "start"), "ls")
    fill = element.get("fill", "black")
    x, y = _at(element, "x"), _at(element, "y")
    spans = list(element)
    lines = [(x, y, element.text or "")] if not spans else []
    for span in spans:
        x = _at(span, "x") if span.get("x") is not None else x
        y += _at(span, "dy")
        lines.append((x, y, span.text or ""))
    for line_x, line_y, content in lines:
        if content:
            draw.text((line_x, line_y), content, font=font, fill=fill, anchor=anchor)
