"""Everything kept about me comes out as JSON; erasing my account removes every row of it."""

import uuid

import pytest
from sqlalchemy import func, select

from backend.auth.models import AuthSession, RefreshToken, User
from backend.careplan.models import CarePlanCheck, CarePlanItem
from backend.changes import ChangeCounter
from backend.episodes.models import Episode, EpisodeRelief, EpisodeSymptom, EpisodeTrigger
from backend.extensions import db
from backend.profile.schemas import ExportSchema
from tests.support.accounts import PASSWORD
from tests.support.factories import CHECK_DAY


@pytest.fixture
def diary(client, patient, add_episode, add_item) -> dict:
    """A patient with some of everything: episodes with child rows, items, checks, a deleted episode."""
    episode = add_episode(
        triggers=["stress"], reliefs=[{"method": "heat", "effect": "some"}], symptoms=["soreness_after"]
    )
    deleted = add_episode()
    client.delete(f"/api/v1/episodes/{deleted['id']}", headers=patient.headers)
    item = add_item()
    client.put(
        f"/api/v1/care-plan/items/{item['id']}/checks/{CHECK_DAY}",
        json={"done": True},
        headers=patient.headers,
    )
    return {"episode": episode, "deleted": deleted, "item": item}


def test_export_has_every_section(client, patient, diary):
    response = client.get("/api/v1/me/export", headers=patient.headers)

    assert response.status_code == 200
    assert set(response.json) == set(ExportSchema().fields)
    assert {"exported_at", "profile", "episodes", "care_plan_items", "care_plan_checks"} <= set(response.json)


def test_export_holds_my_records(client, patient, diary):
    export = client.get("/api/v1/me/export", headers=patient.headers).json

    assert export["profile"]["id"] == patient.id
    assert [episode["id"] for episode in export["episodes"]] == [diary["episode"]["id"]]
    assert export["episodes"][0]["triggers"] == ["stress"]
    assert [item["id"] for item in export["care_plan_items"]] == [diary["item"]["id"]]
    assert [check["date"] for check in export["care_plan_checks"]] == [CHECK_DAY]


def test_export_leaves_out_other_patients_records(
    client, patient, other_patient, diary, add_episode, add_item
):
    add_episode(actor=other_patient)
    add_item(actor=other_patient)

    export = client.get("/api/v1/me/export", headers=other_patient.headers).json

    assert export["profile"]["id"] == other_patient.id
    assert len(export["episodes"]) == 1
    assert diary["episode"]["id"] not in {episode["id"] for episode in export["episodes"]}
    assert diary["item"]["id"] not in {item["id"] for item in export["care_plan_items"]}
    assert export["care_plan_checks"] == []


def test_export_is_no_store(client, patient):
    assert client.get("/api/v1/me/export", headers=patient.headers).headers["Cache-Control"] == "no-store"


def test_erase_with_a_wrong_password_is_403_and_keeps_everything(client, patient, diary, rows):
    response = client.delete("/api/v1/me", json={"password": "not my password"}, headers=patient.headers)

    assert response.status_code == 403
    assert len(rows(User)) == 1
    assert len(rows(Episode)) == 2
    assert client.get("/api/v1/me", headers=patient.headers).status_code == 200


@pytest.mark.parametrize("body", [None, {}, {"password": None}, {"password": "x" * 257}])
def test_erase_without_a_usable_password_is_422(client, patient, body, rows):
    response = client.delete("/api/v1/me", json=body, headers=patient.headers)

    assert response.status_code == 422
    assert len(rows(User)) == 1


def test_erase_answers_204_and_the_token_stops_working(client, patient, diary):
    response = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)

    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=patient.headers).status_code == 401


def test_erase_removes_every_row_of_the_account(app, client, patient, diary):
    client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)

    patient_id = uuid.UUID(patient.id)
    episode_ids = [uuid.UUID(diary["episode"]["id"]), uuid.UUID(diary["deleted"]["id"])]
    with app.app_context():

        def count(model, *conditions) -> int:
            return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

        assert count(User, User.id == patient_id) == 0
        assert count(AuthSession, AuthSession.user_id == patient_id) == 0
        assert count(RefreshToken) == 0
        assert count(ChangeCounter, ChangeCounter.patient_id == patient_id) == 0
        assert count(Episode, Episode.patient_id == patient_id) == 0
        for child in (EpisodeTrigger, EpisodeRelief, EpisodeSymptom):
            assert count(child, child.episode_id.in_(episode_ids)) == 0
        assert count(CarePlanItem, CarePlanItem.patient_id == patient_id) == 0
        assert count(CarePlanCheck, CarePlanCheck.patient_id == patient_id) == 0


def test_erase_leaves_no_row_pointing_at_the_account_in_any_table(app, client, patient, diary):
    client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)

    with app.app_context():
        for table in db.metadata.sorted_tables:
            for foreign_key in table.foreign_keys:
                if foreign_key.column.table.name == "users":
                    column = foreign_key.parent
                    left = db.session.scalar(select(func.count()).where(column == uuid.UUID(patient.id)))
                    assert left == 0, f"{table.name}.{column.name}"


def test_erase_keeps_other_accounts(client, patient, other_patient, diary, add_episode, rows):
    add_episode(actor=other_patient)

    client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)

    assert [str(user.id) for user in rows(User)] == [other_patient.id]
    assert len(rows(Episode)) == 1
    assert client.get("/api/v1/episodes", headers=other_patient.headers).status_code == 200


def test_erased_account_cannot_sign_in(patient, client, sign_in):
    client.delete("/api/v1/me", json={"password": PASSWORD}, headers=patient.headers)

    assert sign_in(patient.email, PASSWORD).status_code == 401
