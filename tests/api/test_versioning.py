"""Optimistic concurrency: an edit based on an old version is refused with the record as it is now."""

import pytest

RESOURCES = {
    "episode": ("/api/v1/episodes/{id}", {"severity": 2}),
    "item": ("/api/v1/care-plan/items/{id}", {"status": "paused"}),
}


@pytest.fixture(params=list(RESOURCES))
def resource(request, episode, item):
    """(url, a valid change, the record as created) for each kind of versioned record."""
    record = {"episode": episode, "item": item}[request.param]
    url, change = RESOURCES[request.param]
    return url.format(id=record["id"]), change, record


def test_patch_with_the_current_version_in_the_body_succeeds(client, patient, resource):
    url, change, _ = resource

    response = client.patch(url, json={**change, "version": 1}, headers=patient.headers)

    assert response.status_code == 200
    assert response.json["version"] == 2
    assert response.headers["ETag"] == '"2"'


def test_patch_with_a_stale_version_in_the_body_is_409_with_the_current_record(client, patient, resource):
    url, change, record = resource
    client.patch(url, json=change, headers=patient.headers)

    response = client.patch(url, json={**change, "version": 1}, headers=patient.headers)

    assert response.status_code == 409
    assert response.json["code"] == 409
    assert response.json["current"]["id"] == record["id"]
    assert response.json["current"]["version"] == 2


def test_stale_patch_changes_nothing(client, patient, episode):
    url = f"/api/v1/episodes/{episode['id']}"
    client.patch(url, json={"severity": 2}, headers=patient.headers)

    client.patch(url, json={"severity": 9, "version": 1}, headers=patient.headers)

    stored = client.get(url, headers=patient.headers).json
    assert (stored["severity"], stored["version"]) == (2, 2)


def test_patch_with_a_current_if_match_header_succeeds(client, patient, resource):
    url, change, _ = resource

    response = client.patch(url, json=change, headers={**patient.headers, "If-Match": '"1"'})

    assert response.status_code == 200
    assert response.json["version"] == 2


def test_patch_with_a_stale_if_match_header_is_409(client, patient, resource):
    url, change, _ = resource
    client.patch(url, json=change, headers=patient.headers)

    response = client.patch(url, json=change, headers={**patient.headers, "If-Match": '"1"'})

    assert response.status_code == 409
    assert response.json["current"]["version"] == 2


def test_if_match_takes_the_etag_as_get_returned_it(client, patient, resource):
    url, change, _ = resource
    etag = client.get(url, headers=patient.headers).headers["ETag"]

    response = client.patch(url, json=change, headers={**patient.headers, "If-Match": etag})

    assert response.status_code == 200


def test_if_match_accepts_a_weak_etag(client, patient, resource):
    url, change, _ = resource

    response = client.patch(url, json=change, headers={**patient.headers, "If-Match": 'W/"1"'})

    assert response.status_code == 200


def test_if_match_wins_over_the_body_version(client, patient, resource):
    url, change, _ = resource

    response = client.patch(
        url, json={**change, "version": 1}, headers={**patient.headers, "If-Match": '"7"'}
    )

    assert response.status_code == 409


def test_if_match_that_is_not_a_version_is_400(client, patient, resource):
    url, change, _ = resource

    response = client.patch(url, json=change, headers={**patient.headers, "If-Match": '"abc"'})

    assert response.status_code == 400
    assert response.json["code"] == 400


def test_patch_without_a_version_applies(client, patient, resource):
    url, change, record = resource
    client.patch(url, json=change, headers=patient.headers)
    change_back = {name: record[name] for name in change}

    response = client.patch(url, json=change_back, headers=patient.headers)

    assert response.status_code == 200
    assert response.json["version"] == 3


def test_get_etag_follows_the_version(client, patient, resource):
    url, change, _ = resource
    client.patch(url, json=change, headers=patient.headers)

    assert client.get(url, headers=patient.headers).headers["ETag"] == '"2"'


def test_profile_patch_with_a_stale_version_is_409(client, patient):
    client.patch("/api/v1/me", json={"display_name": "Sam"}, headers=patient.headers)

    response = client.patch(
        "/api/v1/me", json={"display_name": "Alex", "version": 1}, headers=patient.headers
    )

    assert response.status_code == 409
    assert response.json["current"]["display_name"] == "Sam"
    assert response.json["current"]["version"] == 2


def test_profile_patch_with_the_current_if_match_succeeds(client, patient):
    response = client.patch(
        "/api/v1/me", json={"display_name": "Sam"}, headers={**patient.headers, "If-Match": '"1"'}
    )

    assert response.status_code == 200
    assert response.json["version"] == 2
