"""The period a report covers: bad dates, a backwards period and one over five years are 422."""

import pytest

from tests.support.care_team import share


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-13-01"},
        {"to": "yesterday"},
        {"from": "2026-11-02", "to": "2026-11-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"from": "1800-01-01", "to": "1800-01-02"},
        {"from": "2019-01-01"},  # to today: over five years
    ],
    ids=["bad month", "not a date", "backwards", "six years", "before 1900", "from alone"],
)
def test_a_period_the_report_cannot_cover_is_422(client, patient, query):
    response = client.get("/api/v1/me/report.pdf", query_string=query, headers=patient.headers)

    assert response.status_code == 422, response.data[:200]
    assert response.json["code"] == 422
    assert "from" in response.json["errors"] or "to" in response.json["errors"]


def test_exactly_five_years_is_allowed(client, patient):
    query = {"from": "2021-11-02", "to": "2026-10-31"}  # 1,825 nights

    response = client.get("/api/v1/me/report.pdf", query_string=query, headers=patient.headers)

    assert response.status_code == 200


def test_a_clinician_gets_422_for_a_bad_period_too(client, patient, clinician):
    share(client, patient, clinician)
    query = {"from": "2026-11-02", "to": "2026-11-01"}

    response = client.get(
        f"/api/v1/patients/{patient.id}/report.pdf", query_string=query, headers=clinician.headers
    )

    assert response.status_code == 422
