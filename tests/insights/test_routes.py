"""GET /api/v1/warnings and /api/v1/insights: the patient's own, signed in."""

import pytest

from backend.database import utcnow
from tests.support.factories import episode_body, item_body

ROUTES = ["/api/v1/warnings", "/api/v1/insights"]


def test_warnings_name_the_episode_behind_them(client, patient):
    body = episode_body(started_at=utcnow().isoformat(), ended_at=None, muscle="calf", symptoms=["swelling"])
    assert client.post("/api/v1/episodes", json=body, headers=patient.headers).status_code == 201

    response = client.get("/api/v1/warnings", headers=patient.headers)

    assert response.status_code == 200
    [warning] = response.json
    assert set(warning) == {
        "code",
        "level",
        "message",
        "advice",
        "evidence",
        "occurrence",
        "tokens",
        "acknowledged_at",
        "review",
    }
    assert (warning["acknowledged_at"], warning["review"]) == (None, None)
    assert (warning["code"], warning["level"]) == ("swelling_redness", "urgent")
    assert warning["evidence"]["episode_ids"] == [body["id"]]


def test_warnings_of_a_calm_diary_are_an_empty_list(client, patient):
    response = client.get("/api/v1/warnings", headers=patient.headers)

    assert response.status_code == 200
    assert response.json == []


def test_insights_default_to_90_days_with_plan_evidence(client, patient):
    client.post("/api/v1/care-plan/items", json=item_body(), headers=patient.headers)
    client.post(
        "/api/v1/episodes",
        json=episode_body(started_at=utcnow().isoformat(), ended_at=None),
        headers=patient.headers,
    )

    response = client.get("/api/v1/insights", headers=patient.headers)

    assert response.status_code == 200
    assert response.json["days"] == 90
    assert response.json["totals"]["cramps"] == 1
    assert response.json["evidence"][0]["notes"][0]["key"] == "stretching_before_sleep"
    assert response.json["summary"][0].startswith("1 cramp on 1 night in the last 90 days")


@pytest.mark.parametrize("days", [1, 1825])
def test_insights_accept_one_day_to_five_years(client, patient, days):
    response = client.get(f"/api/v1/insights?days={days}", headers=patient.headers)

    assert response.status_code == 200
    assert response.json["days"] == days


@pytest.mark.parametrize("days", ["0", "1826", "-3", "abc", "2.5"])
def test_insights_refuse_a_bad_window(client, patient, days):
    response = client.get(f"/api/v1/insights?days={days}", headers=patient.headers)

    assert response.status_code == 422
    assert "days" in response.json["errors"]


@pytest.mark.parametrize("path", ROUTES)
def test_signed_out_is_401(client, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response.json["code"] == 401


@pytest.mark.parametrize("path", ROUTES)
def test_clinicians_use_the_shared_patient_routes_instead(client, clinician, path):
    response = client.get(path, headers=clinician.headers)

    assert response.status_code == 403
    assert response.json["code"] == 403
