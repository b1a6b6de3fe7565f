"""A claim is held by one worker pass's token: a pass whose lease ran out, and whose row another
worker took over, neither sends it again nor overwrites what the new holder recorded; and the
lease is renewed right before each attempt, so a long pass keeps the rows it is still working on."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from backend.extensions import db
from backend.push.claims import LEASE, claim_new, claim_waiting, finish, new_claim_token, release, renew
from backend.push.models import PENDING, SENDING, SENT, ReminderSend
from backend.push.send import NoRedirectSession
from backend.push.worker import PassReport, attempt
from tests.support.factories import item_body

DUE = datetime(2026, 11, 10, 22, 0, 5, tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)


def add_item(client, patient, at="22:00"):
    body = item_body(start_date="2026-01-01", reminder_at=at)
    response = client.post("/api/v1/care-plan/items", json=body, headers=patient.headers)
    assert response.status_code == 201, response.json


def test_a_pass_that_lost_its_row_to_another_worker_does_not_send_it_again(
    app, client, patient, subscribe, worker, receiver, rows
):
    device = subscribe(patient)
    add_item(client, patient)
    with app.app_context():
        slow = new_claim_token()
        (send_id,) = claim_new(DUE, slow)
        db.session.remove()

    # The slow pass stalls past its lease; another worker takes the row over and sends it.
    worker(DUE + LEASE + timedelta(seconds=30))
    assert len(receiver.payloads(device)) == 1
    (row,) = rows(ReminderSend)
    assert row.status == SENT and row.claimed_by is None

    # The slow pass wakes up and goes on with the rows it claimed: nothing is sent, nothing changes.
    with app.app_context():
        report = PassReport()
        attempt(send_id, lambda: DUE + LEASE + timedelta(minutes=1), NoRedirectSession(), report, slow)
        assert finish(send_id, slow, status=PENDING) is False
        release([send_id], DUE, slow)
        db.session.remove()

    assert report.lost == 1 and report.sent == 0
    assert len(receiver.payloads(device)) == 1 and len(receiver.attempts) == 1
    assert rows(ReminderSend)[0].status == SENT


def test_a_finished_row_keeps_the_new_holders_outcome(app, client, patient, subscribe, rows):
    subscribe(patient)
    add_item(client, patient)
    with app.app_context():
        first = new_claim_token()
        (send_id,) = claim_new(DUE, first)
        assert renew(send_id, DUE, first)
        # The first holder's lease runs out mid-send; another worker claims the row.
        second = new_claim_token()
        assert claim_waiting(DUE + LEASE + timedelta(seconds=1), second) == [send_id]
        assert finish(send_id, first, status=SENT) is False
        assert renew(send_id, DUE + LEASE + timedelta(seconds=2), first) is False
        (row,) = db.session.scalars(db.select(ReminderSend)).all()
        assert row.status == SENDING and row.claimed_by == second
        assert finish(send_id, second, status=SENT) is True
        db.session.remove()
    assert rows(ReminderSend)[0].status == SENT


def test_the_lease_is_timed_from_each_attempt_not_from_the_start_of_the_pass(app, client, patient, subscribe):
    subscribe(patient)
    add_item(client, patient)
    with app.app_context():
        mine = new_claim_token()
        (send_id,) = claim_new(DUE, mine)
        # Four minutes on, this pass reaches the row: renewing holds it for a whole lease from now.
        assert renew(send_id, DUE + timedelta(minutes=4), mine)
        assert claim_waiting(DUE + LEASE + timedelta(seconds=1), new_claim_token()) == []
        (row,) = db.session.scalars(db.select(ReminderSend)).all()
        assert row.claimed_by == mine and row.lease_until == DUE + timedelta(minutes=4) + LEASE
        db.session.remove()
