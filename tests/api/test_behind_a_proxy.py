"""Behind a TLS proxy: with TRUSTED_PROXIES hops trusted, the client's address and scheme come
from X-Forwarded-*, so per-address limits stay per client, and HTTPS brings HSTS and Secure
cookies. With none trusted (the default), forwarded headers are ignored."""

import pytest

from backend import create_app
from backend.extensions import db
from tests.support.accounts import PASSWORD

FORWARDED_HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"}


@pytest.fixture
def proxied_client(app):
    """The same installation as `app`, configured to sit behind one proxy."""
    behind_proxy = create_app({**app.config, "TRUSTED_PROXIES": 1, "LOGIN_LIMIT_PER_ADDRESS": "2 per minute"})
    yield behind_proxy.test_client()
    with behind_proxy.app_context():
        # Its own engine: closed here, not left for the garbage collector to find open.
        db.session.remove()
        db.engine.dispose()


def sign_in(client, email: str, password: str, headers: dict, cookies: bool = True):
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password, "cookies": cookies},
        headers=headers,
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )


def test_forwarded_headers_are_ignored_without_trusted_proxies(client, patient):
    response = sign_in(client, patient.email, PASSWORD, FORWARDED_HTTPS)

    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert all("Secure" not in cookie for cookie in response.headers.getlist("Set-Cookie"))


def test_https_through_a_trusted_proxy_sends_hsts_and_secure_cookies(proxied_client, patient):
    response = sign_in(proxied_client, patient.email, PASSWORD, FORWARDED_HTTPS)

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 4
    assert all("; Secure" in cookie for cookie in cookies)


def test_plain_http_through_a_trusted_proxy_sends_no_hsts(proxied_client, patient):
    headers = {"X-Forwarded-Proto": "http", "X-Forwarded-For": "198.51.100.20"}

    response = sign_in(proxied_client, patient.email, PASSWORD, headers)

    assert "Strict-Transport-Security" not in response.headers


def test_each_client_behind_the_proxy_has_its_own_address_limit(proxied_client, patient):
    def guess_from(address: str) -> int:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": address}
        return sign_in(
            proxied_client, patient.email, "a wrong passphrase", headers, cookies=False
        ).status_code

    assert [guess_from("203.0.113.5") for _ in range(3)] == [401, 401, 429]
    assert guess_from("203.0.113.6") == 401


def test_refresh_cookie_lives_as_long_as_the_refresh_token(client, patient, app):
    response = sign_in(client, patient.email, PASSWORD, {})

    refresh_seconds = int(app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())
    refresh_cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("refresh_token_cookie=")
    )
    assert f"Max-Age={refresh_seconds}" in refresh_cookie
