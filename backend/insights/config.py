"""Thresholds of the warning signs and insights, each overridable through Flask config.

Defaults follow DOMAIN.md "Warning signs". Read them inside an app context with `setting(name)`,
or all warning thresholds at once with `warning_thresholds()`; create_app need not set them.
"""

from dataclasses import dataclass

from flask import current_app

from ..reference.vocabulary import MEDICATION_CLASSES

DEFAULTS = {
    # frequent: at least this many cramps in the last N local calendar days (today included).
    "WARNING_FREQUENT_MIN_EPISODES": 4,
    "WARNING_FREQUENT_DAYS": 7,
    # rising: the recent weekly rate is at least FACTOR times the baseline weekly rate, with at
    # least MIN_EPISODES recent cramps. The baseline is the BASELINE_DAYS before the recent days,
    # cut to when the diary began; under MIN_BASELINE_DAYS of it there is nothing to compare with.
    "WARNING_RISING_RECENT_DAYS": 14,
    "WARNING_RISING_BASELINE_DAYS": 56,
    "WARNING_RISING_MIN_EPISODES": 4,
    "WARNING_RISING_FACTOR": 2,
    "WARNING_RISING_MIN_BASELINE_DAYS": 14,
    # The per-episode rules (severe, long, symptoms) look at cramps of the last N local days:
    # an old episode that has been seen to already should not warn for ever.
    "WARNING_LOOKBACK_DAYS": 28,
    "WARNING_SEVERE_MIN_SEVERITY": 8,
    # long_episode: strictly longer than this.
    "WARNING_LONG_EPISODE_MINUTES": 10,
    # swelling_redness: reported with a cramp of one of these muscles.
    "WARNING_CLOT_SIGN_MUSCLES": ("calf",),
    "WARNING_RISK_CONDITIONS": ("peripheral_artery_disease", "diabetes"),
    # Every class in the vocabulary is there because it is linked to cramps, but for quinine
    # (a rule of its own) and "other".
    "WARNING_MEDICATION_CLASSES": tuple(
        code for code in MEDICATION_CLASSES if code not in ("quinine", "other")
    ),
    # A warning names at most this many episodes (newest first) besides their total count.
    "WARNING_EVIDENCE_MAX_EPISODES": 100,
    # Insights word a done/skipped comparison only with at least this many nights on each side.
    "INSIGHTS_MIN_COMPARISON_NIGHTS": 5,
}
WARNING_PREFIX = "WARNING_"


def setting(name: str):
    return current_app.config.get(name, DEFAULTS[name])


@dataclass(frozen=True)
class WarningThresholds:
    """Every WARNING_* setting, read once per computation: field = key without the prefix."""

    frequent_min_episodes: int
    frequent_days: int
    rising_recent_days: int
    rising_baseline_days: int
    rising_min_episodes: int
    rising_factor: float
    rising_min_baseline_days: int
    lookback_days: int
    severe_min_severity: int
    long_episode_minutes: int
    clot_sign_muscles: tuple
    risk_conditions: tuple
    medication_classes: tuple
    evidence_max_episodes: int


def warning_thresholds() -> WarningThresholds:
    names = [name for name in DEFAULTS if name.startswith(WARNING_PREFIX)]
    return WarningThresholds(**{name.removeprefix(WARNING_PREFIX).lower(): setting(name) for name in names})
