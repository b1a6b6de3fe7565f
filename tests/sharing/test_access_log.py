"""The access log: one row for every clinician read or write, share events, append only."""

import uuid

import pytest
from sqlalchemy import func

from backend.extensions import db
from backend.sharing.models import AccessLogEntry, AccessLogIsAppendOnly
from tests.support.accounts import PASSWORD
from tests.support.care_team import add_episode, add_item, invite, revoke, share
from tests.support.factories import item_body

# (method, path, body, action, whether the row names the item as its target)
CLINICIAN_CALLS = [
    ("GET", "/api/v1/patients/{owner}", None, "view_summary", False),
    ("GET", "/api/v1/patients/{owner}/episodes", None, "view_episodes", False),
    ("GET", "/api/v1/patients/{owner}/care-plan", None, "view_care_plan", False),
    ("GET", "/api/v1/patients/{owner}/checks", None, "view_checks", False),
    ("GET", "/api/v1/patients/{owner}/insights", None, "view_insights", False),
    ("GET", "/api/v1/patients/{owner}/warnings", None, "view_warnings", False),
    (
        "PATCH",
        "/api/v1/patients/{owner}/care-plan/items/{item}",
        {"note_for_patient": "Keep going."},
        "edit_care_plan_item",
        True,
    ),
    ("DELETE", "/api/v1/patients/{owner}/care-plan/items/{item}", None, "delete_care_plan_item", True),
]


def log_rows(app) -> list[AccessLogEntry]:
    with app.app_context():
        return db.session.scalars(db.select(AccessLogEntry).order_by(AccessLogEntry.id)).all()


def log_actions(client, patient) -> list[str]:
    return [entry["action"] for entry in client.get("/api/v1/me/access-log", headers=patient.headers).json]


@pytest.fixture
def planned(client, patient):
    add_episode(client, patient)
    return add_item(client, patient)


@pytest.mark.parametrize(("method", "path", "body", "action", "targets_item"), CLINICIAN_CALLS)
def test_each_clinician_call_writes_one_row(
    app, client, patient, editor, planned, method, path, body, action, targets_item
):
    before = len(log_rows(app))

    response = client.open(
        path.format(owner=patient.id, item=planned["id"]), method=method, json=body, headers=editor.headers
    )

    assert response.status_code < 300, response.json
    rows = log_rows(app)
    assert len(rows) == before + 1
    row = rows[-1]
    assert (str(row.patient_id), str(row.actor_id), row.actor_role, row.action) == (
        patient.id,
        editor.id,
        "clinician",
        action,
    )
    assert (str(row.target_id) if targets_item else row.target_id) == (
        planned["id"] if targets_item else None
    )


def test_creating_an_item_logs_its_id(app, client, patient, editor):
    body = item_body()

    client.post(f"/api/v1/patients/{patient.id}/care-plan/items", json=body, headers=editor.headers)

    row = log_rows(app)[-1]
    assert (row.action, str(row.target_id)) == ("create_care_plan_item", body["id"])


def test_repeating_a_create_is_logged_as_a_read(client, patient, editor):
    body = item_body()
    for _ in range(2):
        client.post(f"/api/v1/patients/{patient.id}/care-plan/items", json=body, headers=editor.headers)

    assert log_actions(client, patient)[:2] == ["view_care_plan", "create_care_plan_item"]


def test_the_patient_list_logs_a_row_for_each_patient_shown(app, client, patient, other_patient, clinician):
    share(client, patient, clinician)
    share(client, other_patient, clinician)

    client.get("/api/v1/patients", headers=clinician.headers)

    listed = [(str(row.patient_id), row.action) for row in log_rows(app) if row.action == "view_patient_list"]
    assert sorted(listed) == sorted(
        [(patient.id, "view_patient_list"), (other_patient.id, "view_patient_list")]
    )


def test_refused_calls_leave_a_row_the_patient_reads(app, client, patient, viewer, make_actor, planned):
    stranger = make_actor("clinician")
    before = len(log_rows(app))

    refused_edit = client.patch(
        f"/api/v1/patients/{patient.id}/care-plan/items/{planned['id']}",
        json={"title": "x"},
        headers=viewer.headers,
    )
    refused_read = client.get(f"/api/v1/patients/{patient.id}/episodes", headers=stranger.headers)

    assert (refused_edit.status_code, refused_read.status_code) == (403, 404)
    new_rows = log_rows(app)[before:]
    assert [(str(row.actor_id), row.action) for row in new_rows] == [
        (viewer.id, "refused_edit_care_plan_item"),
        (stranger.id, "refused_view_episodes"),
    ]
    log = client.get("/api/v1/me/access-log", headers=patient.headers).json
    assert "Tried to open your cramp diary and was refused" in [entry["description"] for entry in log]


