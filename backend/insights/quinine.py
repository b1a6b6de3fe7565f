"""Whether a medication or a plan item's text speaks of taking quinine.

How a match is decided (see README, "Warning signs"):
- by the medication class `quinine`, or by a quinine name as a whole word in a medication's name
  or in a plan item's title, instructions or the clinician's note for the patient;
- the names are "quinine" (its salts, e.g. quinine sulfate, bisulfate or hydrochloride, all
  contain the word) and the brand names below;
- a sentence that tells the reader not to take, to stop or to avoid quinine is not taking it: a
  mention counts only when no such cue comes before it in its sentence. Any one mention that
  counts is enough, since missing quinine is the worse error.
"""

import re

# Brand names of quinine products, kept as data. Sources: US FDA, Qualaquin (quinine sulfate)
# label and the 2006-2010 actions against unapproved quinine products sold for leg cramps
# (Legatrin, Quinamm, Q-Vel); Therapeutic Goods Administration, Australian Register of
# Therapeutic Goods (Quinate, Quinbisul). Extend the tuple as new names are met.
BRAND_NAMES = ("qualaquin", "legatrin", "quinamm", "q-vel", "quinate", "quinbisul")
NAMES = ("quinine", *BRAND_NAMES)
# Words that, before the name in the same sentence, turn "take quinine" into "don't".
NEGATING_CUES = (
    "don't",
    "dont",
    "do not",
    "does not",
    "never",
    "not to",
    "no longer",
    "stop",
    "stopped",
    "stopping",
    "quit",
    "avoid",
    "avoiding",
    "without",
    "instead of",
    "no ",
    "not ",
)
_NAME = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(name) for name in NAMES) + r")(?![\w-])", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.;!?\n]")


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def _negated(before: str) -> bool:
    before = f" {before.casefold()} "
    return any(cue in before for cue in NEGATING_CUES)


def speaks_of_taking_quinine(text: str | None) -> bool:
    for sentence in _sentences(text or ""):
        for mention in _NAME.finditer(sentence):
            if not _negated(sentence[: mention.start()]):
                return True
    return False


def names_quinine(text: str | None) -> bool:
    """Any mention at all, negated or not: the cheap first cut, and what a SQL filter looks for."""
    return bool(_NAME.search(text or ""))


def is_quinine_medication(medication: dict) -> bool:
    return medication.get("class") == "quinine" or speaks_of_taking_quinine(medication.get("name"))
