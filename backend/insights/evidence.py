"""What the research says about some care-plan items, in our own words, with where it comes from.

Worded for either reader, patient or clinician: no "you" in them.

A note applies to an item when the item's category is one of `categories` and its schedule one
of `schedules` (any, when absent) and its title or instructions mention one of `keywords` (none
needed, when absent), ignoring case.
"""

EVIDENCE_NOTES = (
    {
        "key": "stretching_before_sleep",
        # The trial was of a stretch before sleep: not every stretching item.
        "applies_to": {"categories": ["stretching"], "schedules": ["bedtime"]},
        "text": (
            "In a trial with adults over 55, stretching the calves and the backs of the thighs for "
            "about three minutes before sleep, for six weeks, meant fewer and milder night cramps. "
            "Other studies found less, so it is worth trying rather than proven."
        ),
        "citation": (
            "Hallegraeff JM, van der Schans CP, de Ruiter R, de Greef MH. Stretching before sleep "
            "reduces the frequency and severity of nocturnal leg cramps in older adults: a randomised "
            "trial. Journal of Physiotherapy 2012;58(1):17-22."
        ),
    },
    {
        "key": "magnesium",
        "applies_to": {"categories": ["supplement", "medication", "diet"], "keywords": ["magnesium"]},
        "text": (
            "Reviews of the trials found that magnesium is unlikely to help the usual cramps of older "
            "adults. In pregnancy the results are mixed. Whether to keep taking it is worth asking a "
            "clinician."
        ),
        "citation": (
            "Garrison SR, Allan GM, Sekhon RK, Musini VM, Khan KM. Magnesium for skeletal muscle "
            "cramps. Cochrane Database of Systematic Reviews 2012, CD009402; Sebo P, Cerutti B, "
            "Haller DM. Effect of magnesium therapy on nocturnal leg cramps. Family Practice "
            "2014;31(1):7-19."
        ),
    },
    {
        "key": "quinine_warning",
        "applies_to": {"keywords": ["quinine"]},
        "text": (
            "Quinine should not be used for leg cramps. The US drug regulator warned in 2010 that it "
            "can cause serious and sometimes fatal reactions, including blood and kidney problems. "
            "It is worth raising with a clinician or pharmacist soon."
        ),
        "citation": (
            "US Food and Drug Administration. Drug Safety Communication on quinine sulfate "
            "(Qualaquin) and its use for leg cramps, July 2010."
        ),
    },
)


def _field(item, name: str) -> str:
    value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
    return value or ""


def applies(note: dict, item) -> bool:
    rule = note["applies_to"]
    if "categories" in rule and _field(item, "category") not in rule["categories"]:
        return False
    if "schedules" in rule and _field(item, "schedule") not in rule["schedules"]:
        return False
    text = f"{_field(item, 'title')}\n{_field(item, 'instructions')}".casefold()
    return "keywords" not in rule or any(keyword in text for keyword in rule["keywords"])


def evidence_for_item(item) -> list[dict]:
    """The notes that apply to a care-plan item (a model or a dict with category, title and
    instructions), as plain dicts a view can return."""
    return [
        {**note, "applies_to": {key: list(values) for key, values in note["applies_to"].items()}}
        for note in EVIDENCE_NOTES
        if applies(note, item)
    ]
