"""The radar chart of the gap report: each area's score against its minimum.

Drawn from reportlab shapes rather than its SpiderChart, which scales to the largest
value (an 81% area would touch the rim) and places its labels across its own lines.
Here the outer ring is the full score, rings mark every fifth of it (the legend says
so: no numbers inside the chart for the lines to cross), and every area's name sits
outside the outer ring, aligned away from the centre.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import cos, pi, sin
from typing import Literal

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit

from certdesk.domain.framework import Method
from certdesk.domain.report import GapReport
from certdesk.formats.pdf_fonts import FONT, NAVY

RINGS = 5
LABEL_SIZE, LABEL_LEADING = 7.5, 9.0
GAP = 7.0
"""Points between the outer ring and the nearest edge of an area's name."""
PAD = 4.0
SIDE = 0.1
"""|cos| below this: a spoke counts as pointing up or down, its name is centred."""


@dataclass(frozen=True)
class RadarChart:
    drawing: Drawing
    cx: float
    cy: float
    radius: float
    """The outer ring: the full score."""
    labels: tuple[tuple[String, ...], ...]
    """Each area's name, one String a line, in the order of the areas."""


def _angle(i: int, n: int) -> float:
    """Clockwise from the top."""
    return pi / 2 - 2 * pi * i / n


def _points(values: Sequence[float], radius: float, cx: float, cy: float) -> list[float]:
    """x, y, x, y, ...: each value (a fraction of the radius) on its area's spoke."""
    points: list[float] = []
    for i, v in enumerate(values):
        a = _angle(i, len(values))
        points += [cx + radius * v * cos(a), cy + radius * v * sin(a)]
    return points


@dataclass(frozen=True)
class _Block:
    lines: list[str]
    anchor: Literal["start", "middle", "end"]
    x: float
    top: float
    """Relative to the centre: x of the anchor, y of the block's top edge."""

    @property
    def bottom(self) -> float:
        return self.top - len(self.lines) * LABEL_LEADING


def _block(title: str, a: float, radius: float, half_width: float) -> _Block:
    c, s = cos(a), sin(a)
    px, py = (radius + GAP) * c, (radius + GAP) * s
    anchor: Literal["start", "middle", "end"] = (
        "start" if c > SIDE else "end" if c < -SIDE else "middle"
    )
    room = 2 * (half_width - PAD) if anchor == "middle" else half_width - PAD - abs(px)
    lines = simpleSplit(title, FONT, LABEL_SIZE, min(room, 48 * mm)) or [title]
    height = len(lines) * LABEL_LEADING
    # above the ring at the top, below it at the bottom, level with the spoke at the sides
    middle = py + s * height / 2
    return _Block(lines, anchor, px, middle + height / 2)


def radar(
    titles: Sequence[str],
    scores: Sequence[float],
    minimums: Sequence[float],
    *,
    width: float = 170 * mm,
    radius: float = 34 * mm,
) -> RadarChart:
    """Scores and minimums as fractions of the full score (0 to 1), one per area."""
    n = len(titles)
    if not n == len(scores) == len(minimums):
        raise ValueError("one score and one minimum for every area")
    blocks = [_block(t, _angle(i, n), radius, width / 2) for i, t in enumerate(titles)]
    ys = _points([1.0] * n, radius, 0, 0)[1::2]
    top = max([*ys, *(b.top for b in blocks)]) + PAD
    bottom = min([*ys, *(b.bottom for b in blocks)]) - PAD
    drawing = Drawing(width, top - bottom)
    cx, cy = width / 2, -bottom
    grey = colors.Color(0.72, 0.72, 0.72)
    for k in range(1, RINGS + 1):
        ring = Polygon(_points([k / RINGS] * n, radius, cx, cy), fillColor=None)
        ring.strokeColor, ring.strokeWidth = (colors.grey, 0.8) if k == RINGS else (grey, 0.4)
        drawing.add(ring)
    for i in range(n):
        a = _angle(i, n)
        end = (cx + radius * cos(a), cy + radius * sin(a))
        drawing.add(Line(cx, cy, *end, strokeColor=grey, strokeWidth=0.4))
    clamp = [max(0.0, min(1.0, v)) for v in scores]
    area = Polygon(_points(clamp, radius, cx, cy), strokeColor=NAVY, strokeWidth=1.2)
    area.fillColor = colors.Color(0.12, 0.22, 0.39, alpha=0.25)
    drawing.add(area)
    for x, y in zip(*[iter(_points(clamp, radius, cx, cy))] * 2, strict=True):
        drawing.add(Circle(x, y, 1.4, fillColor=NAVY, strokeColor=None))
    if any(m > 0 for m in minimums):
        floor = [max(0.0, min(1.0, v)) for v in minimums]
        line = Polygon(_points(floor, radius, cx, cy), fillColor=None, strokeWidth=1)
        line.strokeColor, line.strokeDashArray = colors.red, [3, 2]
        drawing.add(line)
    labels: list[tuple[String, ...]] = []
    for b in blocks:
        strings: list[String] = []
        for j, text in enumerate(b.lines):
            baseline = cy + b.top - (j + 1) * LABEL_LEADING + 0.2 * LABEL_SIZE
            s = String(cx + b.x, baseline, text, fontName=FONT, fontSize=LABEL_SIZE)
            s.textAnchor, s.fillColor = b.anchor, colors.Color(0.2, 0.2, 0.2)
            drawing.add(s)
            strings.append(s)
        labels.append(tuple(strings))
    return RadarChart(drawing, cx, cy, radius, tuple(labels))


def area_radar(report: GapReport, lang: str) -> RadarChart:
    """The report's areas: score and minimum against the full score of the method."""
    fw, result = report.framework, report.result
    full = 5.0 if fw.scoring.method is Method.MATURITY else 1.0
    return radar(
        [a.title.get(lang) for a in fw.areas],
        [float(result.areas[a.id].score or 0) / full for a in fw.areas],
        [float(a.minimum or 0) / full for a in fw.areas],
    )
