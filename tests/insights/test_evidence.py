"""Evidence notes beside care-plan items: which apply, and their shape."""

import pytest

from backend.insights.evidence import EVIDENCE_NOTES
from backend.insights.service import evidence_for_item


def keys(item) -> list[str]:
    return [note["key"] for note in evidence_for_item(item)]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            {"category": "stretching", "schedule": "bedtime", "title": "Calf stretch"},
            ["stretching_before_sleep"],
        ),
        # The trial was of stretching before sleep: a morning stretch gets no such note.
        ({"category": "stretching", "schedule": "daily", "title": "Calf stretch"}, []),
        ({"category": "supplement", "title": "MAGNESIUM citrate"}, ["magnesium"]),
        ({"category": "diet", "title": "Greens", "instructions": "Foods rich in magnesium"}, ["magnesium"]),
        ({"category": "supplement", "title": "Vitamin D"}, []),
        ({"category": "exercise", "title": "Magnesium walk"}, []),
        ({"category": "other", "title": "Tonic", "instructions": "Contains Quinine"}, ["quinine_warning"]),
        ({"category": "hydration", "title": "Water", "instructions": None}, []),
    ],
)
def test_notes_apply_by_category_and_keyword(item, expected):
    assert keys(item) == expected


def test_notes_apply_to_a_model_as_to_a_dict(diary_for):
    item = diary_for("UTC").item("Stretch", category="stretching", schedule="bedtime")

    assert keys(item) == ["stretching_before_sleep"]


def test_every_note_has_our_text_and_a_citation():
    for note in EVIDENCE_NOTES:
        assert set(note) == {"key", "applies_to", "text", "citation"}
        assert note["text"] and note["citation"]
    citations = " ".join(note["citation"] for note in EVIDENCE_NOTES)
    for source in ("Hallegraeff", "CD009402", "Sebo", "Food and Drug Administration"):
        assert source in citations
