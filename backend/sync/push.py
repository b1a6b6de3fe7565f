"""Applying a pushed batch: each change in order, atomic with its log row, one commit.

A batch where every change simply applies runs in one savepoint with one flush. Any other
batch (a rejected change, a race with a twin request, a failure) is rolled back and run again
change by change, each in its own savepoint, so one change's trouble never undoes another's.
"""

from dataclasses import replace

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .batch import BatchState
from .careplan_mutations import delete_check, delete_item, upsert_check, upsert_item
from .episode_mutations import delete_episode, upsert_episode
from .log import log_outcome, log_rejection, repeat_result
from .mutations import Mutation, MutationRejected, Outcome, PushContext, parse_mutation
from .profile_mutations import delete_profile, upsert_profile

APPLIERS = {
    ("episode", "upsert"): upsert_episode,
    ("episode", "delete"): delete_episode,
    ("care_plan_item", "upsert"): upsert_item,
    ("care_plan_item", "delete"): delete_item,
    ("check", "upsert"): upsert_check,
    ("check", "delete"): delete_check,
    ("profile", "upsert"): upsert_profile,
    ("profile", "delete"): delete_profile,
}


class PushInterrupted(Exception):
    """A change failed on the server's side; the ones before it are saved, the rest not tried."""

    def __init__(self, saved: int):
        super().__init__(f"push interrupted after {saved} saved changes")
        self.saved = saved


def apply_mutation(context: PushContext, mutation: Mutation) -> Outcome:
    return APPLIERS[(mutation.entity, mutation.op)](context, mutation)


def push_batch(context: PushContext, mutations: list[dict]) -> list[dict]:
    """Apply the changes in order and commit once. A failure that isn't the change's fault saves
    the changes before it and stops: resending the batch then answers those `duplicate`."""
    context = replace(context, batch=BatchState.load(context.patient, mutations))
    results = _all_at_once(context, mutations)
    if results is None:
        results = _one_by_one(context, mutations)
    context.batch.write_log()
    db.session.commit()
    return results


def _all_at_once(context: PushContext, mutations: list[dict]) -> list[dict] | None:
    """The usual batch, where every change simply applies, in one savepoint and one flush.

    Anything else (a change rejected, a race, a failure) undoes the whole attempt and returns
    None: the batch then goes change by change, each in its own savepoint. The outcome is the
    same either way; this is only quicker, as a savepoint and a flush per change cost more than
    the change itself.
    """
    checkpoint = context.batch.checkpoint()
    try:
        with db.session.begin_nested():
            return [_apply_without_savepoint(context, raw) for raw in mutations]
    except Exception:
        context.batch.restore(checkpoint)
        return None


def _apply_without_savepoint(context: PushContext, raw: dict) -> dict:
    if logged := context.batch.logged(raw["mutation_id"]):
        return repeat_result(context, logged)
    mutation = parse_mutation(raw)
    outcome = apply_mutation(context, mutation)
    if outcome.record is not None:
        context.batch.remember(outcome.record)
    return log_outcome(context, mutation, outcome)


def _one_by_one(context: PushContext, mutations: list[dict]) -> list[dict]:
    results = []
    try:
        for raw in mutations:
            results.append(push_one(context, raw))
    except Exception as error:
        _save_what_is_done(context)
        raise PushInterrupted(len(results)) from error
    return results


def _save_what_is_done(context: PushContext) -> None:
    try:
        context.batch.write_log()
        db.session.commit()
    except Exception:
        # Nothing of this batch is kept then, which a resend handles just as well.
        db.session.rollback()


def push_one(context: PushContext, raw: dict) -> dict:
    if logged := context.batch.logged(raw["mutation_id"]):
        return repeat_result(context, logged)
    try:
        return _apply_and_log(context, raw)
    except IntegrityError:
        # A twin request (the batch resent before its first answer, or another device creating
        # the same record) committed between our look and our write: look again, in the database.
        context.batch.forget()
        if logged := context.batch.logged(raw["mutation_id"]):
            return repeat_result(context, logged)
        return _apply_and_log(context, raw)


def _apply_and_log(context: PushContext, raw: dict) -> dict:
    """The change's effect in its own savepoint; its log row is kept for the batch's commit."""
    try:
        with db.session.begin_nested():
            mutation = parse_mutation(raw)
            outcome = apply_mutation(context, mutation)
    except (ValidationError, MutationRejected) as error:
        errors = error.errors if isinstance(error, MutationRejected) else error.normalized_messages()
        return log_rejection(context, raw, errors)
    if outcome.record is not None:
        context.batch.remember(outcome.record)
    return log_outcome(context, mutation, outcome)
