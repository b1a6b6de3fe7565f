"""What a batch looks up, read in a few queries before the first change instead of several per
change: which mutations were seen before, which records exist, which versions a record had."""

import uuid
from collections import defaultdict

from ..auth.models import User
from ..careplan.models import CarePlanCheck, CarePlanItem
from ..extensions import db
from .entities import MODELS
from .models import SyncMutation


class BatchLookups:
    """Answers as of the start of the batch, kept current with what the batch itself does. Until
    `load` (or after `forget`, when a twin request raced us) every answer is a fresh query."""

    def __init__(self):
        self.trusted = False
        self._logged: dict[uuid.UUID, SyncMutation] = {}
        # Held here, not only in the session, whose identity map lets go of unchanged objects.
        self._records: dict[tuple[type, uuid.UUID], object] = {}
        self._absent: set[tuple[type, uuid.UUID]] = set()
        self._logged_versions: dict[tuple[str, str], int] = {}

    @classmethod
    def load(cls, patient: User, mutations: list[dict]) -> "BatchLookups":
        lookups = cls()
        lookups._logged = {
            row.mutation_id: row
            for row in db.session.scalars(
                db.select(SyncMutation).where(
                    SyncMutation.mutation_id.in_([raw["mutation_id"] for raw in mutations])
                )
            )
        }
        wanted = _record_ids(mutations)
        for model, ids in wanted.items():
            for record in db.session.scalars(db.select(model).where(model.id.in_(ids))):
                lookups._records[(model, record.id)] = record
            lookups._absent.update(
                (model, record_id) for record_id in ids if (model, record_id) not in lookups._records
            )
        entity_ids = {str(record_id) for ids in wanted.values() for record_id in ids}
        newest_version = db.func.max(SyncMutation.result_version)
        lookups._logged_versions = {
            (entity, entity_id): version
            for entity, entity_id, version in db.session.execute(
                db.select(SyncMutation.entity, SyncMutation.entity_id, newest_version)
                .where(SyncMutation.patient_id == patient.id, SyncMutation.entity_id.in_(entity_ids))
                .group_by(SyncMutation.entity, SyncMutation.entity_id)
            )
            if version is not None
        }
        lookups.trusted = True
        return lookups

    def forget(self) -> None:
        self.trusted = False

    def logged(self, mutation_id: uuid.UUID) -> SyncMutation | None:
        if self.trusted:
            return self._logged.get(mutation_id)
        return db.session.scalar(db.select(SyncMutation).where(SyncMutation.mutation_id == mutation_id))

    def remember_logged(self, row: SyncMutation) -> None:
        self._logged[row.mutation_id] = row

    def get(self, model, record_id: uuid.UUID):
        if self.trusted and (model, record_id) in self._records:
            return self._records[(model, record_id)]
        if self.trusted and (model, record_id) in self._absent:
            # Missing when the batch began, and not made by a change before this one.
            return None
        return db.session.get(model, record_id)

    def remember(self, record) -> None:
        """A record a change of this batch wrote, once that change is saved."""
        self._records[(type(record), record.id)] = record

    def last_logged_version(self, patient: User, entity: str, record_id: uuid.UUID) -> int | None:
        if self.trusted:
            return self._logged_versions.get((entity, str(record_id)))
        return db.session.scalar(
            db.select(db.func.max(SyncMutation.result_version)).where(
                SyncMutation.patient_id == patient.id,
                SyncMutation.entity == entity,
                SyncMutation.entity_id == str(record_id),
            )
        )


def _record_ids(mutations: list[dict]) -> dict[type, set[uuid.UUID]]:
    wanted = defaultdict(set)
    for raw in mutations:
        model = MODELS.get(raw.get("entity")) if isinstance(raw.get("entity"), str) else None
        if model is None or model is User:
            continue
        if record_id := _as_uuid(raw.get("id")):
            wanted[model].add(record_id)
        fields = raw.get("fields")
        item_id = _as_uuid(fields.get("item_id")) if isinstance(fields, dict) else None
        if model is CarePlanCheck and item_id:
            wanted[CarePlanItem].add(item_id)
    return wanted


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None
