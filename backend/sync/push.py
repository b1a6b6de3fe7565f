"""Applying a pushed batch: each change in order, atomic with its log row, for one commit.

A batch where every change simply applies runs in one savepoint with one flush. Any other
batch (a rejected change, a race with a twin request, a failure) is rolled back and run again
change by change, each in its own savepoint, so one change's trouble never undoes another's.
"""

from dataclasses import replace

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from ..changes import hold_patient_writes, reserved_change_seqs
from ..extensions import db
from ..profile.service import profile_for_change
from ..records import ChangeRefused
from .batch import BatchState
from .careplan_mutations import delete_check, delete_item, upsert_check, upsert_item
from .episode_mutations import delete_episode, upsert_episode
from .log import log_outcome, log_rejection, repeat_result
from .mutations import Mutation, MutationRejected, Outcome, PushContext, parse_mutation
from .profile_mutations import delete_profile, upsert_profile
from .sign_mutations import delete_sign_mark, upsert_sign_mark

APPLIERS = {
    ("episode", "upsert"): upsert_episode,
    ("episode", "delete"): delete_episode,
    ("care_plan_item", "upsert"): upsert_item,
    ("care_plan_item", "delete"): delete_item,
    ("check", "upsert"): upsert_check,
    ("check", "delete"): delete_check,
    ("profile", "upsert"): upsert_profile,
    ("profile", "delete"): delete_profile,
    ("sign_mark", "upsert"): upsert_sign_mark,
    ("sign_mark", "delete"): delete_sign_mark,
}


class PushInterrupted(Exception):
    """A change failed on the server's side; the ones before it can be saved, the rest not tried."""

    def __init__(self, saved: int, batch: BatchState):
        super().__init__(f"push interrupted after {saved} saved changes")
        self.saved, self.batch = saved, batch

    def keep_what_is_done(self) -> None:
        """Ready the changes before the failed one for the view's commit, so a resend answers
        them `duplicate`."""
        self.batch.write_log()


def apply_mutation(context: PushContext, mutation: Mutation) -> Outcome:
    return APPLIERS[(mutation.entity, mutation.op)](context, mutation)


def push_batch(context: PushContext, mutations: list[dict]) -> list[dict]:
    """Apply the changes in order, ready for one commit. A failure that isn't the change's fault
    stops the batch with PushInterrupted, which can keep the changes before it."""
    # Hold the patient's writes before the batch reads its records: a twin batch on another
    # server commits first.
    changes_profile = any(raw.get("entity") == "profile" for raw in mutations)
    if changes_profile:
        # Holds them too, then reads the row the changes apply to as it is now (the sign-in may
        # have read it earlier).
        profile_for_change(context.patient)
    else:
        hold_patient_writes(context.patient_id)
    context = replace(
        context, changes_profile=changes_profile, batch=BatchState.load(context.patient_id, mutations)
    )
    # A change seen before is answered from the log and writes nothing: it needs no number.
    new = sum(1 for raw in mutations if not context.batch.logged(raw["mutation_id"]))
    with reserved_change_seqs(context.patient_id, new):
        results = _all_at_once(context, mutations)
        if results is None:
            results = _one_by_one(context, mutations)
    context.batch.write_log()
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
        raise PushInterrupted(len(results), context.batch) from error
    return results


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
    except (ValidationError, MutationRejected, ChangeRefused) as error:
        errors = error.normalized_messages() if isinstance(error, ValidationError) else error.errors
        return log_rejection(context, raw, errors)
    if outcome.record is not None:
        context.batch.remember(outcome.record)
    return log_outcome(context, mutation, outcome)
