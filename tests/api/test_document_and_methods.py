"""Answers the OpenAPI document promises: a 405 names the methods allowed, a PATCH must change
something, and days are bounded like the rest of the diary."""

import pytest

from tests.support.factories import CHECK_DAY
from tests.support.routes import API_OPERATIONS

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PATHS = sorted({(rule, path) for _, rule, path in API_OPERATIONS})


@pytest.mark.parametrize(("rule", "path"), PATHS, ids=[rule for rule, _ in PATHS])
def test_a_method_a_route_lacks_is_405_with_allow(client, rule, path):
    allowed = {method for method, other_rule, _ in API_OPERATIONS if other_rule == rule}
    missing = next((method for method in METHODS if method not in allowed), None)
    if missing is None:
        pytest.fail(f"{rule} takes every method; nothing to refuse")

    response = client.open(path, method=missing)

    assert response.status_code == 405
    assert allowed <= {method.strip() for method in response.headers["Allow"].split(",")}
    assert response.json["code"] == 405


@pytest.mark.parametrize("body", [None, {}, {"version": 1}], ids=["no body", "empty", "only a version"])
def test_a_patch_that_changes_nothing_is_422(client, patient, episode, item, body):
    for url in (f"/api/v1/episodes/{episode['id']}", f"/api/v1/care-plan/items/{item['id']}", "/api/v1/me"):
        response = client.patch(url, json=body, headers=patient.headers)

        assert response.status_code == 422, url
        assert "at least one field" in str(response.json["errors"])


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_check_before_1900_is_422(client, patient, item, day):
    response = client.put(
        f"/api/v1/care-plan/items/{item['id']}/checks/{day}", json={"done": True}, headers=patient.headers
    )

    assert response.status_code == 422
    assert "date" in response.json["errors"]


def test_a_check_in_1900_or_later_is_kept(client, patient, item):
    response = client.put(
        f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}",
        json={"done": True},
        headers=patient.headers,
    )

    assert response.status_code == 201
