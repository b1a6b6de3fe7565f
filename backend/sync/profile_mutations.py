"""Pushed profile changes: the fields a device sends win, field by field; the rest stay."""

from ..auth.schemas import ProfileFieldsSchema
from ..profile.service import update_profile
from .log import changed_by_others
from .mutations import UNUSABLE_ID, Mutation, MutationRejected, Outcome, PushContext

PROFILE_FIELDS = ProfileFieldsSchema(partial=True)


def _own_profile(context: PushContext, mutation: Mutation):
    if mutation.record_id != context.patient_id:
        raise MutationRejected({"id": [UNUSABLE_ID]})
    # `push_batch` read it afresh once the patient's writes were held.
    return context.patient


def upsert_profile(context: PushContext, mutation: Mutation) -> Outcome:
    profile = _own_profile(context, mutation)
    wanted = PROFILE_FIELDS.load(mutation.fields)
    # Stale or not, the device's fields are the latest word on them; `merged` tells it that
    # other fields changed elsewhere since its base.
    stale = changed_by_others(context, mutation, profile)
    changes = update_profile(profile, wanted)
    return Outcome("merged" if stale else "applied", profile, wrote=bool(changes))


def delete_profile(context: PushContext, mutation: Mutation) -> Outcome:
    _own_profile(context, mutation)
    raise MutationRejected({"op": ["A profile can't be deleted through sync; erase the account instead."]})
