"""`flask reminders run [--once]`: the reminders worker."""

import contextlib
import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .endpoints import allowed_origins
from .keys import signer
from .worker import MAX_POLL_SECONDS, run_forever, run_pass

reminders_cli = AppGroup("reminders", help="Care-plan and morning reminders by Web Push.")


@reminders_cli.command("run")
@click.option("--once", is_flag=True, help="One pass, then exit (tests, cron).")
def run_command(once: bool) -> None:
    """Send reminders as they fall due: a pass every REMINDER_POLL_SECONDS (at most 30)."""
    # A key that can't be read or made, or a malformed PUSH_ENDPOINT_ORIGINS, is a start-up
    # error, not one per send.
    signer()
    allowed_origins(current_app.config["PUSH_ENDPOINT_ORIGINS"])
    if once:
        click.echo(f"Reminders: {run_pass()}.")
        return
    poll = min(float(current_app.config["REMINDER_POLL_SECONDS"]), MAX_POLL_SECONDS)
    stop = threading.Event()
    # SIGTERM (docker stop, `make run` ending) lets the send in flight finish; what this worker
    # had claimed but not sent goes back for the next one.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"Reminders worker: checking every {poll:g} s.")
    with contextlib.suppress(KeyboardInterrupt):
        run_forever(poll, stop)
    click.echo("Reminders worker stopped.")


def register_push_commands(app: Flask) -> None:
    app.cli.add_command(reminders_cli)
