"""Ticking care-plan items off day by day: one check per item per day."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backend.careplan.models import CarePlanCheck
from tests.support.factories import CHECK_DAY


def patients_today() -> date:
    # The `patient` fixture lives in London; "today" is theirs, not this machine's.
    return datetime.now(ZoneInfo("Europe/London")).date()


def check_url(item: dict, day: str = CHECK_DAY) -> str:
    return f"/api/v1/care-plan/items/{item['id']}/checks/{day}"


def test_put_check_answers_201_the_first_time(client, patient, item):
    response = client.put(
        check_url(item), json={"done": True, "note": "Before bed."}, headers=patient.headers
    )

    assert response.status_code == 201
    check = response.json
    assert (check["item_id"], check["date"], check["done"], check["note"]) == (
        item["id"],
        CHECK_DAY,
        True,
        "Before bed.",
    )
    assert check["version"] == 1


def test_put_check_again_updates_the_same_row(client, patient, item, check, rows):
    response = client.put(
        check_url(item), json={"done": False, "note": "Too tired."}, headers=patient.headers
    )

    assert response.status_code == 200
    assert response.json["id"] == check["id"]
    assert response.json["done"] is False
    assert response.json["version"] == 2
    assert len(rows(CarePlanCheck)) == 1


def test_put_check_keeps_the_note_when_none_is_sent(client, patient, item, check):
    response = client.put(check_url(item), json={"done": False}, headers=patient.headers)

    assert response.json["note"] == check["note"]


def test_put_check_takes_the_clients_id(client, patient, item):
    check_id = str(uuid.uuid4())

    response = client.put(check_url(item), json={"id": check_id, "done": True}, headers=patient.headers)

    assert response.json["id"] == check_id


def test_put_check_with_an_id_that_belongs_to_another_check_is_422(client, patient, add_item, item, check):
    other_item = add_item()

    response = client.put(
        check_url(other_item), json={"id": check["id"], "done": True}, headers=patient.headers
    )

    assert response.status_code == 422
    assert "id" in response.json["errors"]


def test_put_check_for_tomorrow_is_allowed(client, patient, item):
    tomorrow = patients_today() + timedelta(days=1)

    response = client.put(check_url(item, tomorrow.isoformat()), json={"done": True}, headers=patient.headers)

    assert response.status_code == 201


def test_put_check_far_ahead_is_422(client, patient, item):
    far_ahead = patients_today() + timedelta(days=3)

    response = client.put(
        check_url(item, far_ahead.isoformat()), json={"done": True}, headers=patient.headers
    )

    assert response.status_code == 422
    assert "date" in response.json["errors"]


@pytest.mark.parametrize(
    "day", ["2026-02-30", "2026-13-01", "yesterday", "20260115", "2026-W03-4", "2026-1-15"]
)
def test_put_check_on_a_day_that_does_not_exist_is_422(client, patient, item, rows, day):
    response = client.put(check_url(item, day), json={"done": True}, headers=patient.headers)

    assert response.status_code == 422
    assert "date" in response.json["errors"]
    assert rows(CarePlanCheck) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "done"),
        ({"done": None}, "done"),
        ({"done": "perhaps"}, "done"),
        ({"done": True, "note": "x" * 501}, "note"),
        ({"done": True, "note": "nul \x00"}, "note"),
        ({"done": True, "id": "not-a-uuid"}, "id"),
        ({"done": True, "date": CHECK_DAY}, "date"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_put_check_with_an_invalid_body_is_422(client, patient, item, body, field):
    response = client.put(check_url(item), json=body, headers=patient.headers)

    assert response.status_code == 422
    assert field in response.json["errors"]


def test_put_check_on_a_removed_item_is_not_found(client, patient, item):
    client.delete(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers)

    assert client.put(check_url(item), json={"done": True}, headers=patient.headers).status_code == 404


def test_delete_check_clears_the_day(client, patient, item, check):
    response = client.delete(check_url(item), headers=patient.headers)

    assert response.status_code == 204
    listed = client.get(f"/api/v1/care-plan/checks?from={CHECK_DAY}&to={CHECK_DAY}", headers=patient.headers)
    assert listed.json == []


def test_delete_check_on_a_day_without_one_is_not_found(client, patient, item):
    assert client.delete(check_url(item), headers=patient.headers).status_code == 404


def test_delete_check_twice_is_not_found_the_second_time(client, patient, item, check):
    client.delete(check_url(item), headers=patient.headers)

    assert client.delete(check_url(item), headers=patient.headers).status_code == 404


def test_delete_check_on_a_day_that_does_not_exist_is_422(client, patient, item):
    response = client.delete(check_url(item, "2026-02-30"), headers=patient.headers)

    assert response.status_code == 422


def test_list_checks_between_two_days(client, patient, item):
    for day in ("2026-01-10", "2026-01-11", "2026-01-12"):
        client.put(check_url(item, day), json={"done": True}, headers=patient.headers)

    response = client.get("/api/v1/care-plan/checks?from=2026-01-11&to=2026-01-12", headers=patient.headers)

    assert response.status_code == 200
    assert [check["date"] for check in response.json] == ["2026-01-11", "2026-01-12"]


def test_list_checks_defaults_to_the_last_two_weeks(client, patient, item):
    today = patients_today()
    for days_ago in (0, 13, 14):
        day = (today - timedelta(days=days_ago)).isoformat()
        client.put(check_url(item, day), json={"done": True}, headers=patient.headers)

    response = client.get("/api/v1/care-plan/checks", headers=patient.headers)

    assert len(response.json) == 2


def test_list_checks_leaves_out_other_patients_checks(client, patient, other_patient, add_item):
    mine, theirs = add_item(), add_item(actor=other_patient)
    client.put(check_url(mine), json={"done": True}, headers=patient.headers)
    client.put(check_url(theirs), json={"done": True}, headers=other_patient.headers)

    response = client.get(
        f"/api/v1/care-plan/checks?from={CHECK_DAY}&to={CHECK_DAY}", headers=patient.headers
    )

    assert [check["item_id"] for check in response.json] == [mine["id"]]


def test_list_checks_leaves_out_the_checks_of_a_removed_item(client, patient, item, check):
    client.delete(f"/api/v1/care-plan/items/{item['id']}", headers=patient.headers)

    response = client.get(
        f"/api/v1/care-plan/checks?from={CHECK_DAY}&to={CHECK_DAY}", headers=patient.headers
    )

    assert response.json == []


@pytest.mark.parametrize(("query", "field"), [("from=2026-02-30", "from"), ("to=2026-13-01", "to")])
def test_list_checks_with_a_bad_day_is_422(client, patient, query, field):
    response = client.get(f"/api/v1/care-plan/checks?{query}", headers=patient.headers)

    assert response.status_code == 422
    assert field in response.json["errors"]


def test_list_checks_is_refused_to_a_clinician(client, clinician):
    assert client.get("/api/v1/care-plan/checks", headers=clinician.headers).status_code == 403
