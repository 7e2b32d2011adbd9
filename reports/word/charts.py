"""The sample charts as PNG for the Word file, drawn with Pillow in the report's font (Arimo).

WeasyPrint cannot rasterise and cairosvg needs the cairo library, so the bar charts are drawn
here from the same ``Chart`` values the PDF's SVG is drawn from: labels, bars, counts and percents.
"""

import io
from functools import cache

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

from ..report_data import Chart

SCALE = 3  # pixels per SVG unit: 600 units wide → 1800 px, sharp at 16 cm
BAR_COLOUR = (29, 112, 184)
TEXT_COLOUR = (11, 12, 12)
AXIS_COLOUR = (80, 90, 95)


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = finders.find(f"fonts/arimo/arimo-latin-{700 if bold else 400}-normal.woff")
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # without the copied font (npm ci not run): Pillow's own


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG image (white background)."""
    width, height = 600 * SCALE, chart.height * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(12 * SCALE)
    draw.line([(210 * SCALE, 0), (210 * SCALE, height)], fill=AXIS_COLOUR, width=SCALE)
    for bar in chart.bars:
        baseline = bar.text_y * SCALE
        draw.text((bar.label_x * SCALE, baseline), bar.label, font=font, fill=TEXT_COLOUR, anchor="rs")
        if bar.width:
            draw.rectangle(
                [(bar.x * SCALE, bar.y * SCALE), ((bar.x + bar.width) * SCALE, (bar.y + 16) * SCALE)], fill=BAR_COLOUR
            )
        label = f"{bar.count} ({bar.percent_display})"
        draw.text((bar.value_x * SCALE, baseline), label, font=font, fill=TEXT_COLOUR, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG")  # zlib level 6: optimize=True took 3 times as long for 3% less
    return out.getvalue()
