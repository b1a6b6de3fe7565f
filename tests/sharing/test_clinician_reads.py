"""A shared patient's diary, care plan with adherence, checks, insights and warnings."""

from backend.database import utcnow
from tests.support.care_team import add_episode, add_item, local_day, share


def test_episodes_are_paged_like_the_patients_own(client, patient, viewer, other_patient):
    for hour in range(3):
        add_episode(client, patient, started_at=f"2026-11-05T0{hour}:00:00+00:00", ended_at=None)
    add_episode(client, other_patient)

    response = client.get(f"/api/v1/patients/{patient.id}/episodes?page_size=2", headers=viewer.headers)

    assert response.status_code == 200
    assert [episode["started_at"][:13] for episode in response.json] == ["2026-11-05T02", "2026-11-05T01"]
    assert '"total": 3' in response.headers["X-Pagination"]


def test_episodes_filter_by_night(client, patient, viewer):
    add_episode(client, patient, started_at="2026-11-05T03:00:00+00:00", ended_at=None)
    wanted = add_episode(client, patient, started_at="2026-11-07T03:00:00+00:00", ended_at=None)

    response = client.get(
        f"/api/v1/patients/{patient.id}/episodes?from=2026-11-06&to=2026-11-06", headers=viewer.headers
    )

    assert [episode["id"] for episode in response.json] == [wanted["id"]]


def test_episodes_refuse_a_bad_date(client, patient, viewer):
    response = client.get(f"/api/v1/patients/{patient.id}/episodes?from=yesterday", headers=viewer.headers)

    assert response.status_code == 422


def tick(client, patient, item, days_ago, done=True):
    response = client.put(
        f"/api/v1/care-plan/items/{item['id']}/checks/{local_day(days_ago)}",
        json={"done": done},
        headers=patient.headers,
    )
    assert response.status_code in (200, 201), response.json


def test_care_plan_shows_adherence_over_14_days(client, new_yorker, clinician):
    item = add_item(client, new_yorker, schedule="bedtime", start_date=local_day(20))
    for days_ago in (0, 1, 13):
        tick(client, new_yorker, item, days_ago)
    tick(client, new_yorker, item, 2, done=False)
    tick(client, new_yorker, item, 14)
    share(client, new_yorker, clinician)

    plan = client.get(f"/api/v1/patients/{new_yorker.id}/care-plan", headers=clinician.headers).json

    assert (plan["from"], plan["to"]) == (local_day(13), local_day(0))
    [shown] = plan["items"]
    assert shown["title"] == item["title"]
    # Today is ticked, so it counts: 14 days expected, 3 done (0, 1, 13), 1 skipped (2).
    assert shown["adherence"] == {
        "scheduled_days": 14,
        "expected": 14,
        "done": 3,
        "skipped": 1,
        "checked_days": 4,
        "rate": 0.21,
        "done_rate_checked": 0.75,
    }


def test_adherence_counts_only_days_the_item_was_in_the_plan(client, new_yorker, clinician):
    item = add_item(client, new_yorker, schedule="daily", start_date=local_day(3))
    tick(client, new_yorker, item, 0)
    as_needed = add_item(client, new_yorker, schedule="as_needed", start_date=local_day(3))
    share(client, new_yorker, clinician)

    daily, occasional = client.get(
        f"/api/v1/patients/{new_yorker.id}/care-plan", headers=clinician.headers
    ).json["items"]

    assert (daily["adherence"]["expected"], daily["adherence"]["done"], daily["adherence"]["rate"]) == (
        4,
        1,
        0.25,
    )
    assert occasional["id"] == as_needed["id"]
    assert occasional["adherence"]["rate"] is None


def test_checks_default_to_the_last_two_weeks(client, new_yorker, clinician):
    item = add_item(client, new_yorker, start_date=local_day(20))
    for days_ago in (0, 13, 14):
        tick(client, new_yorker, item, days_ago)
    share(client, new_yorker, clinician)

    checks = client.get(f"/api/v1/patients/{new_yorker.id}/checks", headers=clinician.headers).json

    assert [check["date"] for check in checks] == [local_day(13), local_day(0)]


def test_checks_between_days(client, new_yorker, clinician):
    item = add_item(client, new_yorker, start_date=local_day(20))
    for days_ago in (0, 15, 16):
        tick(client, new_yorker, item, days_ago)
    share(client, new_yorker, clinician)

    checks = client.get(
        f"/api/v1/patients/{new_yorker.id}/checks?from={local_day(16)}&to={local_day(15)}",
        headers=clinician.headers,
    ).json

    assert [check["date"] for check in checks] == [local_day(16), local_day(15)]


def test_checks_refuse_a_bad_date(client, patient, viewer):
    response = client.get(f"/api/v1/patients/{patient.id}/checks?to=someday", headers=viewer.headers)

    assert response.status_code == 422


def test_checks_of_a_removed_item_are_not_listed(client, new_yorker, clinician):
    item = add_item(client, new_yorker, start_date=local_day(5))
    tick(client, new_yorker, item, 0)
    client.delete(f"/api/v1/care-plan/items/{item['id']}", headers=new_yorker.headers)
    share(client, new_yorker, clinician)

    assert client.get(f"/api/v1/patients/{new_yorker.id}/checks", headers=clinician.headers).json == []


def test_insights_refuse_a_bad_window(client, patient, viewer):
    response = client.get(f"/api/v1/patients/{patient.id}/insights?days=0", headers=viewer.headers)

    assert response.status_code == 422
    assert "days" in response.json["errors"]


def test_insights_cover_the_days_asked_for(client, patient, viewer):
    add_episode(client, patient, started_at=utcnow().isoformat(), ended_at=None)

    response = client.get(f"/api/v1/patients/{patient.id}/insights?days=30", headers=viewer.headers)

    assert response.status_code == 200
    assert response.json["days"] == 30
    assert response.json["timezone"] == "Europe/London"


def test_warnings_name_the_episodes_behind_them(client, patient, viewer):
    episode = add_episode(
        client, patient, muscle="calf", symptoms=["swelling"], started_at=utcnow().isoformat(), ended_at=None
    )

    warnings = client.get(f"/api/v1/patients/{patient.id}/warnings", headers=viewer.headers).json

    urgent = [warning for warning in warnings if warning["level"] == "urgent"]
    assert urgent
    assert episode["id"] in urgent[0]["evidence"]["episode_ids"]


def test_a_page_far_beyond_the_last_is_empty(client, patient, viewer):
    add_episode(client, patient)

    response = client.get(f"/api/v1/patients/{patient.id}/episodes?page={10**24}", headers=viewer.headers)

    assert response.status_code == 200
    assert response.json == []
