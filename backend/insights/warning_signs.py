"""The ten warning signs of DOMAIN.md, for one patient or a clinician's whole list at once.

Diary rules count in SQL (diary_signs); profile rules read the profile the caller already holds.
Each warning: {code, level, message, advice, evidence: {episode_ids, ...}}, most serious first.
"""

import uuid
from collections import defaultdict
from datetime import datetime

from ..auth.models import User
from ..database import utcnow
from . import messages
from .config import setting
from .diary_signs import (
    QUININE,
    SignWindows,
    WindowCounts,
    episodes_since,
    first_episode_starts,
    flagged_episodes,
    quinine_items,
    sign_windows,
    window_counts,
)
from .sql import batches
from .windows import local_now

LEVELS = {
    "frequent": "advice",
    "rising": "advice",
    "severe_unrelieved": "advice",
    "long_episode": "advice",
    "swelling_redness": "urgent",
    "numbness_weakness": "advice",
    "difficulty_walking": "advice",
    "risk_condition": "info",
    "medication_watch": "info",
    "quinine": "urgent",
}
RULE_ORDER = list(LEVELS)
LEVEL_ORDER = ("urgent", "advice", "info")
EPISODE_RULES = (
    "severe_unrelieved",
    "long_episode",
    "swelling_redness",
    "numbness_weakness",
    "difficulty_walking",
)


def warning(code: str, text: tuple[str, str], evidence: dict) -> dict:
    message, advice = text
    return {"code": code, "level": LEVELS[code], "message": message, "advice": advice, "evidence": evidence}


def _named(episode_ids: list[uuid.UUID], days=None) -> dict:
    """The episodes behind a warning, newest first, as many as the payload allows, and their count."""
    evidence = {
        "episode_ids": [
            str(episode_id) for episode_id in episode_ids[: setting("WARNING_EVIDENCE_MAX_EPISODES")]
        ],
        "episode_count": len(episode_ids),
    }
    if days is not None:
        evidence.update({"from": days.first.isoformat(), "to": days.last.isoformat()})
    return evidence


# --- rising: the baseline is cut to when the diary began -------------------------------------


def _baseline_days(patient: User, windows: SignWindows, first_episode_at: datetime | None, now) -> int:
    """Days of the baseline window the diary covers: from account creation, or from the first
    cramp logged if that is earlier (a diary written up from before the account existed)."""
    began = min(filter(None, (patient.created_at, first_episode_at)), default=now)
    first_day = max(windows.baseline.first, local_now(patient, began).date())
    return max((windows.baseline.last - first_day).days + 1, 0)


def _is_rising(counts: WindowCounts, windows: SignWindows, baseline_days: int) -> bool:
    """Recent weekly rate >= FACTOR x baseline weekly rate, with enough cramps and enough baseline.

    An empty baseline that the diary covers means "none before", so a jump to the minimum count
    is a rise; a baseline shorter than WARNING_RISING_MIN_BASELINE_DAYS (a new diary) says
    nothing, and the rule stays quiet: `frequent` still speaks for a high count on its own.
    """
    if counts.recent < setting("WARNING_RISING_MIN_EPISODES"):
        return False
    if baseline_days < setting("WARNING_RISING_MIN_BASELINE_DAYS"):
        return False
    # Rates compared by cross-multiplying, so no rounding decides a case at the threshold.
    return (
        counts.recent * baseline_days
        >= setting("WARNING_RISING_FACTOR") * counts.baseline * windows.recent.count
    )


def _rising_baselines(patients, windows, counts, now) -> dict[uuid.UUID, int]:
    """Baseline days of each patient with enough recent cramps to be rising."""
    candidates = [p for p in patients if counts[p.id].recent >= setting("WARNING_RISING_MIN_EPISODES")]
    # Only accounts younger than their baseline window need to know when their diary began.
    young = [
        p.id for p in candidates if local_now(p, p.created_at or now).date() > windows[p.id].baseline.first
    ]
    first_starts = first_episode_starts(young)
    return {p.id: _baseline_days(p, windows[p.id], first_starts.get(p.id), now) for p in candidates}


def _rising_warning(counts: WindowCounts, windows: SignWindows, baseline_days: int, named: list) -> dict:
    recent_rate = counts.recent * 7 / windows.recent.count
    baseline_rate = counts.baseline * 7 / baseline_days
    evidence = _named(named, windows.recent) | {
        "recent_weekly_rate": round(recent_rate, 2),
        "baseline_weekly_rate": round(baseline_rate, 2),
        "baseline_count": counts.baseline,
        "baseline_days": baseline_days,
        "baseline_to": windows.baseline.last.isoformat(),
    }
    text = messages.rising(counts.recent, windows.recent.count, recent_rate, baseline_rate, baseline_days)
    return warning("rising", text, evidence)


# --- per-episode rules -----------------------------------------------------------------------


