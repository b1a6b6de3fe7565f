"""A diary written straight into the database at chosen local times, and a frozen "now".

Times are written as the patient's wall clock ("2026-11-14 00:30"), so each test reads in the
patient's own days whatever their zone; NOW is Friday 2026-11-20, 15:00 local.
"""

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backend.auth.models import User
from backend.careplan.models import CarePlanCheck, CarePlanItem
from backend.database import utcnow
from backend.episodes.models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger
from backend.episodes.service import night_of
from backend.extensions import db
from tests.support.zones import ZONES

NOW = "2026-11-20 15:00"
# Old enough that the whole `rising` baseline is covered by the diary.
LONG_AGO = "2025-01-01 12:00"


@dataclass
class Diary:
    patient: User
    actor: object = None  # the signed-in Actor, for requests through the API
    _created: itertools.count = field(default_factory=itertools.count)

    def at(self, local: str) -> datetime:
        wall = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(self.patient.timezone))
        return wall.astimezone(UTC)

    @property
    def now(self) -> datetime:
        return self.at(NOW)

    def episode(
        self,
        local: str,
        seconds: int | None = 120,
        triggers=(),
        reliefs=None,
        symptoms=(),
        deleted: bool = False,
        **fields,
    ) -> Episode:
        started_at = self.at(local)
        episode = Episode(
            patient_id=self.patient.id,
            started_at=started_at,
            ended_at=started_at + timedelta(seconds=seconds) if seconds is not None else None,
            duration_seconds=seconds,
            night_of=night_of(started_at, self.patient.timezone),
            notes="",
            deleted_at=utcnow() if deleted else None,
            **{"severity": 5, "muscle": "calf", "side": "left", **fields},
        )
        episode.trigger_rows = [EpisodeTrigger(trigger=code) for code in triggers]
        episode.symptom_rows = [EpisodeSymptom(symptom=code) for code in symptoms]
        episode.relief_rows = [EpisodeRelief(method=m, effect=e) for m, e in (reliefs or {}).items()]
        db.session.add(episode)
        db.session.commit()
        return episode

    def item(self, title: str, start: str = "2026-11-01", deleted: bool = False, **fields) -> CarePlanItem:
        item = CarePlanItem(
            patient_id=self.patient.id,
            author_id=self.patient.id,
            author_role="patient",
            title=title,
            start_date=date.fromisoformat(start),
            # Plan order is creation order; distinct instants keep it certain.
            created_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=next(self._created)),
            deleted_at=utcnow() if deleted else None,
            **{"category": "other", "schedule": "daily", "instructions": "", "status": "active", **fields},
        )
        db.session.add(item)
        db.session.commit()
        return item

    def check(self, item: CarePlanItem, day: str, done: bool) -> None:
        db.session.add(
            CarePlanCheck(
                patient_id=self.patient.id, item_id=item.id, date=date.fromisoformat(day), done=done
            )
        )
        db.session.commit()


@pytest.fixture
def diary_for(ctx, make_actor):
    """diary_for(zone, created=LONG_AGO, **profile) -> a Diary for a new patient in that zone."""

    def make(time_zone: str, created: str = LONG_AGO, **profile) -> Diary:
        actor = make_actor("patient", timezone=time_zone, **profile)
        diary = Diary(db.session.get(User, uuid.UUID(actor.id)), actor)
        diary.patient.created_at = diary.at(created)
        db.session.commit()
        return diary

    return make


@pytest.fixture(params=ZONES)
def diary(request, diary_for) -> Diary:
    return diary_for(request.param)
