"""The web app's sign-in: httpOnly cookies with CSRF double-submit instead of tokens in the body."""

import pytest

from tests.support.accounts import PASSWORD
from tests.support.factories import episode_body

ACCESS_COOKIE = "access_token_cookie"
REFRESH_COOKIE = "refresh_token_cookie"
ACCESS_CSRF_COOKIE = "csrf_access_token"
REFRESH_CSRF_COOKIE = "csrf_refresh_token"


def set_cookie_headers(response) -> dict:
    """Each Set-Cookie header by cookie name, lower-cased for attribute checks."""
    return {header.split("=", 1)[0]: header.lower() for header in response.headers.getlist("Set-Cookie")}


@pytest.fixture
def login_response(patient, sign_in):
    response = sign_in(patient.email, PASSWORD, cookies=True)
    assert response.status_code == 200, response.json
    return response


def csrf(client, name: str = ACCESS_CSRF_COOKIE) -> dict:
    return {"X-CSRF-TOKEN": client.get_cookie(name).value}


def test_cookie_login_puts_no_token_in_the_body(login_response, patient):
    assert set(login_response.json) == {"user"}
    assert login_response.json["user"]["id"] == patient.id


def test_cookie_login_sets_httponly_token_cookies(login_response):
    cookies = set_cookie_headers(login_response)

    for name in (ACCESS_COOKIE, REFRESH_COOKIE):
        assert "httponly" in cookies[name]
        assert "samesite=strict" in cookies[name]


def test_cookie_login_lets_page_scripts_read_only_the_csrf_values(login_response):
    cookies = set_cookie_headers(login_response)

    for name in (ACCESS_CSRF_COOKIE, REFRESH_CSRF_COOKIE):
        assert "httponly" not in cookies[name]


def test_refresh_cookie_is_sent_only_to_the_auth_routes(login_response):
    assert "path=/api/v1/auth/" in set_cookie_headers(login_response)[REFRESH_COOKIE]


def test_cookie_session_reads_without_a_csrf_header(client, login_response, patient):
    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json["id"] == patient.id


def test_cookie_session_write_without_a_csrf_header_is_401(client, login_response, rows):
    response = client.post("/api/v1/episodes", json=episode_body())

    assert response.status_code == 401
    assert response.json["code"] == 401


def test_cookie_session_write_with_a_wrong_csrf_header_is_401(client, login_response):
    response = client.post("/api/v1/episodes", json=episode_body(), headers={"X-CSRF-TOKEN": "guessed"})

    assert response.status_code == 401


def test_cookie_session_write_with_the_csrf_header_works(client, login_response):
    response = client.post("/api/v1/episodes", json=episode_body(), headers=csrf(client))

    assert response.status_code == 201


def test_refresh_by_cookie_rotates_the_cookies(client, login_response):
    old_refresh = client.get_cookie(REFRESH_COOKIE, path="/api/v1/auth/").value
    old_access = client.get_cookie(ACCESS_COOKIE, path="/api/").value

    response = client.post("/api/v1/auth/refresh", headers=csrf(client, REFRESH_CSRF_COOKIE))

    assert response.status_code == 200
    assert set(response.json) == {"user"}
    assert client.get_cookie(REFRESH_COOKIE, path="/api/v1/auth/").value != old_refresh
    assert client.get_cookie(ACCESS_COOKIE, path="/api/").value != old_access
    assert client.get("/api/v1/me").status_code == 200


def test_refresh_by_cookie_without_the_csrf_header_is_401(client, login_response):
    assert client.post("/api/v1/auth/refresh").status_code == 401


def test_old_refresh_cookie_is_refused_after_rotation(client, login_response):
    old_refresh = client.get_cookie(REFRESH_COOKIE, path="/api/v1/auth/").value
    old_csrf = csrf(client, REFRESH_CSRF_COOKIE)
    client.post("/api/v1/auth/refresh", headers=old_csrf)

    client.set_cookie(REFRESH_COOKIE, old_refresh, path="/api/v1/auth/")
    response = client.post("/api/v1/auth/refresh", headers=old_csrf)

    assert response.status_code == 401


def test_logout_by_cookie_clears_the_cookies_and_ends_the_session(client, login_response):
    access = client.get_cookie(ACCESS_COOKIE, path="/api/").value

    response = client.post("/api/v1/auth/logout", headers=csrf(client))

    assert response.status_code == 204
    assert client.get_cookie(ACCESS_COOKIE, path="/api/") is None
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {access}"}).status_code == 401
