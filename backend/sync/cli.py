"""`flask purge-tombstones`: the periodic clean-up of deleted records that devices have seen."""

from datetime import timedelta

import click
from flask import Flask
from flask.cli import with_appcontext

from ..database import utcnow
from ..extensions import db
from .purge import purge_tombstones


@click.command("purge-tombstones")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Purge records deleted more than this many days ago.",
)
@with_appcontext
def purge_tombstones_command(days: int) -> None:
    """Remove deleted records for good once they are older than --days."""
    count = purge_tombstones(utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"Purged {count} deleted records older than {days} days.")


def register_sync_commands(app: Flask) -> None:
    app.cli.add_command(purge_tombstones_command)
