"""Charts of the quarterly report as inline SVG strings: no plotting library, nothing fetched, prints sharp.

A value of None is a suppressed figure (NULL in the analysts' database): it is drawn as an empty dashed
box or a gap in a line, labelled with the suppression mark, never as zero and never estimated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from jib_assets.report.format import ONDERDRUKT, getal

KLEUREN = ("#1f5fa8", "#e07b00", "#2e8540", "#8c2d91", "#b8252b", "#5b6770", "#0f8a8a", "#a36a00", "#4a4a9c", "#7a9c1f")
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'

Value = float | int | None


def _nice_max(value: float) -> float:
    """A round axis maximum at or above value (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _open(width: int, height: int, titel: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(titel)}" {_FONT} font-size="12">',
        f"<title>{escape(titel)}</title>",
    ]


def staafdiagram(items: Sequence[tuple[str, Value]], titel: str, *, noten: Sequence[str] | None = None,
                 width: int = 640, kleur: str = KLEUREN[0]) -> str:
    """Horizontal bars, one per (label, value); suppressed values as a dashed empty box marked as suppressed."""
    label_w, bar_h, gap, top = 270, 18, 8, 6
    height = top + len(items) * (bar_h + gap) + 4
    known = [float(v) for _, v in items if v is not None]
    scale_max = _nice_max(max(known, default=0))
    bar_w = width - label_w - 110
    out = _open(width, height, titel)
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_h + gap)
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 5}" text-anchor="end">{escape(label)}</text>')
        note = f" {noten[i]}" if noten and noten[i] else ""
        if value is None:
            out.append(f'<rect x="{label_w}" y="{y}" width="28" height="{bar_h}" fill="none" stroke="#777" '
                       'stroke-dasharray="3 2" class="onderdrukt"/>')
            out.append(f'<text x="{label_w + 36}" y="{y + bar_h - 5}" fill="#555">{ONDERDRUKT}</text>')
            continue
        w = 0 if scale_max == 0 else bar_w * float(value) / scale_max
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{kleur}"/>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 5}">{escape(getal(value) + note)}</text>')
    out.append("</svg>")
    return "".join(out)


def kolommen(categorieen: Sequence[str], reeksen: Sequence[tuple[str, Sequence[Value]]], titel: str,
             *, width: int = 640, height: int = 220) -> str:
    """Vertical grouped columns: per category (e.g. quarter) one column per series (e.g. instroom, uitstroom)."""
    left, right, top, bottom = 44, 10, 26, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [float(v) for _, values in reeksen for v in values if v is not None]
    scale_max = _nice_max(max(known, default=0))
    out = _open(width, height, titel)
    out.extend(_y_axis(left, top, plot_w, plot_h, scale_max))
    group_w = plot_w / max(len(categorieen), 1)
    col_w = min(28.0, (group_w - 10) / max(len(reeksen), 1))
    for c, categorie in enumerate(categorieen):
        x0 = left + c * group_w + (group_w - col_w * len(reeksen)) / 2
        for s, (_, values) in enumerate(reeksen):
            value = values[c]
            x = x0 + s * col_w
            if value is None:
                out.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - 16}" width="{col_w - 2:.1f}" height="16" '
                           'fill="none" stroke="#777" stroke-dasharray="3 2" class="onderdrukt"/>')
                out.append(f'<text x="{x + col_w / 2:.1f}" y="{top + plot_h - 20}" text-anchor="middle" '
                           f'fill="#555" font-size="10">{ONDERDRUKT}</text>')
                continue
            h = plot_h * float(value) / scale_max
            out.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{col_w - 2:.1f}" height="{h:.1f}" '
                       f'fill="{KLEUREN[s % len(KLEUREN)]}"/>')
            out.append(f'<text x="{x + col_w / 2:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle" '
                       f'font-size="10">{getal(value)}</text>')
        out.append(f'<text x="{left + c * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" '
                   f'text-anchor="middle">{escape(categorie)}</text>')
    out.extend(_legend([name for name, _ in reeksen], left, 14))
    out.append("</svg>")
    return "".join(out)


def lijnen(labels: Sequence[str], reeksen: Sequence[tuple[str, Sequence[Value]]], titel: str,
           *, width: int = 640, height: int = 230, legenda: bool = True) -> str:
    """Lines over time; a suppressed value is a gap in the line (never interpolated)."""
    left, right, bottom = 44, 14, 34
    names = [name for name, _ in reeksen]
    rijen = 1 + max((row for _, row in _legend_layout(names, left, width - right)), default=0)
    top = 10 + 16 * rijen if legenda else 10
    height += top - (26 if legenda else 10)  # the plot keeps its height when the legend takes more rows
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [float(v) for _, values in reeksen for v in values if v is not None]
    scale_max = _nice_max(max(known, default=0))
    out = _open(width, height, titel)
    out.extend(_y_axis(left, top, plot_w, plot_h, scale_max))
    step = plot_w / max(len(labels) - 1, 1)
    every = max(1, math.ceil(len(labels) / 12))
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            out.append(f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                       f'font-size="10">{escape(label)}</text>')
    for s, (_, values) in enumerate(reeksen):
        kleur = KLEUREN[s % len(KLEUREN)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, value in enumerate(values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{left + i * step:.1f},{top + plot_h - plot_h * float(value) / scale_max:.1f}")
        if segment:
            segments.append(segment)
        for points in segments:
            out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{kleur}" stroke-width="2"/>')
            for point in points:
                x, y = point.split(",")
                out.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{kleur}"/>')
        last = next(((i, v) for i, v in reversed(list(enumerate(values))) if v is not None), None)
        if last and len(reeksen) == 1:
            i, v = last
            out.append(f'<text x="{left + i * step - 4:.1f}" y="{top + plot_h - plot_h * float(v) / scale_max - 7:.1f}" '
                       f'text-anchor="end" font-size="11">{getal(v)}</text>')
    if legenda:
        out.extend(_legend(names, left, 14, width - right))
    out.append("</svg>")
    return "".join(out)


def _y_axis(left: int, top: int, plot_w: float, plot_h: float, scale_max: float) -> list[str]:
    out = []
    for k in range(5):
        value = scale_max * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#555">'
                   f"{getal(value if value != int(value) else int(value))}</text>")
    return out


def _legend_layout(names: Sequence[str], x: int, width: int) -> list[tuple[int, int]]:
    """(offset, row) of each legend entry: entries left to right, a new row before one passes `width`."""
    layout, offset, row = [], 0, 0
    for name in names:
        size = 26 + 8 * len(name)
        if offset and x + offset + size > width:
            offset, row = 0, row + 1
        layout.append((offset, row))
        offset += size
    return layout


def _legend(names: Sequence[str], x: int, y: int, width: int = 10_000) -> list[str]:
    out = []
    for s, (name, (offset, row)) in enumerate(zip(names, _legend_layout(names, x, width), strict=True)):
        top = y + 16 * row
        out.append(f'<rect x="{x + offset}" y="{top - 9}" width="10" height="10" fill="{KLEUREN[s % len(KLEUREN)]}"/>')
        out.append(f'<text x="{x + offset + 14}" y="{top}" font-size="11">{escape(name)}</text>')
    return out
