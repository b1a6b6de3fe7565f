"""What each warning sign says, in our own plain words: what we saw, then what to do.

Never a diagnosis: a message reports what the diary or profile shows and why it is worth a
conversation; the advice always points to a clinician.
"""

from ..reference.vocabulary import CONDITIONS, MEDICATION_CLASSES

TALK = "Talk to your clinician about it"
SEEK_CARE = "Seek medical care promptly, today if you can"


def plural(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"


def span(days: int) -> str:
    return plural(days // 7, "week") if days % 7 == 0 else plural(days, "day")


def listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def frequent(count: int, days: int) -> tuple[str, str]:
    return (
        f"{plural(count, 'cramp')} logged in the last {plural(days, 'day')}: more than a few a week.",
        f"{TALK}. Cramps this often are worth a check-up, to look for a cause that can be treated.",
    )


def rising(recent: int, recent_days: int, recent_rate: float, baseline_rate: float, baseline_days: int):
    before = f"up from about {baseline_rate:.1f} a week" if baseline_rate else "when there were none logged"
    return (
        f"Cramps are coming more often: {plural(recent, 'cramp')} in the last {span(recent_days)}, "
        f"about {recent_rate:.1f} a week, {before} in the {span(baseline_days)} before.",
        f"{TALK}, and mention anything that changed lately, such as a new medicine or more exercise.",
    )


def severe_unrelieved(count: int, days: int, severity: int) -> tuple[str, str]:
    return (
        f"{plural(count, 'severe cramp')} ({severity} or more out of 10) in the last {plural(days, 'day')} "
        "with nothing tried that helped.",
        f"{TALK}: there may be other ways to ease cramps this strong.",
    )


def long_episode(count: int, days: int, minutes: int) -> tuple[str, str]:
    return (
        f"{plural(count, 'cramp')} in the last {plural(days, 'day')} lasted more than {minutes} minutes. "
        "Most cramps are over within a few minutes.",
        f"{TALK}, especially if long cramps keep coming back.",
    )


def swelling_redness(count: int, days: int) -> tuple[str, str]:
    return (
        f"Swelling or redness was noted with {plural(count, 'calf cramp')} in the last "
        f"{plural(days, 'day')}. A swollen or red calf needs a prompt check to rule out a blood clot.",
        f"{SEEK_CARE}: your clinician or an urgent care service. If you also feel short of breath or "
        "have chest pain, call emergency services.",
    )


def numbness_weakness(count: int, days: int) -> tuple[str, str]:
    return (
        f"Numbness or weakness was noted with {plural(count, 'cramp')} in the last {plural(days, 'day')}. "
        "These don't usually come with ordinary cramps.",
        f"{TALK}, so it can be checked.",
    )


def difficulty_walking(count: int, days: int) -> tuple[str, str]:
    return (
        f"Walking was hard after {plural(count, 'cramp')} in the last {plural(days, 'day')}.",
        f"{TALK}, and sooner if it keeps happening or gets worse.",
    )


def risk_condition(conditions: list[str]) -> tuple[str, str]:
    names = [CONDITIONS.get(code, code) for code in conditions]
    return (
        f"Your profile lists: {listed(names)}. With this, cramps are worth checking regularly.",
        "Keep regular check-ins with your clinician and bring this diary along.",
    )


def _medicine_kind(medication_class: str) -> str:
    # "Statin (for cholesterol)" -> "statin": the name already says which medicine it is.
    return MEDICATION_CLASSES.get(medication_class, medication_class).split(" (")[0].lower()


def medication_watch(medications: list[dict]) -> tuple[str, str]:
    names = [f"{m['name']} ({_medicine_kind(m['class'])})" for m in medications]
    return (
        f"Your profile lists {listed(names)}. Medicines of this kind can bring on cramps in some people.",
        "Review your medicines with your clinician or the person who prescribes them. "
        "Never stop a medicine on your own.",
    )


def quinine(medication_names: list[str], item_titles: list[str]) -> tuple[str, str]:
    places = [f"your medicines ({listed(medication_names)})"] if medication_names else []
    places += [f"your care plan ({listed(item_titles)})"] if item_titles else []
    return (
        f"Quinine appears in {listed(places)}. Quinine should not be used for leg cramps: it can "
        "cause serious, sometimes life-threatening, reactions in the blood and kidneys.",
        f"{SEEK_CARE}: talk to your clinician or pharmacist about it. If you have unusual bleeding "
        "or bruising, a rash, a fever or pass little urine, get care at once.",
    )
