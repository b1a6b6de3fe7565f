"""Reads that change only when the patient's records do answer 304 to a client that holds them:
the per-patient change counter is the validator."""

import pytest

READS = ["/api/v1/episodes?page_size=50", "/api/v1/care-plan", "/api/v1/sync/pull?cursor=0"]


@pytest.mark.parametrize("path", READS)
def test_an_unchanged_read_is_304_with_the_same_etag(client, patient, episode, path):
    # An account older than profile numbering gets its profile numbered by its first pull.
    client.get("/api/v1/sync/pull", headers=patient.headers)
    first = client.get(path, headers=patient.headers)

    again = client.get(path, headers={**patient.headers, "If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.get_data() == b""


@pytest.mark.parametrize("path", READS)
def test_any_write_to_the_patients_records_changes_the_answer(client, patient, episode, path):
    tag = client.get(path, headers=patient.headers).headers["ETag"]
    client.patch(f"/api/v1/episodes/{episode['id']}", json={"severity": 2}, headers=patient.headers)

    response = client.get(path, headers={**patient.headers, "If-None-Match": tag})

    assert response.status_code == 200
    assert response.headers["ETag"] != tag


def test_a_tag_is_the_patients_own_and_the_querys_own(client, patient, other_patient):
    mine = client.get("/api/v1/episodes", headers=patient.headers).headers["ETag"]
    theirs = client.get("/api/v1/episodes", headers=other_patient.headers).headers["ETag"]
    another_page = client.get("/api/v1/episodes?page=2", headers=patient.headers).headers["ETag"]

    assert len({mine, theirs, another_page}) == 3
    assert (
        client.get("/api/v1/episodes", headers={**other_patient.headers, "If-None-Match": mine}).status_code
        == 200
    )
