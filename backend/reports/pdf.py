"""The visit report laid out on A4: what a GP reads in a minute, one page for a normal month.

Text uses the PDF core font Helvetica in the Windows-1252 encoding, which covers the Latin
scripts; characters outside it print as "?" rather than failing (a bundled Unicode font would cost
a few hundred kilobytes per report).
"""

from datetime import date, datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from ..insights.config import setting
from ..insights.messages import plural
from ..reference.vocabulary import (
    MEDICATION_CLASSES,
    MUSCLES,
    RELIEF_METHODS,
    SCHEDULES,
    SIDES,
    TRIGGERS,
)
from .charts import INK, MUTED, Bar, bar_chart
from .citations import MEDICINES_BEFORE_CRAMPS, NIGHT_CRAMPS_REVIEW, QUININE_WARNING, Citations

ENCODING = "windows-1252"
MARGIN = 12
ACCENT = (38, 84, 124)
HEADING_FILL = (235, 241, 247)
URGENT = (176, 42, 55)
DISCLAIMER = "Self-reported diary: not a diagnosis."
WARNING_NAMES = {
    "frequent": "More than 3 cramps in 7 days",
    "rising": "Cramps coming more often than before",
    "severe_unrelieved": "Severe cramp (8+/10) that nothing eased",
    "long_episode": "Cramp lasting over 10 minutes",
    "swelling_redness": "Swelling or redness with a calf cramp",
    "numbness_weakness": "Numbness or weakness with a cramp",
    "difficulty_walking": "Difficulty walking after a cramp",
    "risk_condition": "Condition that calls for regular check-ins",
    "medication_watch": "Medicine of a class linked to cramps",
    "quinine": "Quinine in the medicines or the plan",
}
LEVEL_NAMES = {"urgent": "URGENT", "advice": "Advice", "info": "Info"}
MAX_DATES_SHOWN = 8
MAX_WEEK_LABELS = 7


def _day(day: date, year: bool = True) -> str:
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def _span(first: date, last: date) -> str:
    return f"{_day(first, year=first.year != last.year)} to {_day(last)}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = round(seconds)
    if seconds < 90:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _change(now, before, covered: str, as_duration: bool = False) -> str:
    if covered == "none" or now is None or before is None:
        return "-"
    difference = round(now - before, 1)
    if difference == 0:
        return "no change"
    sign = "+" if difference > 0 else "-"
    shown = _duration(abs(difference)) if as_duration else f"{abs(difference):g}"
    return f"{sign}{shown}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


class ReportDocument(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4", unit="mm")
        self.core_fonts_encoding = ENCODING
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=14)
        self.alias_nb_pages()

    def normalize_text(self, text):
        # Unknown characters become "?" instead of an error that would cost the whole report.
        return super().normalize_text(text.encode(ENCODING, "replace").decode(ENCODING))

    def footer(self):
        self.set_y(-11)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 4, self.footer_text)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    # --- building blocks ---------------------------------------------------------------------

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 40:
            self.add_page()
        self.ln(1.5)
        self.set_font("Helvetica", "B", 10)
        self.set_text_color(*ACCENT)
        self.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.3)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(1)
        self.set_text_color(*INK)

    def paragraph(self, text: str, size: float = 8.5, style: str = "", color=INK, height: float = 4) -> None:
        self.set_font("Helvetica", style, size)
        self.set_text_color(*color)
        self.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def labelled(self, label: str, text: str, width: float = 0) -> None:
        """ "Label: text" on one wrapped line, the label bold."""
        self.set_font("Helvetica", "", 8.5)
        self.multi_cell(
            width, 4, f"**{label}:** {text}", markdown=True, align="L", new_x="LMARGIN", new_y="NEXT"
        )

    def grid(self, rows: list[list[str]], widths: tuple, align: tuple) -> None:
        self.set_font("Helvetica", "", 8.5)
        self.set_draw_color(205, 212, 219)
        self.set_fill_color(255, 255, 255)  # the charts leave their bar colour behind
        self.set_line_width(0.15)
        headings = FontFace(emphasis="BOLD", fill_color=HEADING_FILL, color=INK)
        with self.table(
            col_widths=widths,
            text_align=align,
            headings_style=headings,
            line_height=4.3,
            borders_layout="HORIZONTAL_LINES",
            padding=(0.6, 1.2),
            width=self.epw,
        ) as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)


