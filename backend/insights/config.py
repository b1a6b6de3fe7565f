"""Thresholds of the warning signs and insights, each overridable through Flask config.

Defaults follow DOMAIN.md "Warning signs". Read them with `setting(name)` inside an app context;
nothing here needs create_app to have set them.
"""

from flask import current_app

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
    "WARNING_MEDICATION_CLASSES": (
        "thiazide_diuretic",
        "loop_diuretic",
        "potassium_sparing_diuretic",
        "statin",
        "long_acting_beta_agonist",
        "estrogen_or_raloxifene",
        "teriparatide",
        "iron_sucrose_iv",
        "naproxen",
    ),
    # A warning names at most this many episodes (newest first) besides their total count.
    "WARNING_EVIDENCE_MAX_EPISODES": 100,
    # Insights word a done/skipped comparison only with at least this many nights on each side.
    "INSIGHTS_MIN_COMPARISON_NIGHTS": 5,
}


def setting(name: str):
    return current_app.config.get(name, DEFAULTS[name])
