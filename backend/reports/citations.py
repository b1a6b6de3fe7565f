"""The sources behind the health statements a report can make; a report lists those it used."""

from ..insights.evidence import EVIDENCE_NOTES

_EVIDENCE = {note["key"]: note["citation"] for note in EVIDENCE_NOTES}

# When to seek care, and which medicine classes are linked to cramps.
NIGHT_CRAMPS_REVIEW = (
    "Allen RE, Kirby KA. Nocturnal leg cramps. American Family Physician 2012;86(4):350-355."
)
MEDICINES_BEFORE_CRAMPS = (
    "Garrison SR, Dormuth CR, Morrow RL, Carney GA, Khan KM. Nocturnal leg cramps and prescription "
    "use that precedes them: a sequence symmetry analysis. Archives of Internal Medicine "
    "2012;172(2):120-126."
)
QUININE_WARNING = _EVIDENCE["quinine_warning"]


class Citations:
    """Numbers sources in the order the page first cites them, so "[2]" means the same everywhere."""

    def __init__(self):
        self.sources: list[str] = []

    def cite(self, *sources: str) -> str:
        numbers = []
        for source in sources:
            if source not in self.sources:
                self.sources.append(source)
            numbers.append(self.sources.index(source) + 1)
        return "[" + ", ".join(str(number) for number in numbers) + "]"