def _episode_rule_text(code: str, count: int, days: int) -> tuple[str, str]:
    if code == "severe_unrelieved":
        return messages.severe_unrelieved(count, days, setting("WARNING_SEVERE_MIN_SEVERITY"))
    if code == "long_episode":
        return messages.long_episode(count, days, setting("WARNING_LONG_EPISODE_MINUTES"))
    return getattr(messages, code)(count, days)


def _episode_warnings(rows: list, windows: SignWindows) -> list[dict]:
    warnings = []
    for code in EPISODE_RULES:
        episode_ids = [row.id for row in rows if getattr(row, code)]
        if episode_ids:
            text = _episode_rule_text(code, len(episode_ids), windows.lookback.count)
            warnings.append(warning(code, text, _named(episode_ids, windows.lookback)))
    return warnings


# --- profile and plan rules ------------------------------------------------------------------


def _profile_warnings(patient: User, quinine_rows: list) -> list[dict]:
    warnings = []
    conditions = [code for code in patient.conditions or [] if code in setting("WARNING_RISK_CONDITIONS")]
    if conditions:
        warnings.append(
            warning(
                "risk_condition",
                messages.risk_condition(conditions),
                {"episode_ids": [], "conditions": conditions},
            )
        )
    medications = patient.medications or []
    watched = [m for m in medications if m.get("class") in setting("WARNING_MEDICATION_CLASSES")]
    if watched:
        listed = [{"name": m["name"], "class": m["class"]} for m in watched]
        warnings.append(
            warning(
                "medication_watch",
                messages.medication_watch(listed),
                {"episode_ids": [], "medications": listed},
            )
        )
    quinine_medications = [
        m for m in medications if m.get("class") == QUININE or QUININE in (m.get("name") or "").casefold()
    ]
    if quinine_medications or quinine_rows:
        evidence = {
            "episode_ids": [],
            "medications": [{"name": m["name"], "class": m.get("class")} for m in quinine_medications],
            "care_plan_item_ids": [str(row.id) for row in quinine_rows],
        }
        text = messages.quinine([m["name"] for m in quinine_medications], [row.title for row in quinine_rows])
        warnings.append(warning("quinine", text, evidence))
    return warnings


# --- putting them together -------------------------------------------------------------------


def _sorted(warnings: list[dict]) -> list[dict]:
    return sorted(warnings, key=lambda w: (LEVEL_ORDER.index(w["level"]), RULE_ORDER.index(w["code"])))


def _by_patient(rows) -> defaultdict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.patient_id].append(row)
    return grouped


def _episodes_behind(windows: dict, frequent: set, rising: set) -> defaultdict:
    """The episodes of the windows `frequent` and `rising` fired on, only for those patients."""
    bounds = {}
    for patient_id in frequent | rising:
        w = windows[patient_id]
        starts = [w.frequent.start] * (patient_id in frequent) + [w.recent.start] * (patient_id in rising)
        bounds[patient_id] = (min(starts), w.end)
    return _by_patient(episodes_since(bounds) if bounds else [])


def _since(rows: list, start: datetime) -> list[uuid.UUID]:
    return [row.id for row in rows if row.started_at >= start]


def _batch_warnings(patients: list[User], now: datetime) -> dict[uuid.UUID, list[dict]]:
    windows = {patient.id: sign_windows(patient, now) for patient in patients}
    counts = defaultdict(WindowCounts, window_counts(list(windows.values())))
    frequent = {p.id for p in patients if counts[p.id].frequent >= setting("WARNING_FREQUENT_MIN_EPISODES")}
    baselines = _rising_baselines(patients, windows, counts, now)
    rising = {pid for pid, days in baselines.items() if _is_rising(counts[pid], windows[pid], days)}
    behind = _episodes_behind(windows, frequent, rising)
    flagged = _by_patient(flagged_episodes(list(windows.values())))
    quinine = _by_patient(quinine_items(list(windows)))

    summaries = {}
    for patient in patients:
        w, count, found = windows[patient.id], counts[patient.id], []
        if patient.id in frequent:
            text = messages.frequent(count.frequent, w.frequent.count)
            found.append(
                warning("frequent", text, _named(_since(behind[patient.id], w.frequent.start), w.frequent))
            )
        if patient.id in rising:
            ids = _since(behind[patient.id], w.recent.start)
            found.append(_rising_warning(count, w, baselines[patient.id], ids))
        found += _episode_warnings(flagged[patient.id], w)
        found += _profile_warnings(patient, quinine[patient.id])
        summaries[patient.id] = _sorted(found)
    return summaries


def warning_summaries(patients: list[User], now: datetime | None = None) -> dict[uuid.UUID, list[dict]]:
    """Every patient's warnings, in four or five queries per batch of up to 200 patients."""
    now = now or utcnow()
    unique = list({patient.id: patient for patient in patients}.values())
    summaries = {}
    for batch in batches(unique):
        summaries.update(_batch_warnings(batch, now))
    return summaries
