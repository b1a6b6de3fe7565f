"""The diary and the check-offs as CSV: what Python's csv module (like a spreadsheet) reads back."""

from tests.support.care_team import add_episode
from tests.support.reports import csv_rows


def download(client, actor, name):
    response = client.get(f"/api/v1/me/export/{name}.csv", headers=actor.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_episodes_csv_has_a_bom_a_header_and_one_row_per_episode(client, diary):
    response = download(client, diary, "episodes")

    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    assert 'filename="crampcare-episodes.csv"' in response.headers["Content-Disposition"]
    rows = csv_rows(response.data)
    assert len(rows) == 6
    assert sorted(row["id"] for row in rows) == sorted(episode["id"] for episode in diary.episodes)


def test_an_episode_row_round_trips_every_field(client, diary):
    rows = {row["id"]: row for row in csv_rows(download(client, diary, "episodes").data)}

    row = rows[diary.episodes[0]["id"]]
    assert row["night_of"] == "2026-10-05"
    assert row["started_at_local"] == "2026-10-06 02:10:00"
    assert row["started_at_utc"] == "2026-10-06T01:10:00Z"
    assert row["ended_at_utc"] == "2026-10-06T01:12:00Z"
    assert row["time_zone"] == "Europe/London"
    assert row["duration_seconds"] == "120"
    assert (row["severity"], row["muscle"], row["side"]) == ("4", "calf", "left")
    assert row["reliefs"] == "stretching:full"
    assert rows[diary.episodes[2]["id"]]["triggers"] == "dehydration;long_standing"
    assert rows[diary.episodes[2]["id"]]["reliefs"] == "massage:none"


def test_notes_with_commas_quotes_and_new_lines_come_back_whole(client, patient):
    notes = 'Woke at 3, "bad one"\nsecond line; ü é'
    episode = add_episode(client, patient, notes=notes)

    [row] = csv_rows(download(client, patient, "episodes").data)

    assert row["id"] == episode["id"]
    assert row["notes"] == notes


def test_a_note_that_looks_like_a_formula_is_kept_as_text(client, patient):
    for notes in ('=HYPERLINK("http://evil.example")', "+1+2", "-3", "@SUM(A1)", "\tTab", "\rCR"):
        add_episode(client, patient, notes=notes)

    rows = csv_rows(download(client, patient, "episodes").data)

    assert sorted(row["notes"] for row in rows) == sorted(
        ['\'=HYPERLINK("http://evil.example")', "'+1+2", "'-3", "'@SUM(A1)", "'\tTab", "'\rCR"]
    )


def test_a_deleted_episode_is_not_exported(client, patient):
    kept, gone = add_episode(client, patient), add_episode(client, patient)
    assert client.delete(f"/api/v1/episodes/{gone['id']}", headers=patient.headers).status_code == 204

    rows = csv_rows(download(client, patient, "episodes").data)

    assert [row["id"] for row in rows] == [kept["id"]]


def test_checks_csv_has_one_row_per_check(client, diary):
    rows = csv_rows(download(client, diary, "checks").data)

    assert [(row["date"], row["done"]) for row in rows] == [
        ("2026-10-05", "done"),
        ("2026-10-06", "done"),
        ("2026-10-07", "done"),
        ("2026-10-14", "skipped"),
    ]
    assert {row["item_title"] for row in rows} == {"Stretch calves before bed"}
    assert {row["item_id"] for row in rows} == {diary.item["id"]}


def test_a_clinician_has_no_csv_of_their_own(client, clinician):
    response = client.get("/api/v1/me/export/episodes.csv", headers=clinician.headers)

    assert response.status_code == 403
