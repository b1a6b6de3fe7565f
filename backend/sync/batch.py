"""What one pushed batch knows and has done: read in a few queries before its first change
instead of several per change, and its log rows, written together before the commit."""

import uuid
from collections import defaultdict
from types import SimpleNamespace

from sqlalchemy import bindparam

from ..auth.models import User
from ..careplan.models import CarePlanCheck, CarePlanItem
from ..changes import PurgedRecord
from ..database import insert_unless_present
from ..extensions import db
from .entities import model_of
from .models import SyncMutation


class BatchState:
    """Answers as of the start of the batch, kept current with what the batch itself does.
    Until `load`, or after `forget` (a twin request raced us), lookups go to the database."""

    def __init__(self):
        self.trusted = False
        self._logged: dict[uuid.UUID, SyncMutation] = {}
        # Held here, not only in the session, whose identity map lets go of unchanged objects.
        self._records: dict[tuple[type, uuid.UUID], object] = {}
        self._absent: set[tuple[type, uuid.UUID]] = set()
        self._logged_versions: dict[tuple[str, str], int] = {}
        self._new_log_rows: list[dict] = []
        self._own_versions: dict[tuple[str, str], set[int]] = defaultdict(set)

    @classmethod
    def load(cls, patient_id: uuid.UUID, mutations: list[dict]) -> "BatchState":
        batch = cls()
        batch._logged = {
            row.mutation_id: row
            for row in db.session.scalars(
                db.select(SyncMutation).where(
                    SyncMutation.mutation_id.in_([raw["mutation_id"] for raw in mutations])
                )
            )
        }
        wanted = _record_ids(mutations)
        # Any id may be a spent one, whatever it is sent as.
        wanted[PurgedRecord] = {record_id for ids in list(wanted.values()) for record_id in ids}
        for model, ids in wanted.items():
            for record in db.session.scalars(db.select(model).where(model.id.in_(ids))):
                batch._records[(model, record.id)] = record
            batch._absent.update(
                (model, record_id) for record_id in ids if (model, record_id) not in batch._records
            )
        entity_ids = sorted(str(record_id) for record_id in wanted[PurgedRecord])
        # Written into the statement, not bound: PostgreSQL then plans it for these ids (a hashed
        # list, or an index lookup each), where a plan cached for any ids could scan the
        # patient's whole log. Each is a UUID this batch parsed.
        entity_ids = bindparam("entity_ids", entity_ids, expanding=True, literal_execute=True)
        newest_version = db.func.max(SyncMutation.result_version)
        batch._logged_versions = {
            (entity, entity_id): version
            for entity, entity_id, version in db.session.execute(
                db.select(SyncMutation.entity, SyncMutation.entity_id, newest_version)
                .where(SyncMutation.patient_id == patient_id, SyncMutation.entity_id.in_(entity_ids))
                .group_by(SyncMutation.entity, SyncMutation.entity_id)
            )
            if version is not None
        }
        batch.trusted = True
        return batch

    def forget(self) -> None:
        self.trusted = False

    def checkpoint(self) -> tuple:
        return (
            self.trusted,
            dict(self._logged),
            dict(self._records),
            list(self._new_log_rows),
            {key: set(versions) for key, versions in self._own_versions.items()},
        )

    def restore(self, checkpoint: tuple) -> None:
        """Back to a checkpoint, when the changes made since were rolled back."""
        trusted, logged, records, new_log_rows, own_versions = checkpoint
        self.trusted, self._logged, self._records, self._new_log_rows = trusted, logged, records, new_log_rows
        self._own_versions = defaultdict(set, own_versions)

    # ---- the mutation log ---------------------------------------------------------------------

    def logged(self, mutation_id: uuid.UUID) -> SyncMutation | SimpleNamespace | None:
        if known := self._logged.get(mutation_id):
            return known
        if self.trusted:
            return None
        return db.session.scalar(db.select(SyncMutation).where(SyncMutation.mutation_id == mutation_id))

    def log(self, row: dict) -> None:
        self._new_log_rows.append(row)
        # Read like a SyncMutation row by the answers to repeats, without an ORM object's cost.
        self._logged[row["mutation_id"]] = SimpleNamespace(**row)
        if row["result_version"] is not None:
            self._own_versions[(row["entity"], row["entity_id"])].add(row["result_version"])

    def own_versions(self, entity: str, record_id) -> set[int]:
        """Versions this batch's own changes made, not yet in the written log."""
        return self._own_versions.get((entity, str(record_id)), set())

    def write_log(self) -> None:
        """Insert the batch's log rows in one statement. A row a twin request already wrote is
        skipped: both carry the same change, applied once."""
        if not self._new_log_rows:
            return
        dialect = db.session.get_bind().dialect.name
        statement = insert_unless_present(SyncMutation.__table__, ["mutation_id"], dialect)
        db.session.execute(statement, self._new_log_rows)
        self._new_log_rows = []

    # ---- records ------------------------------------------------------------------------------

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

    def last_logged_version(self, patient_id: uuid.UUID, entity: str, record_id: uuid.UUID) -> int | None:
        if self.trusted:
            return self._logged_versions.get((entity, str(record_id)))
        return db.session.scalar(
            db.select(db.func.max(SyncMutation.result_version)).where(
                SyncMutation.patient_id == patient_id,
                SyncMutation.entity == entity,
                SyncMutation.entity_id == str(record_id),
            )
        )


def _record_ids(mutations: list[dict]) -> dict[type, set[uuid.UUID]]:
    wanted = defaultdict(set)
    for raw in mutations:
        model = model_of(raw.get("entity"))
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