def test_a_refused_call_on_an_unknown_patient_leaves_no_row(app, client, clinician):
    before = len(log_rows(app))

    response = client.get(f"/api/v1/patients/{uuid.uuid4()}/episodes", headers=clinician.headers)

    assert response.status_code == 404
    assert len(log_rows(app)) == before


def test_the_patients_own_reads_are_not_logged(app, client, patient, planned):
    before = len(log_rows(app))

    client.get("/api/v1/episodes", headers=patient.headers)
    client.get("/api/v1/care-plan", headers=patient.headers)

    assert len(log_rows(app)) == before


def test_share_events_appear_in_the_patients_log(client, patient, clinician):
    cancelled = invite(client, patient)
    client.delete(f"/api/v1/shares/invites/{cancelled['id']}", headers=patient.headers)
    made = share(client, patient, clinician, "view")
    client.patch(f"/api/v1/shares/{made['id']}", json={"permission": "edit_plan"}, headers=patient.headers)
    revoke(client, patient, made["id"])

    assert log_actions(client, patient) == [
        "revoke_share",
        "change_share_permission",
        "accept_share",
        "create_invite",
        "cancel_invite",
        "create_invite",
    ]


def test_entries_name_the_actor_in_plain_words(client, patient, clinician):
    share(client, patient, clinician)

    newest = client.get("/api/v1/me/access-log", headers=patient.headers).json[0]

    assert newest["actor"] == {"id": clinician.id, "role": "clinician", "display_name": "Clinician 2"}
    assert newest["description"] == "Joined your care team"


def test_the_log_is_paged(client, patient, viewer):
    for _ in range(3):
        client.get(f"/api/v1/patients/{patient.id}", headers=viewer.headers)

    response = client.get("/api/v1/me/access-log?page_size=2&page=2", headers=patient.headers)

    assert response.status_code == 200
    # Invite and acceptance first, then three summaries: five in all.
    assert '"total": 5' in response.headers["X-Pagination"]
    assert [entry["action"] for entry in response.json] == ["view_summary", "accept_share"]


def test_a_patient_sees_only_their_own_log(client, patient, other_patient, viewer):
    client.get(f"/api/v1/patients/{patient.id}", headers=viewer.headers)

    assert client.get("/api/v1/me/access-log", headers=other_patient.headers).json == []


def test_entries_outlive_the_clinicians_account(client, patient, viewer):
    client.get(f"/api/v1/patients/{patient.id}", headers=viewer.headers)

    erased = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=viewer.headers)

    assert erased.status_code == 204
    newest = client.get("/api/v1/me/access-log", headers=patient.headers).json[0]
    assert newest["action"] == "view_summary"
    assert newest["actor"]["display_name"] == "Former care-team member"


def test_entries_cannot_be_changed_or_deleted(app, client, patient, viewer):
    with app.app_context():
        entry = db.session.scalars(db.select(AccessLogEntry)).first()
        entry.action = "view_episodes"
        with pytest.raises(AccessLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalars(db.select(AccessLogEntry)).first())
        with pytest.raises(AccessLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        assert db.session.scalar(db.select(func.count()).select_from(AccessLogEntry)) == 2


def test_no_endpoint_changes_the_log(app):
    methods = {
        method for rule in app.url_map.iter_rules() if "access-log" in rule.rule for method in rule.methods
    }
    assert methods <= {"GET", "HEAD", "OPTIONS"}


def test_export_holds_shares_and_the_log(client, patient, viewer):
    client.get(f"/api/v1/patients/{patient.id}/care-plan", headers=viewer.headers)

    exported = client.get("/api/v1/me/export", headers=patient.headers).json

    assert [entry["id"] for entry in exported["shares"]] == [viewer.share["id"]]
    assert [entry["action"] for entry in exported["access_log"]] == [
        "create_invite",
        "accept_share",
        "view_care_plan",
    ]


def test_a_clinicians_export_holds_what_they_did(client, patient, viewer):
    client.get(f"/api/v1/patients/{patient.id}/care-plan", headers=viewer.headers)

    exported = client.get("/api/v1/me/export", headers=viewer.headers).json

    assert [entry["id"] for entry in exported["shares"]] == [viewer.share["id"]]
    assert [(entry["action"], entry["patient_id"]) for entry in exported["access_log"]] == [
        ("accept_share", patient.id),
        ("view_care_plan", patient.id),
    ]
