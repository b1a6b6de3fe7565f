"""Headers that keep pages and health data safe, on API answers and on the web app alike."""

import pytest


@pytest.fixture
def built_web_app(app, tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<!doctype html><title>CrampCare</title>")
    monkeypatch.setitem(app.config, "FRONTEND_DIST", tmp_path)


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


@pytest.fixture(params=["/api/v1/health", "/api/v1/episodes", "/", "/diary", "/api/docs"])
def response(request, client, patient, built_web_app):
    response = client.get(request.param, headers=patient.headers)
    response.close()  # files are streamed; only the headers matter here
    assert response.status_code == 200
    return response


def test_content_security_policy_allows_only_our_own_scripts(response):
    policy = directives(response.headers["Content-Security-Policy"])

    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_content_type_is_never_sniffed(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_cannot_be_framed(response):
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_referrer_leaves_the_app(response):
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/episodes", "/api/v1/me", "/api/v1/care-plan", "/api/v1/care-plan/checks", "/api/v1/health"],
)
def test_api_data_is_not_stored_in_caches(client, patient, path):
    response = client.get(path, headers=patient.headers)

    assert response.headers["Cache-Control"] == "no-store"


def test_api_errors_are_not_stored_in_caches(client):
    assert client.get("/api/v1/episodes").headers["Cache-Control"] == "no-store"


def test_web_app_shell_is_revalidated(client, built_web_app):
    response = client.get("/")
    response.close()

    assert "no-cache" in response.headers["Cache-Control"]
