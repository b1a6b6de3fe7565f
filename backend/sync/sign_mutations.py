"""Pushed warning-sign marks: a device marks an occurrence seen, offline or not. Two devices
marking the same occurrence meet on one row, as two ticks of one day do."""

from ..insights.lifecycle import acknowledge
from ..insights.models import SignMark
from ..insights.schemas import SignMarkFieldsSchema
from .mutations import Mutation, MutationRejected, Outcome, PushContext, own_record

SIGN_MARK_FIELDS = SignMarkFieldsSchema()


def upsert_sign_mark(context: PushContext, mutation: Mutation) -> Outcome:
    wanted = SIGN_MARK_FIELDS.load(mutation.fields)
    own_record(SignMark, context, mutation.record_id)
    mark = acknowledge(
        context.patient, wanted["code"], wanted["occurrence"], wanted["tokens"], mark_id=mutation.record_id
    )
    status = "applied" if mark.id == mutation.record_id else "merged"
    return Outcome(status, mark, wrote=True)


def delete_sign_mark(context: PushContext, mutation: Mutation) -> Outcome:
    own_record(SignMark, context, mutation.record_id)
    raise MutationRejected({"op": ["A sign marked seen stays seen; new evidence brings it back by itself."]})
