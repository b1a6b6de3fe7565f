"""Records made through the API as a client makes them, and rows read straight from the database."""

import pytest

from tests.support.factories import CHECK_DAY, episode_body, item_body


@pytest.fixture
def add_episode(client, patient):
    def add(actor=None, **fields) -> dict:
        response = client.post(
            "/api/v1/episodes", json=episode_body(**fields), headers=(actor or patient).headers
        )
        assert response.status_code == 201, response.json
        return response.json

    return add


@pytest.fixture
def add_item(client, patient):
    def add(actor=None, **fields) -> dict:
        response = client.post(
            "/api/v1/care-plan/items", json=item_body(**fields), headers=(actor or patient).headers
        )
        assert response.status_code == 201, response.json
        return response.json

    return add


@pytest.fixture
def episode(add_episode) -> dict:
    return add_episode(triggers=["long_standing"], reliefs=[{"method": "stretching", "effect": "full"}])


@pytest.fixture
def item(add_item) -> dict:
    return add_item()


@pytest.fixture
def check(client, patient, item) -> dict:
    response = client.put(
        f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}",
        json={"done": True, "note": "Before reading."},
        headers=patient.headers,
    )
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def sign_in(client):
    def login(email: str, password: str, **extra):
        return client.post("/api/v1/auth/login", json={"email": email, "password": password, **extra})

    return login
