"""CrampCare: a cramp diary, care plan and care-team sharing API that also serves the web app."""

from flask import Flask
from marshmallow import ValidationError
from sqlalchemy.exc import DataError

from . import config
from .auth.routes import blp as auth_blp
from .careplan.routes import blp as careplan_blp
from .clinician.routes import blp as clinician_blp
from .episodes import revisions
from .episodes.routes import blp as episodes_blp
from .errors import error_response, register_jwt_errors
from .extensions import api, db, jwt, limiter, migrate
from .insights.routes import blp as insights_blp
from .json_input import GuardedJsonProvider, MalformedJson, UnstorableText
from .profile.routes import blp as profile_blp
from .push.cli import register_push_commands
from .push.routes import blp as push_blp
from .records import ChangeRefused
from .reports.routes import blp as reports_blp
from .reports.routes import clinician_blp as clinician_reports_blp
from .sharing.routes import blp as sharing_blp
from .sync.cli import register_sync_commands
from .sync.routes import blp as sync_blp
from .system.routes import blp as system_blp
from .web import headers
from .web.pages import bp as web_pages_bp

API_BLUEPRINTS = (
    auth_blp,
    profile_blp,
    episodes_blp,
    careplan_blp,
    sharing_blp,
    clinician_blp,
    system_blp,
    sync_blp,
    insights_blp,
    reports_blp,
    clinician_reports_blp,
    push_blp,
)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.json = GuardedJsonProvider(app)
    app.config.from_object(config.Config)
    if test_config is None:
        app.config.update(config.load_config())
    else:
        app.config.update(test_config)

    register_extensions(app)
    register_listeners()
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


def register_listeners() -> None:
    # Every episode write keeps a revision, which sync's field-by-field merge reads.
    revisions.keep_revisions()


def register_blueprints(app: Flask) -> None:
    for blueprint in API_BLUEPRINTS:
        api.register_blueprint(blueprint)
    # Last, so its catch-all route serves the web app only where no API route matched.
    app.register_blueprint(web_pages_bp)


def register_error_handlers(app: Flask) -> None:
    register_jwt_errors(jwt)

    @app.errorhandler(ValidationError)
    def invalid_fields(error: ValidationError):
        # Services raise this when the fields are each valid but don't fit together.
        db.session.rollback()
        return error_response(422, "Some fields are invalid.", error.normalized_messages())

    @app.errorhandler(MalformedJson)
    def malformed_json(error: MalformedJson):
        return error_response(400, str(error))

    @app.errorhandler(UnstorableText)
    def unstorable_text(error: UnstorableText):
        return error_response(422, "Some text contains characters that can't be stored.", error.errors)

    @app.errorhandler(ChangeRefused)
    def change_refused(error: ChangeRefused):
        # A rule of the domain, e.g. a patient rewriting an item their clinician wrote.
        db.session.rollback()
        return error_response(403, error.message, error.errors)

    @app.errorhandler(DataError)
    def value_refused_by_database(error: DataError):
        # A value the database cannot hold (a number out of its range, a character it can't
        # store) is bad input the schemas let through: the client hears 422, the log the detail.
        db.session.rollback()
        app.logger.warning("The database refused a value: %s", error.orig)
        return error_response(
            422, "Some values are out of range or contain characters that cannot be stored."
        )


def register_commands(app: Flask) -> None:
    register_sync_commands(app)
    register_push_commands(app)
