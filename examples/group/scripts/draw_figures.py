"""Draw the gallery's figures as SVG (no dependencies): python scripts/draw_figures.py

The figures are illustrations made by this script, not results: a power law drawn on
log-log axes, and a diagram of how this site is put together.
"""

from __future__ import annotations

import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "gallery"
FONT = 'font-family="sans-serif" font-size="13"'


def power_law() -> str:
    """y = N^(-alpha) for three exponents, on log-log axes (N from 1 to 10^4)."""
    width, height, left, bottom, top, right = 480, 320, 60, 270, 20, 460
    colours = {0.25: "#00897b", 0.5: "#3949ab", 1.0: "#e65100"}

    def x_of(log_n: float) -> float:
        return left + (right - left) * log_n / 4

    def y_of(log_y: float) -> float:  # log10(y) from -4 to 0
        return top + (bottom - top) * (-log_y) / 4

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="black"/>',
    ]
    for k in range(5):
        parts.append(
            f'<text x="{x_of(k):.1f}" y="{bottom + 18}" text-anchor="middle" {FONT}>'
            f'10<tspan dy="-6" font-size="10">{k}</tspan></text>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y_of(-k) + 4:.1f}" text-anchor="end" {FONT}>'
            f'10<tspan dy="-6" font-size="10">{-k}</tspan></text>'
        )
    middle = (left + right) / 2
    parts.append(f'<text x="{middle}" y="{height - 6}" text-anchor="middle" {FONT}>N</text>')
    for alpha, colour in colours.items():
        points = " ".join(f"{x_of(i / 10):.1f},{y_of(-alpha * i / 10):.1f}" for i in range(41))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        label_y = y_of(-alpha * 4) - 6 if alpha < 1 else y_of(-alpha * 2.2) - 8
        label_x = x_of(3.9) if alpha < 1 else x_of(2.2)
        parts.append(
            f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="end" fill="{colour}" {FONT}>'
            f"α = {alpha}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def site_diagram() -> str:
    """Boxes and arrows: where the pages of this site come from."""
    boxes = [
        (20, 30, "bib/papers.bib", "papers, with keywords"),
        (20, 130, "docs/index.md", "research themes"),
        (20, 230, "docs/news/posts/", "posts (front matter)"),
        (300, 80, "Research page", "themes: papers, Read more"),
        (300, 180, "Post pages + feed", "papers named in a post"),
        (300, 280, "Paper pages", "link back to posts"),
    ]
    arrows = [(0, 3), (1, 3), (2, 3), (2, 4), (0, 4), (0, 5), (4, 5)]
    w, h = 190, 54
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 350" width="520" height="350">',
        '<rect width="520" height="350" fill="white"/>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for a, b in arrows:
        x1, y1 = boxes[a][0] + w, boxes[a][1] + h / 2
        x2, y2 = boxes[b][0], boxes[b][1] + h / 2
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#555" '
            'marker-end="url(#arrow)"/>'
        )
    for x, y, title, note in boxes:
        parts.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" '
            'fill="#e0f2f1" stroke="#00695c"/>'
        )
        parts.append(f'<text x="{x + 10}" y="{y + 22}" font-weight="bold" {FONT}>{title}</text>')
        parts.append(f'<text x="{x + 10}" y="{y + 42}" {FONT}>{note}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "power-law.svg").write_text(power_law(), encoding="utf-8")
    (OUT / "site-structure.svg").write_text(site_diagram(), encoding="utf-8")
    assert math.isclose(10 ** (-0.5 * 4), 0.01)  # the 0.5 curve ends at 10^-2


if __name__ == "__main__":
    main()
