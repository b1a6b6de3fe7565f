"""Warning signs people act on: seen by the patient (REST or sync), reviewed by a clinician with a
note, and back, unmarked, when new evidence arrives; the clinician's list counts only the signs
no one has reviewed."""

import uuid
from datetime import timedelta

from backend.database import utcnow
from tests.support.care_team import share
from tests.support.factories import episode_body
from tests.support.sync import mutation, pull_to_end, push_one


def days_ago(days: int) -> str:
    return (utcnow() - timedelta(days=days)).isoformat()


def swelling(client, patient, started_at=None) -> dict:
    started_at = started_at or days_ago(3)
    body = episode_body(started_at=started_at, ended_at=None, muscle="calf", symptoms=["swelling"])
    assert client.post("/api/v1/episodes", json=body, headers=patient.headers).status_code == 201
    return body


def the_sign(client, actor, path="/api/v1/warnings") -> dict:
    (warning,) = [w for w in client.get(path, headers=actor.headers).json if w["code"] == "swelling_redness"]
    return warning


def seen_mark(sign: dict) -> dict:
    """The fields a device sends to mark this sign seen."""
    return {
        "code": sign["code"],
        "occurrence": sign["occurrence"],
        "tokens": sign["tokens"],
        "acknowledged": True,
    }


def test_the_patient_marks_a_sign_seen_through_rest(client, patient):
    swelling(client, patient)
    sign = the_sign(client, patient)
    assert sign["acknowledged_at"] is None

    response = client.put(f"/api/v1/warnings/{sign['occurrence']}/seen", headers=patient.headers)

    assert response.status_code == 200
    assert response.json["acknowledged_at"] is not None
    assert the_sign(client, patient)["acknowledged_at"] == response.json["acknowledged_at"]


def test_a_sign_seen_through_sync_is_seen_through_rest_and_reaches_other_devices(client, patient):
    swelling(client, patient)
    sign = the_sign(client, patient)
    fields = seen_mark(sign)

    result = push_one(client, patient, mutation("sign_mark", uuid.uuid4(), **fields))

    assert result["status"] == "applied"
    assert the_sign(client, patient)["acknowledged_at"] is not None
    changes, _ = pull_to_end(client, patient)
    (mark,) = [change for change in changes if change["entity"] == "sign_mark"]
    assert mark["data"]["occurrence"] == sign["occurrence"]


def test_two_devices_marking_one_occurrence_make_one_mark(client, patient):
    swelling(client, patient)
    sign = the_sign(client, patient)
    fields = seen_mark(sign)

    first = push_one(client, patient, mutation("sign_mark", uuid.uuid4(), **fields))
    second = push_one(client, patient, mutation("sign_mark", uuid.uuid4(), **fields), client_id="tablet")

    assert (first["status"], second["status"]) == ("applied", "merged")
    assert first["record"]["id"] == second["record"]["id"]


def test_new_evidence_brings_a_seen_sign_back(client, patient):
    swelling(client, patient)
    client.put(f"/api/v1/warnings/{the_sign(client, patient)['occurrence']}/seen", headers=patient.headers)

    swelling(client, patient, started_at=days_ago(2))

    sign = the_sign(client, patient)
    assert sign["acknowledged_at"] is None
    assert sign["evidence"]["episode_count"] == 2


def test_a_deleted_cramp_leaves_a_seen_sign_seen(client, patient):
    first = swelling(client, patient)
    swelling(client, patient, started_at=days_ago(2))
    client.put(f"/api/v1/warnings/{the_sign(client, patient)['occurrence']}/seen", headers=patient.headers)

    client.delete(f"/api/v1/episodes/{first['id']}", headers=patient.headers)

    assert the_sign(client, patient)["acknowledged_at"] is not None


def test_an_occurrence_that_is_gone_is_404(client, patient):
    response = client.put("/api/v1/warnings/frequent-0000/seen", headers=patient.headers)

    assert response.status_code == 404


def test_a_clinician_reviews_a_sign_and_the_patient_reads_who_and_the_note(client, patient, clinician):
    swelling(client, patient)
    share(client, patient, clinician)
    sign = the_sign(client, clinician, f"/api/v1/patients/{patient.id}/warnings")

    response = client.put(
        f"/api/v1/patients/{patient.id}/warnings/{sign['occurrence']}/review",
        json={"note": "Seen at the visit: no clot."},
        headers=clinician.headers,
    )

    assert response.status_code == 200
    review = the_sign(client, patient)["review"]
    assert (review["reviewer"], review["note"]) == ("Clinician 2", "Seen at the visit: no clot.")
    log = client.get("/api/v1/me/access-log", headers=patient.headers).json
    assert "Reviewed a warning sign" in [entry["description"] for entry in log]


def test_the_clinicians_list_counts_only_unreviewed_signs(client, patient, clinician):
    swelling(client, patient)
    share(client, patient, clinician)
    sign = the_sign(client, clinician, f"/api/v1/patients/{patient.id}/warnings")
    before = client.get("/api/v1/patients", headers=clinician.headers).json[0]["warning_signs"]

    client.put(
        f"/api/v1/patients/{patient.id}/warnings/{sign['occurrence']}/review",
        json={},
        headers=clinician.headers,
    )

    after = client.get("/api/v1/patients", headers=clinician.headers).json[0]["warning_signs"]
    assert (before["levels"]["urgent"], before["reviewed"]) == (1, 0)
    assert (after["levels"]["urgent"], after["count"], after["reviewed"]) == (0, 0, 1)


def test_a_clinician_without_a_share_cannot_review(client, patient, clinician):
    swelling(client, patient)
    sign = the_sign(client, patient)

    response = client.put(
        f"/api/v1/patients/{patient.id}/warnings/{sign['occurrence']}/review",
        json={},
        headers=clinician.headers,
    )

    assert response.status_code == 404
    assert the_sign(client, patient)["review"] is None
