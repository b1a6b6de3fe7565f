"""The ten warning signs of DOMAIN.md, for one patient or a clinician's whole list at once.

Diary rules count in SQL (diary_signs); profile rules read the profile the caller already holds.
Each warning: {code, level, message, advice, evidence: {episode_ids, ...}}, most serious first.
"""

import uuid
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from ..auth.models import User
from ..database import utcnow
from . import messages
from .config import WarningThresholds, warning_thresholds
from .diary_signs import (
    DiaryQueries,
    SignWindows,
    WindowCounts,
    first_episode_starts,
    quinine_items,
    sign_windows,
)
from .lifecycle import with_lifecycle
from .quinine import is_quinine_medication
from .sql import batches

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
# Bounds each query's list of patient ids, and its branches (one per time zone) well under
# SQLite's limit of 500 terms in a compound SELECT.
PATIENTS_PER_BATCH = 200


def warning(code: str, say, evidence: dict) -> dict:
    """A sign found; `say(voice)` words it for whoever reads it (messages.PATIENT or CLINICIAN)."""
    return {"code": code, "level": LEVELS[code], "say": say, "evidence": evidence}


def in_voice(found: dict, voice: messages.Voice) -> dict:
    message, advice = found["say"](voice)
    return {key: value for key, value in found.items() if key != "say"} | {
        "message": message,
        "advice": advice,
    }


def _named(rows: list, limits: WarningThresholds, days=None) -> dict:
    """The episodes behind a warning, newest first, as many as the payload allows, with when each
    started and their count; every id, for telling one occurrence from the next (lifecycle)."""
    shown = rows[: limits.evidence_max_episodes]
    evidence = {
        "episode_ids": [str(row.id) for row in shown],
        "episodes": [{"id": str(row.id), "started_at": row.started_at.isoformat()} for row in shown],
        "episode_count": len(rows),
        "all_episode_ids": [str(row.id) for row in rows],
    }
    if days is not None:
        evidence.update({"from": days.first.isoformat(), "to": days.last.isoformat()})
    return evidence


# --- rising: the baseline is cut to when the diary began -------------------------------------


def _local_date(instant: datetime, time_zone: str):
    return instant.astimezone(ZoneInfo(time_zone)).date()


def _is_young(patient: User, windows: SignWindows) -> bool:
    """The account began after the baseline window did, so the baseline may be cut short."""
    return (
        patient.created_at is not None
        and _local_date(patient.created_at, patient.timezone) > windows.baseline.first
    )


def _baseline_days(patient: User, windows: SignWindows, first_episode_at: datetime | None) -> int:
    """Days of the baseline window the diary covers: from account creation, or from the first
    cramp logged if that is earlier (a diary written up from before the account existed)."""
    if not _is_young(patient, windows):
        return windows.baseline.count
    began = min(filter(None, (patient.created_at, first_episode_at)))
    first_day = max(windows.baseline.first, _local_date(began, patient.timezone))
    return max((windows.baseline.last - first_day).days + 1, 0)


def _is_rising(
    counts: WindowCounts, windows: SignWindows, baseline_days: int, limits: WarningThresholds
) -> bool:
    """Recent weekly rate >= FACTOR x baseline weekly rate, with enough cramps and enough baseline.

    An empty baseline that the diary covers means "none before", so a jump to the minimum count
    is a rise; a baseline shorter than WARNING_RISING_MIN_BASELINE_DAYS (a new diary) says
    nothing, and the rule stays quiet: `frequent` still speaks for a high count on its own.
    """
    if counts.recent < limits.rising_min_episodes or baseline_days < limits.rising_min_baseline_days:
        return False
    # Rates compared by cross-multiplying, so no rounding decides a case at the threshold.
    return counts.recent * baseline_days >= limits.rising_factor * counts.baseline * windows.recent.count


def _rising_baselines(patients: list[User], windows: dict, counts: dict, limits: WarningThresholds) -> dict:
    """Baseline days of each patient with enough recent cramps to be rising."""
    candidates = [p for p in patients if counts[p.id].recent >= limits.rising_min_episodes]
    first_starts = first_episode_starts([p.id for p in candidates if _is_young(p, windows[p.id])])
    return {p.id: _baseline_days(p, windows[p.id], first_starts.get(p.id)) for p in candidates}


def _since(rows: list, start: datetime) -> list:
    return [row for row in rows if row.started_at >= start]


def _frequent_warning(counts: WindowCounts, windows: SignWindows, recent: list, limits) -> dict:
    def say(voice):
        return messages.frequent(voice, counts.frequent, windows.frequent.count)

    return warning("frequent", say, _named(_since(recent, windows.frequent.start), limits, windows.frequent))


def _rising_warning(
    counts: WindowCounts, windows: SignWindows, baseline_days: int, recent: list, limits
) -> dict:
    recent_rate = counts.recent * 7 / windows.recent.count
    baseline_rate = counts.baseline * 7 / baseline_days
    evidence = _named(_since(recent, windows.recent.start), limits, windows.recent) | {
        "recent_weekly_rate": round(recent_rate, 2),
        "baseline_weekly_rate": round(baseline_rate, 2),
        "baseline_count": counts.baseline,
        "baseline_days": baseline_days,
        "baseline_to": windows.baseline.last.isoformat(),
    }

    def say(voice):
        return messages.rising(
            voice, counts.recent, windows.recent.count, recent_rate, baseline_rate, baseline_days
        )

    return warning("rising", say, evidence)


