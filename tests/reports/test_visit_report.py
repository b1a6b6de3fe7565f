"""The visit report of a diary whose figures were worked out by hand (tests/reports/conftest.py).

In the period (5 Oct to 1 Nov 2026): cramps of 120, 60, 300 and 90 s, severities 4, 6, 8 and 7, on
four nights: 1 night a week, median severity 6.5, median duration 105 s. Before (7 Sep to 4 Oct):
two cramps of 60 and 180 s, severities 3 and 5. The bedtime stretch was ticked done on 5, 6 and 7
Oct (cramps on the nights of the 5th and 7th) and skipped on the 14th (a cramp): 3 of the 28 days.
"""

from tests.reports.conftest import PERIOD
from tests.support.reports import pdf_pages, save_first_page_png


def report(client, actor, **query):
    response = client.get("/api/v1/me/report.pdf", query_string=query, headers=actor.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_the_report_is_a_one_page_pdf_to_download(client, diary):
    response = report(client, diary, **PERIOD)

    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert (
        'filename="crampcare-report-2026-10-05-to-2026-11-01.pdf"' in response.headers["Content-Disposition"]
    )
    assert len(pdf_pages(response.data)) == 1


def test_the_header_names_the_patient_period_zone_and_that_it_is_no_diagnosis(client, diary):
    text = pdf_pages(report(client, diary, **PERIOD).data)[0]

    assert "Margaret Ellis" in text
    assert "Period: 5 Oct to 1 Nov 2026 (28 nights), compared with 7 Sep to 4 Oct 2026." in text
    assert "Time zone: Europe/London." in text
    assert "Made " in text
    assert "Self-reported diary: not a diagnosis." in text


def test_key_figures_stand_against_the_period_before_with_the_change(client, diary):
    text = pdf_pages(report(client, diary, **PERIOD).data)[0]

    assert "This period Previous period Change" in text
    assert "Cramps 4 2 +2" in text
    assert "Nights with cramps 4 2 +2" in text
    assert "Nights with cramps per week 1 0.5 +0.5" in text
    assert "Median severity (0-10) 6.5 4 +2.5" in text
    assert "Median duration 1 min 45 s 2 min 00 s -15 s" in text


def test_charts_muscles_triggers_and_what_helped(client, diary):
    text = pdf_pages(report(client, diary, **PERIOD).data)[0]

    for title in (
        "Nights with cramps, per week",
        "Severity (cramps per score, 0-10)",
        "Start time (cramps per hour)",
    ):
        assert title in text
    assert "5 Oct 12 Oct 19 Oct 26 Oct" in text  # one bar per week, labelled by its Monday
    assert "Muscle: Calf 3 (75%), Foot 1 (25%)" in text
    assert "Side: Left 2 (50%), Both 1 (25%), Right 1 (25%)" in text
    assert "1. Not enough to drink (2), 2. Long time standing (1)" in text
    assert "Stretching: helped 2 of 2 times; Massage: helped 0 of 1 time" in text


def test_care_plan_adherence_and_the_bedtime_comparison_with_its_counts(client, diary):
    text = pdf_pages(report(client, diary, **PERIOD).data)[0]

    assert "Stretch calves before bed [1] At bedtime 3 1 28 11%" in text
    assert "was done: cramps on 2 of 3 (67%); after it was skipped: 1 of 1 (100%)" in text
    assert "not proof of cause" in text


def test_warning_signs_medicines_and_their_sources(client, diary):
    text = pdf_pages(report(client, diary, **PERIOD).data)[0]

    assert "Severe cramp (8+/10) that nothing eased [3]: nights of 14 Oct." in text
    assert "Atorvastatin Statin (for cholesterol) Class linked to cramps [3, 4]" in text
    assert "QUININE: not to be used for leg cramps [2]" in text
    assert "[1] Hallegraeff JM" in text
    assert "[2] US Food and Drug Administration" in text
    assert "[3] Allen RE, Kirby KA" in text


def test_page_one_as_a_picture_for_people_to_look_at(client, diary):
    png = save_first_page_png(report(client, diary, **PERIOD).data, "visit-report")

    assert png is None or png.stat().st_size > 10_000


def test_the_default_period_is_the_last_28_nights(client, diary):
    text = pdf_pages(report(client, diary).data)[0]

    assert "(28 nights), compared with" in text


def test_five_years_of_nights_stay_within_two_pages(client, diary):
    response = report(client, diary, **{"from": "2021-11-03", "to": "2026-11-01"})

    assert len(pdf_pages(response.data)) <= 2


def test_a_report_with_no_cramps_says_so(client, patient):
    text = pdf_pages(report(client, patient, **PERIOD).data)[0]

    assert "No cramps logged in this period." in text
    assert "Cramps 0" in text
