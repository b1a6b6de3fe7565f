"""The web app's files and the API documentation page, served from the API's own origin."""

from pathlib import Path

import swagger_ui_bundle
from flask import Blueprint, current_app, render_template, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.routing import PathConverter

from ..errors import error_response

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
    if path and (dist / path).is_file():
        cache = 31536000 if path.startswith(IMMUTABLE_PREFIX) else 0
        response = send_from_directory(dist, path, max_age=cache)
        if not path.startswith(IMMUTABLE_PREFIX):
            response.cache_control.no_cache = True
        return response
    if Path(path).suffix:
        raise NotFound()
    # Any other path is a screen of the single-page app.
    response = send_from_directory(dist, "index.html", max_age=0)
    response.cache_control.no_cache = True
    return response