# --- per-episode rules -----------------------------------------------------------------------


def _episode_rule_text(code: str, count: int, days: int, limits: WarningThresholds):
    if code == "severe_unrelieved":
        return lambda voice: messages.severe_unrelieved(voice, count, days, limits.severe_min_severity)
    if code == "long_episode":
        return lambda voice: messages.long_episode(voice, count, days, limits.long_episode_minutes)
    return lambda voice: getattr(messages, code)(voice, count, days)


def _episode_warnings(rows: list, windows: SignWindows, limits: WarningThresholds) -> list[dict]:
    warnings = []
    for code in EPISODE_RULES:
        flagged = [row for row in rows if getattr(row, code)]
        if flagged:
            text = _episode_rule_text(code, len(flagged), windows.lookback.count, limits)
            warnings.append(warning(code, text, _named(flagged, limits, windows.lookback)))
    return warnings


# --- profile and plan rules ------------------------------------------------------------------


def _profile_warnings(patient: User, quinine_rows: list, limits: WarningThresholds) -> list[dict]:
    warnings = []
    conditions = [code for code in patient.conditions or [] if code in limits.risk_conditions]
    if conditions:
        evidence = {"episode_ids": [], "conditions": conditions}
        warnings.append(
            warning("risk_condition", lambda voice: messages.risk_condition(voice, conditions), evidence)
        )
    medications = patient.medications or []
    watched = [
        {"name": m["name"], "class": m["class"]}
        for m in medications
        if m.get("class") in limits.medication_classes
    ]
    if watched:
        evidence = {"episode_ids": [], "medications": watched}
        warnings.append(
            warning("medication_watch", lambda voice: messages.medication_watch(voice, watched), evidence)
        )
    quinine_medications = [
        {"name": m["name"], "class": m.get("class")} for m in medications if is_quinine_medication(m)
    ]
    if quinine_medications or quinine_rows:
        evidence = {
            "episode_ids": [],
            "medications": quinine_medications,
            "care_plan_item_ids": [str(row.id) for row in quinine_rows],
        }
        names, titles = [m["name"] for m in quinine_medications], [row.title for row in quinine_rows]
        warnings.append(warning("quinine", lambda voice: messages.quinine(voice, names, titles), evidence))
    return warnings


# --- putting them together -------------------------------------------------------------------


def _by_patient(rows) -> defaultdict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.patient_id].append(row)
    return grouped


def _sorted(warnings: list[dict]) -> list[dict]:
    return sorted(warnings, key=lambda w: (LEVEL_ORDER.index(w["level"]), RULE_ORDER.index(w["code"])))


def _batch_warnings(
    patients: list[User], now: datetime, limits: WarningThresholds
) -> dict[uuid.UUID, list[dict]]:
    zones = {zone: sign_windows(zone, now, limits) for zone in {patient.timezone for patient in patients}}
    windows = {patient.id: zones[patient.timezone] for patient in patients}
    diary = DiaryQueries([(w, [p.id for p in patients if p.timezone == z]) for z, w in zones.items()], limits)

    counts = defaultdict(WindowCounts, diary.window_counts())
    frequent = {p.id for p in patients if counts[p.id].frequent >= limits.frequent_min_episodes}
    baselines = _rising_baselines(patients, windows, counts, limits)
    rising = {pid for pid, days in baselines.items() if _is_rising(counts[pid], windows[pid], days, limits)}
    recent = _by_patient(diary.recent_episodes(list(frequent | rising)) if frequent | rising else [])
    flagged = _by_patient(diary.flagged_episodes())
    quinine = _by_patient(quinine_items(list(windows)))

    summaries = {}
    for patient in patients:
        pid, found = patient.id, []
        if pid in frequent:
            found.append(_frequent_warning(counts[pid], windows[pid], recent[pid], limits))
        if pid in rising:
            found.append(_rising_warning(counts[pid], windows[pid], baselines[pid], recent[pid], limits))
        found += _episode_warnings(flagged[pid], windows[pid], limits)
        found += _profile_warnings(patient, quinine[pid], limits)
        summaries[pid] = _sorted(found)
    return summaries


def warning_summaries(
    patients: list[User], now: datetime | None = None, voice: messages.Voice = messages.PATIENT
) -> dict[uuid.UUID, list[dict]]:
    """Every patient's warnings, worded for `voice`, with where each stands (seen, reviewed), in
    four to six queries per batch of up to 200 patients."""
    now, limits = now or utcnow(), warning_thresholds()
    unique = list({patient.id: patient for patient in patients}.values())
    summaries = {}
    for batch in batches(unique, PATIENTS_PER_BATCH):
        found = _batch_warnings(batch, now, limits)
        for patient_id, warnings in with_lifecycle(found).items():
            summaries[patient_id] = [in_voice(one, voice) for one in warnings]
    return summaries
