"""The web app's files and the API documentation page, served from the API's own origin.

Caching and compression:
- `assets/` holds files whose names change with each build: served by WhiteNoise in front of Flask
  (wrapped in when this blueprint is registered), compressed (the build writes .br and .gz copies,
  frontend/scripts/compress.js) and cached for a year as immutable.
- The shell (index.html, sw.js, manifest.webmanifest, favicon.ico, icons) keeps its names across
  builds: served here with `no-cache`, so a new version is picked up at once, from the same
  precompressed copies when the browser accepts them. WhiteNoise would read these once at start-up
  and serve a stale copy after a rebuild.
"""

import mimetypes
from pathlib import Path

import swagger_ui_bundle
from flask import Blueprint, current_app, render_template, request, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.routing import PathConverter
from whitenoise import WhiteNoise

from ..errors import error_response
from .headers import SECURITY_HEADERS

bp = Blueprint(
    "web", __name__, static_folder="static", static_url_path="/api/docs/static", template_folder="templates"
)


class PagePathConverter(PathConverter):
    """Any path outside /api/: an unknown API path or method must not land on the web app's
    GET-only catch-all, where it would answer 405 instead of the API's 404 or 405."""

    regex = "(?!api/)[^/].*?"


# Registered before the routes below are added, so the catch-all can name the converter.
bp.record_once(lambda state: state.app.url_map.converters.setdefault("page_path", PagePathConverter))

SWAGGER_UI_DIR = Path(swagger_ui_bundle.swagger_ui_path)
# Files whose names change with each build may be cached for good; the rest must be revalidated.
IMMUTABLE_PREFIX = "assets/"
# Best first; what the build writes next to each text file.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))
mimetypes.add_type("application/manifest+json", ".webmanifest")


def _static_file_headers(headers, path: str, url: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value


def serve_hashed_assets(state) -> None:
    """WhiteNoise in front of the app for /assets/, when the web app is built. Files a rebuild adds
    later fall through to `app_shell`, which serves them uncompressed until the next start."""
    app = state.app
    assets = Path(app.config["FRONTEND_DIST"]) / "assets"
    if not assets.is_dir():
        return
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(assets),
        prefix="assets/",
        max_age=None,
        immutable_file_test=lambda path, url: True,
        allow_all_origins=False,
        add_headers_function=_static_file_headers,
    )


bp.record_once(serve_hashed_assets)


def send_precompressed(dist: Path, path: str, max_age: int):
    """The build's .br or .gz copy when the browser takes it (smaller over the wire), else the file."""
    accepted = request.accept_encodings
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    for encoding, suffix in PRECOMPRESSED:
        if accepted[encoding] and (dist / f"{path}{suffix}").is_file():
            response = send_from_directory(dist, f"{path}{suffix}", mimetype=mimetype, max_age=max_age)
            response.headers["Content-Encoding"] = encoding
            break
    else:
        response = send_from_directory(dist, path, mimetype=mimetype, max_age=max_age)
    response.vary.add("Accept-Encoding")
    return response


@bp.route("/api/docs")
def api_docs():
    return render_template("api_docs.html")


@bp.route("/api/docs/swagger-ui/<path:filename>")
def swagger_ui_file(filename):
    return send_from_directory(SWAGGER_UI_DIR, filename, max_age=86400)


@bp.route("/", defaults={"path": ""})
@bp.route("/<page_path:path>")
def app_shell(path: str):
    dist: Path = current_app.config["FRONTEND_DIST"]
    if not (dist / "index.html").exists():
        return error_response(503, "The web app is not built yet: run `make run`.")
    if path and (dist / path).is_file() and not path.endswith((".br", ".gz")):
        immutable = path.startswith(IMMUTABLE_PREFIX)
        response = send_precompressed(dist, path, max_age=31536000 if immutable else 0)
        if immutable:
            response.cache_control.immutable = True
        else:
            response.cache_control.no_cache = True
        return response
    if Path(path).suffix:
        raise NotFound()
    # Any other path is a screen of the single-page app.
    response = send_precompressed(dist, "index.html", max_age=0)
    response.cache_control.no_cache = True
    return response
