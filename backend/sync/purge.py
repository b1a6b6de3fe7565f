"""Purging old tombstones, and the horizon that tells devices which cursors can't catch up."""

from datetime import datetime

from sqlalchemy import delete, exists, insert

from ..careplan.models import CarePlanCheck, CarePlanItem
from ..changes import PurgedRecord, patient_record_types, raise_tombstone_horizon, record_deletion
from ..extensions import db


def purge_tombstones(older_than: datetime) -> int:
    """Hard-delete records deleted before `older_than`; returns how many. Their ids are kept as
    spent. Each affected patient's horizon rises to the highest change number purged, so a
    device whose cursor is below it re-downloads instead of missing a deletion. The caller
    commits.
    """
    _retire_checks_of_deleted_items(older_than)
    purged_up_to: dict = {}
    spent = []
    # Children before the records they belong to.
    for kind in reversed(patient_record_types()):
        model = kind.model
        statement = delete(model).where(model.deleted_at < older_than, *_still_needed(model))
        for record_id, patient_id, change_seq, version in db.session.execute(
            statement.returning(model.id, model.patient_id, model.change_seq, model.version)
        ):
            purged_up_to[patient_id] = max(change_seq, purged_up_to.get(patient_id, 0))
            spent.append(
                {"id": record_id, "patient_id": patient_id, "entity": kind.entity, "version": version}
            )
    if spent:
        db.session.execute(insert(PurgedRecord), spent)
    for patient_id, change_seq in purged_up_to.items():
        raise_tombstone_horizon(patient_id, change_seq)
    return len(spent)


def _still_needed(model) -> tuple:
    if model is CarePlanItem:
        # Not while the item still has checks: the database would remove them unannounced.
        return (~exists().where(CarePlanCheck.item_id == CarePlanItem.id),)
    return ()


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
