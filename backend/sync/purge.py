"""Purging old tombstones, and the horizon that tells devices which cursors can't catch up."""

from datetime import datetime

from sqlalchemy import delete, exists, update

from ..careplan.models import CarePlanCheck, CarePlanItem
from ..changes import ChangeCounter, record_deletion
from ..episodes.models import Episode
from ..extensions import db


def purge_tombstones(older_than: datetime) -> int:
    """Hard-delete records deleted before `older_than`; returns how many. Each affected
    patient's horizon rises to the highest change number purged, so a device whose cursor is
    below it re-downloads instead of missing a deletion. The caller commits.
    """
    _retire_checks_of_deleted_items(older_than)
    purged_up_to: dict = {}
    count = 0
    for statement in (
        delete(CarePlanCheck).where(CarePlanCheck.deleted_at < older_than),
        # Not while the item still has checks: the database would remove them unannounced.
        delete(CarePlanItem).where(
            CarePlanItem.deleted_at < older_than,
            ~exists().where(CarePlanCheck.item_id == CarePlanItem.id),
        ),
        delete(Episode).where(Episode.deleted_at < older_than),
    ):
        model = statement.table
        for patient_id, change_seq in db.session.execute(
            statement.returning(model.c.patient_id, model.c.change_seq)
        ):
            purged_up_to[patient_id] = max(change_seq, purged_up_to.get(patient_id, 0))
            count += 1
    for patient_id, change_seq in purged_up_to.items():
        db.session.execute(
            update(ChangeCounter)
            .where(ChangeCounter.patient_id == patient_id, ChangeCounter.tombstone_horizon < change_seq)
            .values(tombstone_horizon=change_seq)
        )
    return count


def _retire_checks_of_deleted_items(older_than: datetime) -> None:
    """Tombstone the live checks of items about to be purged, so devices hear they are gone
    (deleting an item leaves its checks in place, and the purge would remove them silently)."""
    checks = db.session.scalars(
        db.select(CarePlanCheck)
        .join(CarePlanItem, CarePlanCheck.item_id == CarePlanItem.id)
        .where(CarePlanItem.deleted_at < older_than, CarePlanCheck.deleted_at.is_(None))
        .order_by(CarePlanCheck.patient_id, CarePlanCheck.change_seq)
    ).all()
    for check in checks:
        record_deletion(check)
    db.session.flush()