# --- sections --------------------------------------------------------------------------------


def _header(pdf: ReportDocument, report: dict) -> None:
    period, before = report["period"], report["before"]
    pdf.set_font("Helvetica", "B", 15)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 7, "Leg cramp diary: visit report")
    pdf.set_text_color(*INK)
    pdf.set_x(MARGIN)
    pdf.cell(0, 7, report["patient"]["name"], align="R", new_x="LMARGIN", new_y="NEXT")
    made = report["made_at"]
    pdf.paragraph(
        f"Period: {_span(period.first, period.last)} ({period.count} nights), "
        f"compared with {_span(before.first, before.last)}.  Time zone: {report['patient']['timezone']}.  "
        f"Made {_day(made.date())} {made:%H:%M}.",
        size=8.5,
    )
    pdf.paragraph(DISCLAIMER + " What the patient logged, summed up; read it with them.", 8.5, "I", MUTED)


def _key_figures(pdf: ReportDocument, report: dict) -> None:
    now, before, covered = report["current"], report["previous"], report["before_covered"]
    pdf.heading("Key figures")
    earlier = "Previous period" if covered != "none" else "Previous period (no diary yet)"
    rows = [["", "This period", earlier, "Change"]]
    figures = [
        ("Cramps", "cramps", False),
        ("Nights with cramps", "cramp_nights", False),
        ("Nights with cramps per week", "cramp_nights_per_week", False),
        ("Median severity (0-10)", "severity_median", False),
    ]
    for label, key, _ in figures:
        shown_before = _number(before[key]) if covered != "none" else "-"
        rows.append([label, _number(now[key]), shown_before, _change(now[key], before[key], covered)])
    duration_before = _duration(before["duration_median_seconds"]) if covered != "none" else "-"
    rows.append(
        [
            "Median duration",
            _duration(now["duration_median_seconds"]),
            duration_before,
            _change(now["duration_median_seconds"], before["duration_median_seconds"], covered, True),
        ]
    )
    pdf.grid(rows, (70, 38, 45, 33), ("LEFT", "RIGHT", "RIGHT", "RIGHT"))
    if covered == "partial":
        pdf.paragraph(
            "The diary began during the previous period, so its figures cover only part of it.",
            7.5,
            "I",
            MUTED,
        )


