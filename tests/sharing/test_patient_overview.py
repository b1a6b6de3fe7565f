"""The clinician's list of shared patients and one patient's summary."""

import uuid
from datetime import timedelta

from backend.database import utcnow
from tests.support.care_team import TIME_ZONE, add_episode, add_item, cramp_at, local_midnight, share


def test_patient_list_counts_cramps_by_the_patients_own_days(client, new_yorker, clinician):
    minute = timedelta(minutes=1)
    latest = cramp_at(client, new_yorker, utcnow() - timedelta(hours=1))
    cramp_at(client, new_yorker, local_midnight(6) + minute)
    cramp_at(client, new_yorker, local_midnight(6) - minute)
    cramp_at(client, new_yorker, local_midnight(27) + minute)
    cramp_at(client, new_yorker, local_midnight(27) - minute)
    deleted = cramp_at(client, new_yorker, utcnow() - timedelta(hours=2))
    client.delete(f"/api/v1/episodes/{deleted['id']}", headers=new_yorker.headers)
    made = share(client, new_yorker, clinician, "view")

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert row["id"] == new_yorker.id
    assert row["timezone"] == TIME_ZONE
    assert row["share"] == {"id": made["id"], "permission": "view", "expires_at": None}
    assert row["last_cramp_at"] == latest["started_at"]
    assert (row["cramps_last_7_days"], row["cramps_last_28_days"]) == (2, 4)


def test_patient_list_shows_no_cramps_as_zero(client, patient, clinician):
    share(client, patient, clinician)

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert (row["last_cramp_at"], row["cramps_last_7_days"], row["cramps_last_28_days"]) == (None, 0, 0)


def test_last_change_is_the_patients_latest_write(client, patient, clinician):
    share(client, patient, clinician)
    episode = add_episode(client, patient)
    edited = client.patch(
        f"/api/v1/episodes/{episode['id']}", json={"severity": 3}, headers=patient.headers
    ).json

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert row["last_change_at"] == edited["updated_at"]


def test_patient_list_puts_urgent_warning_signs_first(client, make_actor, clinician):
    # Named so that alphabetical order alone would put the calm patient first.
    calm, worrying = make_actor("patient"), make_actor("patient")
    add_episode(
        client, calm, muscle="calf", symptoms=["numbness"], started_at=utcnow().isoformat(), ended_at=None
    )
    add_episode(
        client,
        worrying,
        muscle="calf",
        symptoms=["swelling", "numbness"],
        started_at=utcnow().isoformat(),
        ended_at=None,
    )
    share(client, calm, clinician)
    share(client, worrying, clinician)

    rows = client.get("/api/v1/patients", headers=clinician.headers).json

    assert [row["id"] for row in rows] == [worrying.id, calm.id]
    assert rows[0]["warning_signs"] == {
        "count": 2,
        "levels": {"urgent": 1, "advice": 1, "info": 0},
        "codes": ["swelling_redness", "numbness_weakness"],
        "reviewed": 0,
    }
    assert rows[1]["warning_signs"]["codes"] == ["numbness_weakness"]


def test_patient_list_shows_real_warning_signs(client, patient, clinician):
    add_episode(
        client,
        patient,
        muscle="calf",
        symptoms=["swelling", "redness"],
        started_at=utcnow().isoformat(),
        ended_at=None,
    )
    share(client, patient, clinician)

    [row] = client.get("/api/v1/patients", headers=clinician.headers).json

    assert row["warning_signs"]["levels"]["urgent"] >= 1


def test_summary_adds_the_profile_and_plan(client, make_actor, clinician):
    medications = [{"name": "Atorvastatin", "class": "statin", "started_on": None}]
    patient = make_actor("patient", conditions=["diabetes"], medications=medications)
    add_item(client, patient)
    paused = add_item(client, patient)
    client.patch(
        f"/api/v1/care-plan/items/{paused['id']}", json={"status": "paused"}, headers=patient.headers
    )
    share(client, patient, clinician)

    summary = client.get(f"/api/v1/patients/{patient.id}", headers=clinician.headers).json

    assert summary["id"] == patient.id
    assert summary["conditions"] == ["diabetes"]
    assert summary["medications"] == medications
    assert summary["active_care_plan_items"] == 1
    assert summary["cramps_last_7_days"] == 0


def test_unknown_patient_is_404(client, clinician):
    assert client.get(f"/api/v1/patients/{uuid.uuid4()}", headers=clinician.headers).status_code == 404
