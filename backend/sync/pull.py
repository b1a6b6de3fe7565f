"""Pulling changes: every record of the patient changed after a cursor, in change order.

Each table is read through its (patient_id, change_seq) index with a LIMIT, then merged; no
table is ever read whole. The page stops at the counter's committed value, read first: every
change numbered up to it has committed (a number is taken under the counter's row lock and
committed with it), so later statements of this pull see them all, and a change that commits
later gets a higher number and comes in a later pull.
"""

from flask_smorest import abort

from ..auth.models import User
from ..changes import SyncedType, counter_position, next_change_seq, synced_types
from ..database import utcnow
from ..extensions import db
from .entities import as_changes

CURSOR_TOO_OLD = (
    "This device has been away too long to catch up change by change. "
    "Download everything again; changes not yet sent stay on the device."
)


def pull_changes(patient: User, cursor: int, limit: int) -> dict:
    last_change_seq, horizon = counter_position(patient.id)
    _refuse_old_cursor(cursor, last_change_seq, horizon)
    initial = cursor == 0
    found = sorted(
        (seq, kind.entity)
        for kind in synced_types()
        for seq in db.session.scalars(
            _changed(kind, patient, cursor, last_change_seq, initial)
            .with_only_columns(kind.model.change_seq)
            .limit(limit + 1)
        )
    )
    has_more = len(found) > limit
    page_end = found[limit - 1][0] if has_more else last_change_seq

    on_page = {entity for seq, entity in found if seq <= page_end}
    changes = []
    for kind in synced_types():
        if kind.entity in on_page:
            records = db.session.scalars(_changed(kind, patient, cursor, page_end, initial)).all()
            changes.extend(
                zip([record.change_seq for record in records], as_changes(kind.entity, records), strict=True)
            )
    changes.sort(key=lambda pair: pair[0])

    # A purge between our reads could have removed a tombstone this page should carry.
    _refuse_old_cursor(cursor, last_change_seq, counter_position(patient.id)[1])
    return {
        "changes": [change for _, change in changes],
        "cursor": page_end,
        "has_more": has_more,
        "server_time": utcnow().isoformat(),
    }


def _changed(kind: SyncedType, patient: User, after: int, up_to: int, initial: bool):
    model = kind.model
    query = db.select(model).where(
        kind.owner_column == patient.id, model.change_seq > after, model.change_seq <= up_to
    )
    if initial and kind.is_patient_record:
        # An empty device has nothing to delete.
        query = query.where(model.deleted_at.is_(None))
    # Rows this request already holds (the signed-in user) are read again, not taken as they were.
    return query.order_by(model.change_seq).execution_options(populate_existing=True)


def _refuse_old_cursor(cursor: int, last_change_seq: int, horizon: int) -> None:
    # A cursor ahead of the counter was never given out by this server (a restored database,
    # another server): starting over is the only safe answer, as for one behind the horizon.
    if cursor > last_change_seq or 0 < cursor < horizon:
        abort(410, message=CURSOR_TOO_OLD)


def needs_profile_number(patient: User) -> bool:
    """An account from before sign-up numbered the profile: its first download must carry it."""
    return not patient.change_seq


def number_profile(patient: User) -> None:
    patient.change_seq = next_change_seq(patient.id)
