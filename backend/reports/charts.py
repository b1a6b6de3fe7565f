"""Small bar charts drawn as PDF vector paths: sharp at any zoom and when printed, a few hundred
bytes each, and no plotting library on the server."""

from dataclasses import dataclass

from fpdf import FPDF

INK = (33, 37, 41)
MUTED = (108, 117, 125)
GRID = (222, 226, 230)
BAR = (38, 84, 124)
BAR_SOFT = (158, 185, 211)


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar; "" for none
    value: float
    soft: bool = False  # drawn lighter, e.g. a partial week


def _nice_top(value: float) -> int:
    """A round top for the value axis, so the grid lines fall on whole numbers."""
    for top in (1, 2, 4, 5, 8, 10, 15, 20, 25, 30, 40, 50, 75, 100):
        if value <= top:
            return top
    step = 50
    return int(-(-value // step) * step)


def bar_chart(
    pdf: FPDF, x: float, y: float, width: float, height: float, title: str, bars: list[Bar]
) -> None:
    """Title, then the bars over a light grid with 0, half and top marked on the left."""
    pdf.set_xy(x, y)
    pdf.set_font("Helvetica", "B", 8.5)
    pdf.set_text_color(*INK)
    pdf.cell(width, 4, title)
    axis_width, label_height = 6, 4
    left, top = x + axis_width, y + 6
    plot_width, plot_height = width - axis_width, height - 6 - label_height
    bottom = top + plot_height
    peak = _nice_top(max((bar.value for bar in bars), default=0))

    pdf.set_font("Helvetica", "", 6)
    pdf.set_text_color(*MUTED)
    pdf.set_line_width(0.15)
    for fraction in (0, 0.5, 1):
        line_y = bottom - fraction * plot_height
        pdf.set_draw_color(*GRID)
        pdf.line(left, line_y, left + plot_width, line_y)
        value = peak * fraction
        pdf.set_xy(x, line_y - 1.5)
        pdf.cell(axis_width - 1, 3, f"{value:g}", align="R")

    if not bars:
        return
    slot = plot_width / len(bars)
    gap = min(slot * 0.2, 1.2)
    for index, bar in enumerate(bars):
        bar_x = left + index * slot + gap / 2
        if bar.value > 0:
            bar_height = plot_height * bar.value / peak
            pdf.set_fill_color(*(BAR_SOFT if bar.soft else BAR))
            pdf.rect(bar_x, bottom - bar_height, slot - gap, bar_height, style="F")
        if bar.label:
            pdf.set_xy(left + index * slot - 3, bottom + 0.5)
            pdf.cell(slot + 6, 3, bar.label, align="C")
    pdf.set_draw_color(*MUTED)
    pdf.line(left, bottom, left + plot_width, bottom)
