"""A clinician's read writes an access-log row, so it must hold up beside the patient's writes.

On SQLite a deferred transaction that has read cannot then write once another connection has
committed ("database is locked"); clinician reads therefore begin as write transactions.
"""

from concurrent.futures import ThreadPoolExecutor

from tests.support.factories import episode_body

ROUNDS = 25


def test_clinician_reads_succeed_while_the_patient_writes(app, patient, viewer):
    def read_episodes() -> list[int]:
        client = app.test_client()
        path = f"/api/v1/patients/{patient.id}/episodes"
        return [client.get(path, headers=viewer.headers).status_code for _ in range(ROUNDS)]

    def write_episodes() -> list[int]:
        client = app.test_client()
        return [
            client.post("/api/v1/episodes", json=episode_body(), headers=patient.headers).status_code
            for _ in range(ROUNDS)
        ]

    with ThreadPoolExecutor(max_workers=3) as pool:
        readers = [pool.submit(read_episodes) for _ in range(2)]
        writer = pool.submit(write_episodes)
        read_statuses = [status for reader in readers for status in reader.result()]
        write_statuses = writer.result()

    assert read_statuses == [200] * (2 * ROUNDS)
    assert write_statuses == [201] * ROUNDS
