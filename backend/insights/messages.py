"""What each warning sign says, in our own plain words, in two voices: to the patient ("your"),
and to the clinician, in the third person ("the patient's"). One catalogue, so the two never
drift apart in what they report.

Never a diagnosis: a message reports what the diary or profile shows and why it is worth a
conversation; the advice points to a clinician (for the patient) or to a review (for the
clinician).
"""

from dataclasses import dataclass

from ..reference.vocabulary import CONDITIONS, MEDICATION_CLASSES


@dataclass(frozen=True)
class Voice:
    name: str
    talk: str  # the usual advice
    seek_care: str  # the urgent advice
    profile: str  # whose profile
    medicines: str
    plan: str


PATIENT = Voice(
    name="patient",
    talk="Talk to your clinician about it",
    seek_care="Seek medical care promptly, today if you can",
    profile="Your profile",
    medicines="your medicines",
    plan="your care plan",
)
CLINICIAN = Voice(
    name="clinician",
    talk="Consider reviewing this with the patient",
    seek_care="Consider contacting the patient today; the app has advised them to seek care promptly",
    profile="The patient's profile",
    medicines="the patient's medicines",
    plan="the patient's care plan",
)
VOICES = {voice.name: voice for voice in (PATIENT, CLINICIAN)}


def plural(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"


def span(days: int) -> str:
    return plural(days // 7, "week") if days % 7 == 0 else plural(days, "day")


def listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def frequent(voice: Voice, count: int, days: int) -> tuple[str, str]:
    reason = "Cramps this often are worth a check-up, to look for a cause that can be treated."
    return (
        f"{plural(count, 'cramp')} logged in the last {plural(days, 'day')}: more than a few a week.",
        f"{voice.talk}. {reason}",
    )


def rising(
    voice: Voice, recent: int, recent_days: int, recent_rate: float, baseline_rate: float, baseline_days: int
):
    before = f"up from about {baseline_rate:.1f} a week" if baseline_rate else "when there were none logged"
    changed = "anything that changed lately" if voice is PATIENT else "recent changes"
    return (
        f"Cramps are coming more often: {plural(recent, 'cramp')} in the last {span(recent_days)}, "
        f"about {recent_rate:.1f} a week, {before} in the {span(baseline_days)} before.",
        f"{voice.talk}, and ask about {changed}, such as a new medicine or more exercise.",
    )


def severe_unrelieved(voice: Voice, count: int, days: int, severity: int) -> tuple[str, str]:
    return (
        f"{plural(count, 'severe cramp')} ({severity} or more out of 10) in the last {plural(days, 'day')} "
        "with nothing tried that helped.",
        f"{voice.talk}: there may be other ways to ease cramps this strong.",
    )


def long_episode(voice: Voice, count: int, days: int, minutes: int) -> tuple[str, str]:
    return (
        f"{plural(count, 'cramp')} in the last {plural(days, 'day')} lasted more than {minutes} minutes. "
        "Most cramps are over within a few minutes.",
        f"{voice.talk}, especially if long cramps keep coming back.",
    )


def swelling_redness(voice: Voice, count: int, days: int) -> tuple[str, str]:
    check = "A swollen or red calf needs a prompt check to rule out a blood clot."
    if voice is PATIENT:
        advice = (
            f"{voice.seek_care}: your clinician or an urgent care service. If you also feel short of "
            "breath or have chest pain, call emergency services."
        )
    else:
        advice = f"{voice.seek_care}. A blood clot should be ruled out."
    return (
        f"Swelling or redness was noted with {plural(count, 'calf cramp')} (or a cramp with no muscle "
        f"given) in the last {plural(days, 'day')}. {check}",
        advice,
    )


def numbness_weakness(voice: Voice, count: int, days: int) -> tuple[str, str]:
    return (
        f"Numbness or weakness was noted with {plural(count, 'cramp')} in the last {plural(days, 'day')}. "
        "These don't usually come with ordinary cramps.",
        f"{voice.talk}, so it can be checked.",
    )


def difficulty_walking(voice: Voice, count: int, days: int) -> tuple[str, str]:
    return (
        f"Walking was hard after {plural(count, 'cramp')} in the last {plural(days, 'day')}.",
        f"{voice.talk}, and sooner if it keeps happening or gets worse.",
    )


def risk_condition(voice: Voice, conditions: list[str]) -> tuple[str, str]:
    names = [CONDITIONS.get(code, code) for code in conditions]
    advice = (
        "Keep regular check-ins with your clinician and bring this diary along."
        if voice is PATIENT
        else "Regular check-ins are worth keeping, with this diary at hand."
    )
    return (
        f"{voice.profile} lists: {listed(names)}. With this, cramps are worth checking regularly.",
        advice,
    )


def _medicine_kind(medication_class: str) -> str:
    # "Statin (for cholesterol)" -> "statin": the name already says which medicine it is.
    return MEDICATION_CLASSES.get(medication_class, medication_class).split(" (")[0].lower()


def medication_watch(voice: Voice, medications: list[dict]) -> tuple[str, str]:
    names = [f"{m['name']} ({_medicine_kind(m['class'])})" for m in medications]
    advice = (
        "Review your medicines with your clinician or the person who prescribes them. "
        "Never stop a medicine on your own."
        if voice is PATIENT
        else "Consider a medication review; the patient has been told not to stop a medicine on their own."
    )
    return (
        f"{voice.profile} lists {listed(names)}. Medicines of this kind can bring on cramps in some people.",
        advice,
    )


def quinine(voice: Voice, medication_names: list[str], item_titles: list[str]) -> tuple[str, str]:
    places = [f"{voice.medicines} ({listed(medication_names)})"] if medication_names else []
    places += [f"{voice.plan} ({listed(item_titles)})"] if item_titles else []
    message = (
        f"Quinine appears in {listed(places)}. Quinine should not be used for leg cramps: it can cause "
        "serious, sometimes life-threatening, reactions in the blood and kidneys (US FDA, 2010). It is "
        "also a treatment for malaria."
    )
    if voice is PATIENT:
        advice = (
            f"{voice.seek_care}: talk to your clinician, the person who prescribed it or a pharmacist. "
            "Don't stop a prescribed medicine on your own. If you have unusual bleeding or bruising, a "
            "rash, a fever or pass little urine, get care at once."
        )
    else:
        advice = (
            "Consider contacting the patient and the prescriber today. The patient has been told not to "
            "stop a prescribed medicine on their own."
        )
    return message, advice
