"""CrampCare: a cramp diary, care plan and care-team sharing API that also serves the web app."""

from flask import Flask
from marshmallow import ValidationError

from . import config
from .errors import error_response, register_jwt_errors
from .extensions import api, db, jwt, limiter, migrate
from .web import headers

BLUEPRINT_MODULES = (
    "auth",
    "profile",
    "episodes",
    "careplan",
    "sharing",
    "clinician",
    "system",
    "sync",
    "insights",
)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_object(config.Config)
    if test_config is None:
        app.config.update(config.load_config())
    else:
        app.config.update(test_config)

    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    headers.init_app(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.INSTANCE_DIR.parent / "migrations"))
    jwt.init_app(app)
    limiter.init_app(app)
    api.init_app(app)


def register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINT_MODULES:
        api.register_blueprint(import_module(f"{__name__}.{name}.routes").blp)
    # Last, so its catch-all route serves the web app only where no API route matched.
    from .web.pages import bp as web_pages

    app.register_blueprint(web_pages)


def register_error_handlers(app: Flask) -> None:
    register_jwt_errors(jwt)

    @app.errorhandler(ValidationError)
    def invalid_fields(error: ValidationError):
        # Services raise this when the fields are each valid but don't fit together.
        db.session.rollback()
        return error_response(422, "Some fields are invalid.", error.normalized_messages())


def register_commands(app: Flask) -> None:
    from .sync.cli import register_sync_commands

    register_sync_commands(app)
