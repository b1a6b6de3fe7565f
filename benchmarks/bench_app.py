"""Apps for the benchmarks: the real app on an empty database, plus a bare endpoint to compare."""

import os
from pathlib import Path

from flask_jwt_extended import jwt_required

from backend import create_app
from backend.auth.tokens import signed_in
from backend.config import database_url
from backend.extensions import db


def create_bench_app():
    app = create_app()

    @app.get("/bench/bare")
    def bare():
        return {"ok": True}

    @app.get("/bench/signed-in")
    @jwt_required()
    def signed_in_empty():
        # The sign-in check alone: token and session (who is signed in), nothing else.
        return {"ok": signed_in().id is not None}

    return app


def app_on_empty_database(directory: str | Path):
    """The app on DATABASE_URL if set, else on a new SQLite file in `directory`, schema empty."""
    local = Path(directory) / "bench.db"
    url = database_url() if os.environ.get("DATABASE_URL") else f"sqlite:///{local}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark-secret-key-long-enough-for-hs256"}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app