def _week_bars(weeks: list[dict]) -> list[Bar]:
    every = max(1, -(-len(weeks) // MAX_WEEK_LABELS))
    # Over half a year, a label's month and year say more than its day.
    label_format = "%b %y" if len(weeks) > 26 else None
    bars = []
    for index, week in enumerate(weeks):
        monday = date.fromisoformat(week["week_start"])
        label = (
            (monday.strftime(label_format) if label_format else _day(monday, year=False))
            if index % every == 0
            else ""
        )
        # A week the period cuts short can't be compared with a whole one: drawn lighter.
        bars.append(Bar(label, week["cramp_nights"], soft=week["nights"] < 7))
    return bars


def _hour_bars(hours: list[dict]) -> list[Bar]:
    # From noon to noon, so the night reads as one block in the middle.
    ordered = hours[12:] + hours[:12]
    return [Bar(f"{row['hour']:02d}" if row["hour"] % 3 == 0 else "", row["count"]) for row in ordered]


def _charts(pdf: ReportDocument, report: dict) -> None:
    pdf.heading("Charts")
    top, width, height, gap = pdf.get_y() + 1, (pdf.epw - 10) / 3, 36, 5
    bar_chart(
        pdf,
        MARGIN,
        top,
        width,
        height,
        "Nights with cramps, per week",
        _week_bars(report["current"]["weeks"]),
    )
    scores = [Bar(str(row["score"]), row["count"]) for row in report["severity"]["scores"]]
    bar_chart(pdf, MARGIN + width + gap, top, width, height, "Severity (cramps per score, 0-10)", scores)
    bar_chart(
        pdf,
        MARGIN + 2 * (width + gap),
        top,
        width,
        height,
        "Start time (cramps per hour)",
        _hour_bars(report["hours"]),
    )
    pdf.set_y(top + height + 1)
    notes = []
    if any(week["nights"] < 7 for week in report["current"]["weeks"]):
        notes.append("Lighter bars: weeks the period covers only in part.")
    if report["severity"]["unrated"]:
        notes.append(f"{report['severity']['unrated']} cramps had no severity given.")
    notes.append("Weeks start on Monday; hours are local time.")
    pdf.paragraph(" ".join(notes), 7, "I", MUTED, height=3.4)


def _counted(rows: list[dict], names: dict, total: int) -> str:
    def named(code):
        return names.get(code, code) if code else "Not given"

    parts = [f"{named(row['code'])} {row['count']} ({_percent(row['count'], total)})" for row in rows]
    return ", ".join(parts) if parts else "none recorded"


def _diary_details(pdf: ReportDocument, report: dict) -> None:
    cramps = report["current"]["cramps"]
    pdf.heading("Where, what preceded, what helped")
    if not cramps:
        pdf.paragraph("No cramps logged in this period.")
        return
    pdf.labelled("Muscle", _counted(report["muscles"], MUSCLES, cramps))
    pdf.labelled("Side", _counted(report["sides"], SIDES, cramps))
    triggers = [
        f"{index}. {TRIGGERS.get(row['code'], row['code'])} ({row['count']})"
        for index, row in enumerate(report["triggers"], 1)
    ]
    pdf.labelled("Suspected triggers, most often first", ", ".join(triggers) if triggers else "none noted")
    helped = sorted(report["reliefs"], key=lambda r: (-r["helped"], -(r["helped_rate"] or 0), r["method"]))
    reliefs = [
        f"{RELIEF_METHODS.get(r['method'], r['method'])}: "
        f"helped {r['helped']} of {plural(r['tried'], 'time')}"
        for r in helped
    ]
    pdf.labelled("What helped", "; ".join(reliefs) if reliefs else "no relief recorded")


def _care_plan(pdf: ReportDocument, report: dict, citations: Citations) -> None:
    pdf.heading("Care plan: adherence")
    if not report["adherence"]:
        pdf.paragraph("No care-plan items in this period.")
        return
    rows = [["Item", "Schedule", "Done", "Skipped", "Expected", "Adherence"]]
    for row in report["adherence"]:
        title = row["title"]
        notes = report["evidence"].get(row["item_id"], [])
        if notes:
            title += " " + citations.cite(*(note["citation"] for note in notes))
        if row["status"] != "active":
            title += f" ({row['status']})"
        expected = "as needed" if row["expected"] is None else str(row["expected"])
        rate = "-" if row["rate"] is None else f"{round(100 * row['rate'])}%"
        rows.append(
            [
                title,
                SCHEDULES.get(row["schedule"], row["schedule"]),
                str(row["done"]),
                str(row["skipped"]),
                expected,
                rate,
            ]
        )
    pdf.grid(rows, (78, 26, 16, 18, 22, 26), ("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"))
    pdf.paragraph(
        "Adherence: days ticked done over the days the plan asked for it (paused days left out).",
        7,
        "I",
        MUTED,
        3.4,
    )
    enough = setting("INSIGHTS_MIN_COMPARISON_NIGHTS")
    for row in report["bedtime_nights"]:
        done, skipped = row["done"], row["skipped"]
        text = (
            f'Nights after "{row["title"]}" was done: '
            f"cramps on {done['nights_with_cramps']} of {done['nights']} "
            f"({_percent(done['nights_with_cramps'], done['nights'])}); after it was skipped: "
            f"{skipped['nights_with_cramps']} of {skipped['nights']} "
            f"({_percent(skipped['nights_with_cramps'], skipped['nights'])})."
        )
        if done["nights"] < enough or skipped["nights"] < enough:
            text += f" Too few nights on one side (under {enough}) to compare."
        pdf.paragraph(text + " A comparison of nights, not proof of cause.", 8.5)


def review_text(review: dict | None) -> str:
    """ "Reviewed 3 Dec 2026 by Dr Rao" from a warning's `review`; "" when nobody reviewed it."""
    if not review:
        return ""
    at, by = review.get("reviewed_at"), review.get("reviewer")
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return "Reviewed" + (f" {_day(at.date())}" if at else "") + (f" by {by}" if by else "")


def _warnings(pdf: ReportDocument, report: dict, citations: Citations) -> None:
    pdf.heading("Warning signs in the period")
    warnings = report["warnings"]
    if not warnings:
        pdf.paragraph("None.")
        return
    pdf.set_font("Helvetica", "", 8.5)
    for warning in warnings:
        dates = warning["dates"]
        shown = ", ".join(_day(day, year=False) for day in dates[:MAX_DATES_SHOWN])
        if len(dates) > MAX_DATES_SHOWN:
            shown += f" and {len(dates) - MAX_DATES_SHOWN} more"
        when = f"nights of {shown}" if dates else "from the profile or plan"
        # Signs without a lifecycle carry no `review` key at all: then nothing is said about it.
        review = (review_text(warning["review"]) or "Not reviewed yet") if "review" in warning else ""
        source = QUININE_WARNING if warning["code"] == "quinine" else NIGHT_CRAMPS_REVIEW
        name = WARNING_NAMES.get(warning["code"], warning["code"])
        level = LEVEL_NAMES.get(warning["level"], warning["level"])
        color = "urgent" if warning["level"] == "urgent" else "normal"
        line = f"**{level}** - {name} {citations.cite(source)}: {when}." + (f" {review}." if review else "")
        pdf.set_text_color(*(URGENT if color == "urgent" else INK))
        pdf.multi_cell(0, 4.1, line, markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def _medications(pdf: ReportDocument, report: dict, citations: Citations) -> None:
    pdf.heading("Medicines for review")
    medications = report["medications"]
    if not medications:
        pdf.paragraph("None listed in the profile.")
        return
    rows = [["Medicine", "Class", "Note"]]
    for m in medications:
        if m["quinine"]:
            note = f"QUININE: not to be used for leg cramps {citations.cite(QUININE_WARNING)}"
        elif m["linked_to_cramps"]:
            note = f"Class linked to cramps {citations.cite(NIGHT_CRAMPS_REVIEW, MEDICINES_BEFORE_CRAMPS)}"
        else:
            note = ""
        rows.append([m["name"], MEDICATION_CLASSES.get(m["class"], m["class"] or "-"), note])
    pdf.grid(rows, (52, 66, 68), ("LEFT", "LEFT", "LEFT"))
    pdf.paragraph(
        "Review with the prescriber; a medicine should never be stopped without them.", 7, "I", MUTED, 3.4
    )


def _sources(pdf: ReportDocument, citations: Citations) -> None:
    if not citations.sources:
        return
    pdf.ln(1.5)
    pdf.set_draw_color(205, 212, 219)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(0.8)
    pdf.paragraph("Sources", 7, "B", MUTED, 3.2)
    for number, source in enumerate(citations.sources, 1):
        pdf.paragraph(f"[{number}] {source}", 6.5, "", MUTED, 3)


def render_report(report: dict) -> bytes:
    citations = Citations()
    name, period = report["patient"]["name"], report["period"]
    pdf = ReportDocument(f"CrampCare - {name} - {_span(period.first, period.last)} - {DISCLAIMER}")
    pdf.set_title(f"Leg cramp diary: visit report, {name}")
    pdf.set_author("CrampCare")
    pdf.set_creation_date(report["made_at"])
    pdf.add_page()
    _header(pdf, report)
    _key_figures(pdf, report)
    _charts(pdf, report)
    _diary_details(pdf, report)
    _care_plan(pdf, report, citations)
    _warnings(pdf, report, citations)
    _medications(pdf, report, citations)
    _sources(pdf, citations)
    return bytes(pdf.output())
