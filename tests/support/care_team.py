"""Care-team steps: invitations and shares made through the API, as users make them."""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from backend.auth.models import User
from backend.careplan.models import CarePlanItem
from backend.careplan.service import build_item, update_item
from backend.database import utcnow
from backend.extensions import db
from backend.sharing.models import Share
from tests.support.factories import episode_body, item_body

# A zone far from UTC, so day windows computed in UTC by mistake show up.
TIME_ZONE = "America/New_York"


def invite(client, patient, permission="view", **fields) -> dict:
    response = client.post(
        "/api/v1/shares/invites", json={"permission": permission, **fields}, headers=patient.headers
    )
    assert response.status_code == 201, response.json
    return response.json


def share(client, patient, clinician, permission="view") -> dict:
    code = invite(client, patient, permission)["code"]
    response = client.post("/api/v1/shares/accept", json={"code": code}, headers=clinician.headers)
    assert response.status_code in (200, 201), response.json
    return response.json


def stored_share(app, patient, clinician, permission="view", revoked=False) -> None:
    """A share written straight to the database, for tests about what shares allow, not how they start."""
    with app.app_context():
        db.session.add(
            Share(
                patient_id=uuid.UUID(patient.id),
                clinician_id=uuid.UUID(clinician.id),
                permission=permission,
                revoked_at=utcnow() if revoked else None,
            )
        )
        db.session.commit()


def revoke(client, actor, share_id) -> None:
    response = client.delete(f"/api/v1/shares/{share_id}", headers=actor.headers)
    assert response.status_code == 204, response.json


def add_episode(client, patient, **fields) -> dict:
    response = client.post("/api/v1/episodes", json=episode_body(**fields), headers=patient.headers)
    assert response.status_code == 201, response.json
    return response.json


def add_item(client, patient, **fields) -> dict:
    response = client.post("/api/v1/care-plan/items", json=item_body(**fields), headers=patient.headers)
    assert response.status_code == 201, response.json
    return response.json


def local_midnight(days_ago: int) -> datetime:
    today = utcnow().astimezone(ZoneInfo(TIME_ZONE)).date()
    return datetime.combine(today - timedelta(days=days_ago), time(), tzinfo=ZoneInfo(TIME_ZONE))


def cramp_at(client, patient, started_at: datetime) -> dict:
    ended_at = started_at + timedelta(minutes=2)
    return add_episode(client, patient, started_at=started_at.isoformat(), ended_at=ended_at.isoformat())


def local_day(days_ago: int) -> str:
    return (utcnow().astimezone(ZoneInfo(TIME_ZONE)).date() - timedelta(days=days_ago)).isoformat()


def clinician_item(app, patient, clinician, **fields) -> str:
    """A care-plan item written by a clinician through the care-plan rules, as the care-team API
    writes it."""
    with app.app_context():
        patient_user = db.session.get(User, uuid.UUID(patient.id))
        author = db.session.get(User, uuid.UUID(clinician.id))
        item = build_item(patient_user, author, {**_clinician_item_fields(), **fields}, uuid.uuid4())
        db.session.commit()
        return str(item.id)


def clinician_edit(app, item_id: str, **fields) -> int:
    """The item's author rewrites it through the care-plan rules."""
    with app.app_context():
        item = db.session.get(CarePlanItem, uuid.UUID(item_id))
        author = db.session.get(User, item.author_id)
        update_item(item, fields, by=author, patient=db.session.get(User, item.patient_id))
        db.session.commit()
        return item.version


def _clinician_item_fields() -> dict:
    fields = item_body(title="Stretch before bed (from your clinician)", instructions="Hold 30 s.")
    fields.pop("id")
    return fields
