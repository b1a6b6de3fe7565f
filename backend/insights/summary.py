"""A few short sentences about the insights: what the diary shows, never why."""

from ..reference.vocabulary import MUSCLES, RELIEF_METHODS, TRIGGERS
from .config import setting
from .messages import plural


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"about {plural(round(seconds), 'second')}"
    return f"about {plural(round(seconds / 60), 'minute')}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


def _totals(days: int, totals: dict) -> list[str]:
    if not totals["cramps"]:
        return [f"No cramps logged in the last {plural(days, 'day')}."]
    cramps, nights = plural(totals["cramps"], "cramp"), plural(totals["cramp_nights"], "night")
    rate = f"about {totals['cramps_per_week']:.1f} a week"
    sentences = [f"{cramps} on {nights} in the last {plural(days, 'day')}, {rate}."]
    if totals["severity_average"] is not None:
        average, median = totals["severity_average"], totals["severity_median"]
        sentences.append(f"Severity averaged {average:.1f} out of 10 (median {median:g}).")
    if totals["duration_median_seconds"] is not None:
        sentences.append(f"A typical cramp lasted {_duration(totals['duration_median_seconds'])}.")
    return sentences


def _muscle(cramps: int, muscles: list[dict]) -> list[str]:
    top = next((row for row in muscles if row["code"]), None)
    if top is None:
        return []
    return [f"{MUSCLES[top['code']]}: {top['count']} of {plural(cramps, 'cramp')}, the muscle named most."]


def _trigger(triggers: list[dict]) -> list[str]:
    if not triggers:
        return []
    top = triggers[0]
    return [f"Trigger noted most often: {TRIGGERS[top['code']].lower()} ({plural(top['count'], 'cramp')})."]


# A method tried fewer times than this is listed, but never called the one that helped most.
MIN_TRIES_TO_RANK = 3


def _relief(reliefs: list[dict]) -> list[str]:
    best = next((row for row in reliefs if row["tried"] >= MIN_TRIES_TO_RANK and row["helped"]), None)
    if best is None:
        return []
    method, tried = RELIEF_METHODS[best["method"]], plural(best["tried"], "time")
    return [f"{method} helped most often: {best['helped']} of the {tried} it was tried."]


def _adherence(rows: list[dict]) -> list[str]:
    sentences = []
    for row in rows:
        title, done = row["title"], row["done"]
        if row["expected"] and row["schedule"] == "weekly":
            weeks = plural(row["expected"], "week")
            sentences.append(f"“{title}”: done {plural(done, 'time')} over the {weeks} it was in the plan.")
        elif row["expected"]:
            days = plural(row["expected"], "day")
            sentences.append(f"“{title}”: done on {done} of the {days} it was in the plan.")
        elif row["checked_days"]:
            days = plural(row["checked_days"], "day")
            sentences.append(f"“{title}”: done on {done} of the {days} it was ticked.")
    return sentences


def _bedtime(rows: list[dict]) -> list[str]:
    sentences, enough = [], setting("INSIGHTS_MIN_COMPARISON_NIGHTS")
    for row in rows:
        done, skipped = row["done"], row["skipped"]
        if done["nights"] < enough or skipped["nights"] < enough:
            continue
        sentences.append(
            f"On the {plural(done['nights'], 'night')} after “{row['title']}” was done, cramps came on "
            f"{done['nights_with_cramps']} ({_percent(done['nights_with_cramps'], done['nights'])}); on the "
            f"{plural(skipped['nights'], 'night')} it was skipped, on {skipped['nights_with_cramps']} "
            f"({_percent(skipped['nights_with_cramps'], skipped['nights'])}). "
            "This shows what happened, not what caused it."
        )
    return sentences


def summarise(insights: dict) -> list[str]:
    cramps = insights["totals"]["cramps"]
    sentences = _totals(insights["days"], insights["totals"])
    if cramps:
        sentences += _muscle(cramps, insights["muscles"]) + _trigger(insights["triggers"])
        sentences += _relief(insights["reliefs"])
    return sentences + _adherence(insights["adherence"]) + _bedtime(insights["bedtime_nights"])
