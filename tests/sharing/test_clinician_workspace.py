"""The clinician's workspace on the server: one page visit is one line in the patient's log
(changes and downloads stay lines of their own), the list's plan adherence by the one definition,
a clinician's ended shares listed for 30 days, and a bounded number of queries for the list and
the patient page whatever the number of patients or cramps."""

import json
import uuid
from datetime import timedelta

from sqlalchemy import update

from backend.database import utcnow
from backend.extensions import db
from backend.sharing.models import Share
from tests.support.care_team import add_episode, add_item, cramp_at, local_day, local_midnight, revoke
from tests.support.workspace_data import count_queries, long_diary, many_patients

PAGE_READS = ["", "/warnings", "/insights?days=28", "/care-plan", "/episodes?page_size=25"]


def visit(client, clinician, patient, visit_id=None):
    headers = {**clinician.headers, **({"X-Visit-Id": visit_id} if visit_id else {})}
    for path in PAGE_READS:
        response = client.get(f"/api/v1/patients/{patient.id}{path}", headers=headers)
        assert response.status_code == 200, response.json


def lines_by(client, patient, actor) -> list[dict]:
    log = client.get("/api/v1/me/access-log", headers=patient.headers).json
    # Joining the care team is a line of its own, before any of these.
    return [line for line in log if line["actor"]["id"] == actor.id and line["action"] != "accept_share"]


def test_one_page_visit_is_one_line(client, patient, viewer):
    visit(client, viewer, patient, str(uuid.uuid4()))
    (line,) = lines_by(client, patient, viewer)
    assert line["description"] == "Looked at your summary, cramp diary, care plan, trends and warning signs"
    assert line["actions"] == [
        "view_summary",
        "view_warnings",
        "view_insights",
        "view_care_plan",
        "view_episodes",
    ]
    assert line["at"] <= line["last_at"]


def test_two_visits_are_two_lines(client, patient, viewer):
    visit(client, viewer, patient, str(uuid.uuid4()))
    visit(client, viewer, patient, str(uuid.uuid4()))
    assert len(lines_by(client, patient, viewer)) == 2


def test_reads_without_a_usable_visit_id_stay_one_line_each(client, patient, viewer):
    visit(client, viewer, patient)
    visit(client, viewer, patient, "not-a-visit")
    assert len(lines_by(client, patient, viewer)) == 2 * len(PAGE_READS)


def test_an_edit_and_a_download_in_a_visit_are_lines_of_their_own(client, patient, editor):
    visit_id = str(uuid.uuid4())
    headers = {**editor.headers, "X-Visit-Id": visit_id}
    visit(client, editor, patient, visit_id)
    created = client.post(
        f"/api/v1/patients/{patient.id}/care-plan/items",
        json={"id": str(uuid.uuid4()), "category": "stretching", "title": "Stretch", "schedule": "daily"},
        headers=headers,
    )
    assert created.status_code == 201, created.json
    assert client.get(f"/api/v1/patients/{patient.id}/report.pdf", headers=headers).status_code == 200
    client.get(f"/api/v1/patients/{patient.id}/care-plan", headers=headers)  # the plan re-read after the edit
    descriptions = [line["description"] for line in lines_by(client, patient, editor)]
    assert descriptions[:2] == ["Downloaded your visit report", "Added an item to your care plan"]
    assert len(descriptions) == 3
    assert descriptions[2].startswith("Looked at your summary")


def test_a_visit_never_splits_across_pages(client, patient, viewer):
    for _ in range(3):
        visit(client, viewer, patient, str(uuid.uuid4()))
    first = client.get("/api/v1/me/access-log?page=1&page_size=3", headers=patient.headers)
    second = client.get("/api/v1/me/access-log?page=2&page_size=3", headers=patient.headers)
    assert json.loads(first.headers["X-Pagination"])["total"] == 5
    lines = first.json + second.json
    # Three visits, then the clinician joining and the patient's invitation code.
    assert [len(line["actions"]) for line in lines] == [5, 5, 5, 1, 1]


def test_the_list_gives_plan_adherence_by_the_one_definition(client, patient, viewer):
    item = add_item(client, patient, schedule="daily", start_date=local_day(10))
    for days_ago in (1, 2, 3, 5):
        client.put(
            f"/api/v1/care-plan/items/{item['id']}/checks/{local_day(days_ago)}",
            json={"done": days_ago != 5},
            headers=patient.headers,
        )
    (row,) = client.get("/api/v1/patients", headers=viewer.headers).json
    (planned,) = client.get(f"/api/v1/patients/{patient.id}/care-plan", headers=viewer.headers).json["items"]
    assert row["adherence_14_days"] == {
        "done": planned["adherence"]["done"],
        "expected": planned["adherence"]["expected"],
        "rate": planned["adherence"]["rate"],
    }
    assert row["adherence_14_days"]["rate"] == 3 / 10


def test_the_list_counts_the_change_in_cramps(client, patient, viewer):
    for days_ago in (1, 9, 10):
        cramp_at(client, patient, local_midnight(days_ago) + timedelta(hours=3))
    (row,) = client.get("/api/v1/patients", headers=viewer.headers).json
    assert (row["cramps_last_7_days"], row["cramps_prior_7_days"]) == (1, 2)
    assert (row["cramps_last_28_days"], row["cramps_prior_28_days"]) == (3, 0)


def test_an_ended_share_is_listed_for_30_days_and_reveals_nothing(app, client, patient, viewer):
    add_episode(client, patient)
    revoke(client, patient, viewer.share["id"])
    (ended,) = client.get("/api/v1/shares", headers=viewer.headers).json
    assert ended["status"] == "revoked" and ended["revoked_at"]
    assert client.get("/api/v1/patients", headers=viewer.headers).json == []
    assert client.get(f"/api/v1/patients/{patient.id}/episodes", headers=viewer.headers).status_code == 404
    with app.app_context():
        db.session.execute(update(Share).values(revoked_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    assert client.get("/api/v1/shares", headers=viewer.headers).json == []
    # The patient still sees every share they ever made.
    assert len(client.get("/api/v1/shares", headers=patient.headers).json) == 1


def test_the_list_makes_as_many_queries_for_200_patients_as_for_20(app, client, make_actor):
    counts = []
    for size in (20, 200):
        clinician = make_actor("clinician")
        many_patients(app, clinician, size)
        with count_queries(app) as statements:
            response = client.get("/api/v1/patients", headers=clinician.headers)
        assert response.status_code == 200 and len(response.json) == size
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_patient_page_makes_as_many_queries_for_a_long_diary_as_a_short_one(app, client, make_actor):
    counts = []
    for cramps in (5, 600):
        clinician = make_actor("clinician")
        (patient_id,) = many_patients(app, clinician, 1, zones=("Europe/London",))
        long_diary(app, patient_id, cramps)
        visit_id = str(uuid.uuid4())
        headers = {**clinician.headers, "X-Visit-Id": visit_id}
        with count_queries(app) as statements:
            for path in ("", "/warnings", "/insights?days=365", "/care-plan", "/episodes?page_size=25"):
                assert client.get(f"/api/v1/patients/{patient_id}{path}", headers=headers).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
