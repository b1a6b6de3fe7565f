"""Who may download a patient's report and record, and the access-log row each download leaves.

Columns as in tests/sharing/test_authorisation_matrix.py: the owner, a clinician with a view
share, one who may edit the plan, one with no share, one whose share was revoked, another patient,
no token.
"""

import pytest

from backend.sharing.models import AccessLogEntry
from tests.support.care_team import add_episode, stored_share

ACTORS = ("owner", "viewer", "editor", "stranger", "revoked", "other_patient", "anonymous")
MATRIX = {
    "/api/v1/me/report.pdf": (200, 403, 403, 403, 403, 200, 401),
    "/api/v1/me/export/episodes.csv": (200, 403, 403, 403, 403, 200, 401),
    "/api/v1/me/export/checks.csv": (200, 403, 403, 403, 403, 200, 401),
    "/api/v1/me/export/fhir": (200, 403, 403, 403, 403, 200, 401),
    "/api/v1/patients/{owner}/report.pdf": (403, 200, 200, 404, 404, 403, 401),
    "/api/v1/patients/{owner}/fhir": (403, 200, 200, 404, 404, 403, 401),
}
CASES = [
    pytest.param(path, actor, status, id=f"{path} as {actor}")
    for path, statuses in MATRIX.items()
    for actor, status in zip(ACTORS, statuses, strict=True)
]


@pytest.fixture
def actors(app, client, patient, other_patient, make_actor):
    add_episode(client, patient, notes="owner-secret-note")
    cast = {"owner": patient, "other_patient": other_patient, "anonymous": None}
    for name, permission, revoked in (
        ("viewer", "view", False),
        ("editor", "edit_plan", False),
        ("stranger", None, False),
        ("revoked", "view", True),
    ):
        cast[name] = make_actor("clinician")
        if permission:
            stored_share(app, patient, cast[name], permission, revoked=revoked)
    return cast


@pytest.mark.parametrize("path, actor, status", CASES)
def test_who_may_download(client, patient, actors, path, actor, status):
    caller = actors[actor]
    response = client.get(path.format(owner=patient.id), headers=caller.headers if caller else {})

    assert response.status_code == status, response.get_data(as_text=True)[:200]
    if actor == "other_patient" and status == 200 and path.endswith("fhir"):
        assert b"owner-secret-note" not in response.data


@pytest.mark.parametrize(
    "path, action, words",
    [
        ("report.pdf", "download_report", "Downloaded your visit report"),
        ("fhir", "download_fhir", "Downloaded your records for their health record system"),
    ],
)
def test_a_clinicians_download_is_in_the_patients_log(client, patient, actors, rows, path, action, words):
    viewer = actors["viewer"]

    assert client.get(f"/api/v1/patients/{patient.id}/{path}", headers=viewer.headers).status_code == 200

    [entry] = rows(AccessLogEntry, action=action)
    assert str(entry.patient_id) == patient.id and str(entry.actor_id) == viewer.id
    log = client.get("/api/v1/me/access-log", headers=patient.headers).json
    assert any(words in str(row) for row in log)


@pytest.mark.parametrize("path, action", [("report.pdf", "download_report"), ("fhir", "download_fhir")])
def test_a_refused_download_is_in_the_patients_log_too(client, patient, actors, rows, path, action):
    stranger = actors["stranger"]

    assert client.get(f"/api/v1/patients/{patient.id}/{path}", headers=stranger.headers).status_code == 404

    [entry] = rows(AccessLogEntry, action=f"refused_{action}")
    assert str(entry.actor_id) == stranger.id
    assert rows(AccessLogEntry, action=action) == []


def test_a_clinicians_record_holds_only_their_own_consent(client, patient, actors):
    response = client.get(f"/api/v1/patients/{patient.id}/fhir", headers=actors["viewer"].headers)

    consents = [e["resource"] for e in response.json["entry"] if e["resource"]["resourceType"] == "Consent"]
    assert [c["provision"]["actor"][0]["reference"]["reference"] for c in consents] == [
        f"urn:uuid:{actors['viewer'].id}"
    ]
