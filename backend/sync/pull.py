"""Pulling changes: every record of the patient changed after a cursor, in change order.

Each table is read through its (patient_id, change_seq) index with a LIMIT, then merged; no
table is ever read whole. The page stops at the counter's committed value, read first: every
change numbered up to it has committed (a number is taken under the counter's row lock and
committed with it), so later statements of this pull see them all, and a change that commits
later gets a higher number and comes in a later pull.
"""

from flask_smorest import abort

from ..auth.models import User
from ..careplan.models import CarePlanCheck, CarePlanItem
from ..changes import ChangeCounter, next_change_seq
from ..episodes.models import Episode
from ..extensions import db
from .entities import as_changes

SOURCES = (
    ("episode", Episode),
    ("care_plan_item", CarePlanItem),
    ("check", CarePlanCheck),
    ("profile", User),
)
CURSOR_TOO_OLD = (
    "This device has been away too long to catch up change by change. "
    "Download everything again; changes not yet sent stay on the device."
)


def pull_changes(patient: User, cursor: int, limit: int) -> dict:
    _number_profile(patient)
    last_change_seq, horizon = _counter(patient)
    _refuse_old_cursor(cursor, last_change_seq, horizon)
    initial = cursor == 0
    found = sorted(
        (seq, entity)
        for entity, model in SOURCES
        for seq in db.session.scalars(
            _changed(model, patient, cursor, last_change_seq, initial)
            .with_only_columns(model.change_seq)
            .limit(limit + 1)
        )
    )
    has_more = len(found) > limit
    page_end = found[limit - 1][0] if has_more else last_change_seq

    on_page = {entity for seq, entity in found if seq <= page_end}
    changes = []
    for entity, model in SOURCES:
        if entity in on_page:
            records = db.session.scalars(_changed(model, patient, cursor, page_end, initial)).all()
            changes.extend(
                zip([record.change_seq for record in records], as_changes(entity, records), strict=True)
            )
    changes.sort(key=lambda pair: pair[0])

    # A purge between our reads could have removed a tombstone this page should carry.
    _refuse_old_cursor(cursor, last_change_seq, _counter(patient)[1])
    return {"changes": [change for _, change in changes], "cursor": page_end, "has_more": has_more}


def _changed(model, patient: User, after: int, up_to: int, initial: bool):
    owner = User.id if model is User else model.patient_id
    query = db.select(model).where(owner == patient.id, model.change_seq > after, model.change_seq <= up_to)
    if initial and model is not User:
        # An empty device has nothing to delete.
        query = query.where(model.deleted_at.is_(None))
    # Rows this request already holds (the signed-in user) are read again, not taken as they were.
    return query.order_by(model.change_seq).execution_options(populate_existing=True)


def _counter(patient: User) -> tuple[int, int]:
    row = db.session.execute(
        db.select(ChangeCounter.last_change_seq, ChangeCounter.tombstone_horizon).where(
            ChangeCounter.patient_id == patient.id
        )
    ).one_or_none()
    return (row[0], row[1]) if row else (0, 0)


def _refuse_old_cursor(cursor: int, last_change_seq: int, horizon: int) -> None:
    # A cursor ahead of the counter was never given out by this server (a restored database,
    # another server): starting over is the only safe answer, as for one behind the horizon.
    if cursor > last_change_seq or 0 < cursor < horizon:
        abort(410, message=CURSOR_TOO_OLD)


def _number_profile(patient: User) -> None:
    """Give a never-edited profile its change number, once, so the first download carries it.

    The write runs in its own short transaction before the pull's reads, so on SQLite it takes
    the write lock as its first statement instead of upgrading a read.
    """
    if patient.change_seq:
        return
    db.session.commit()
    patient.change_seq = next_change_seq(patient.id)
    db.session.commit()
