"""Every refusal, whoever raises it, comes in the one error shape."""

import uuid

from sqlalchemy.exc import DataError

import backend.episodes.routes
from tests.support.factories import episode_body


def test_unknown_api_path_is_404_in_the_error_shape(client, patient):
    response = client.get(f"/api/v1/nothing-here/{uuid.uuid4()}", headers=patient.headers)

    assert response.status_code == 404
    assert set(response.json) == {"code", "status", "message"}


def test_unknown_api_path_is_404_for_writes_too(client, patient):
    response = client.post("/api/v1/nothing-here", json={}, headers=patient.headers)

    assert response.status_code == 404
    assert response.json["code"] == 404


def test_unsupported_method_on_an_api_path_is_405(client, patient):
    response = client.put("/api/v1/episodes", json={}, headers=patient.headers)

    assert response.status_code == 405
    assert response.json["code"] == 405


def test_value_the_database_refuses_is_422_not_500(client, patient, monkeypatch):
    def refused(*args, **kwargs):
        raise DataError("INSERT ...", {}, Exception("value out of range"))

    monkeypatch.setattr(backend.episodes.routes, "insert_once", refused)

    response = client.post("/api/v1/episodes", json=episode_body(), headers=patient.headers)

    assert response.status_code == 422
    assert response.json["code"] == 422
    assert response.json["message"]


def test_field_errors_are_keyed_by_field_without_the_location(client, patient):
    response = client.post("/api/v1/episodes", json=episode_body(severity=11), headers=patient.headers)

    assert list(response.json["errors"]) == ["severity"]


def test_conflict_carries_the_current_record(client, patient, episode):
    url = f"/api/v1/episodes/{episode['id']}"
    client.patch(url, json={"notes": "first"}, headers=patient.headers)

    response = client.patch(url, json={"notes": "second", "version": 1}, headers=patient.headers)

    assert set(response.json) == {"code", "status", "message", "current"}
    assert response.json["current"]["notes"] == "first"
