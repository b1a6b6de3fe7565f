"""How the web app goes out: hashed files compressed and cached for good, the shell (index.html,
sw.js, the manifest) compressed too but revalidated every time, a favicon, and the security
headers on every file, whoever serves it (WhiteNoise in front of Flask, or Flask)."""

import gzip

import pytest

from backend import create_app
from backend.extensions import db

SCRIPT = "console.log('CrampCare');\n" * 200
ASSET = "assets/index-Ab12Cd34.js"


@pytest.fixture
def built(tmp_path):
    """A web app as `npm run build` leaves it: hashed assets, the shell, precompressed copies."""
    (tmp_path / "assets").mkdir()
    files = {
        ASSET: SCRIPT,
        "index.html": "<!doctype html><title>CrampCare</title>" + "<!-- padding -->" * 40,
        "sw.js": SCRIPT,
        "manifest.webmanifest": '{"name": "CrampCare"}',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress(text.encode()))
    (tmp_path / "favicon.ico").write_bytes(b"\x00\x00\x01\x00" + b"\x00" * 60)
    return tmp_path


@pytest.fixture
def web(app, built):
    """The same installation as `app`, serving the web app built above."""
    serving = create_app({**app.config, "FRONTEND_DIST": built})
    yield serving.test_client()
    with serving.app_context():
        db.session.remove()
        db.engine.dispose()


def fetch(client, path: str, encoding: str = "gzip, deflate"):
    response = client.get(path, headers={"Accept-Encoding": encoding})
    body = response.get_data()
    response.close()
    return response, body


def test_hashed_assets_are_compressed(web):
    response, body = fetch(web, f"/{ASSET}")

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).decode() == SCRIPT
    assert len(body) < len(SCRIPT) / 10
    assert "Accept-Encoding" in response.headers["Vary"]


def test_hashed_assets_are_cached_for_good(web):
    response, _ = fetch(web, f"/{ASSET}")

    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_hashed_assets_go_out_whole_to_a_browser_without_gzip(web):
    response, body = fetch(web, f"/{ASSET}", encoding="identity")

    assert "Content-Encoding" not in response.headers
    assert body.decode() == SCRIPT


@pytest.mark.parametrize("path", ["/", "/diary", "/sw.js", "/manifest.webmanifest"])
def test_the_shell_is_compressed_and_revalidated(web, path):
    response, body = fetch(web, path)

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body)
    assert "no-cache" in response.headers["Cache-Control"]
    assert "immutable" not in response.headers["Cache-Control"]


def test_the_manifest_has_its_own_type(web):
    response, _ = fetch(web, "/manifest.webmanifest")

    assert response.headers["Content-Type"].startswith("application/manifest+json")


def test_there_is_a_favicon(web):
    response, body = fetch(web, "/favicon.ico")

    assert response.status_code == 200
    assert body.startswith(b"\x00\x00\x01\x00")


@pytest.mark.parametrize("path", [f"/{ASSET}", "/", "/sw.js"])
def test_every_file_carries_the_security_headers(web, path):
    response, _ = fetch(web, path)

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_compressed_copies_are_not_served_as_files(web):
    response, _ = fetch(web, f"/{ASSET}.gz")

    assert response.status_code == 404


def test_the_api_is_untouched_by_the_static_files(web):
    response, _ = fetch(web, "/api/v1/health")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
