"""How the report words a warning sign's review, from the lifecycle's `review`."""

from datetime import UTC, datetime

from backend.reports.pdf import review_text


def test_a_review_names_its_day_and_reviewer():
    review = {"reviewed_at": datetime(2026, 12, 3, 9, 30, tzinfo=UTC), "reviewer": "Dr Rao", "note": "Seen."}

    assert review_text(review) == "Reviewed 3 Dec 2026 by Dr Rao"


def test_a_review_sent_as_text_reads_the_same():
    assert review_text({"reviewed_at": "2026-12-03T09:30:00+00:00", "reviewer": "Dr Rao"}) == (
        "Reviewed 3 Dec 2026 by Dr Rao"
    )


def test_no_review_says_nothing():
    assert review_text(None) == ""
