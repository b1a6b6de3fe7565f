"""The push API: the public key, storing and removing a browser's subscription, and refusals
in the one error shape with nothing written."""

import base64
import concurrent.futures

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from backend.push.endpoints import allowed_origins, endpoint_problem, normalise_endpoint
from backend.push.keys import load_or_create_key_file
from backend.push.models import PushSubscription
from backend.push.send import _audience
from backend.push.subscriptions import MAX_DEVICES

SUBSCRIPTIONS = "/api/v1/push/subscriptions"


def test_the_public_key_is_an_uncompressed_p256_point_anyone_may_read(client):
    response = client.get("/api/v1/push/key")

    assert response.status_code == 200
    raw = base64.urlsafe_b64decode(response.json["public_key"] + "==")
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    assert len(raw) == 65 and raw[0] == 4
    assert client.get("/api/v1/push/key").json == response.json


def test_a_subscription_is_stored_once_and_a_repeat_answers_200(client, patient, receiver, rows):
    device = receiver.new_device()
    body = {**device.subscription, "expirationTime": None}

    first = client.post(SUBSCRIPTIONS, json=body, headers=patient.headers)
    again = client.post(SUBSCRIPTIONS, json=body, headers=patient.headers)

    assert first.status_code == 201 and again.status_code == 200
    assert first.json["endpoint"] == device.endpoint and first.json["created_at"]
    assert again.json == first.json
    (stored,) = rows(PushSubscription)
    assert str(stored.user_id) == patient.id and stored.p256dh == device.subscription["keys"]["p256dh"]


def test_an_endpoint_another_account_stored_moves_to_this_one(client, patient, other_patient, receiver, rows):
    device = receiver.new_device()
    client.post(SUBSCRIPTIONS, json=device.subscription, headers=other_patient.headers)

    moved = client.post(SUBSCRIPTIONS, json=device.subscription, headers=patient.headers)

    assert moved.status_code == 201
    assert [str(row.user_id) for row in rows(PushSubscription)] == [patient.id]
    gone = client.delete(SUBSCRIPTIONS, json={"endpoint": device.endpoint}, headers=other_patient.headers)
    assert gone.status_code == 404


def test_a_clinician_may_not_subscribe(client, clinician, receiver, rows):
    response = client.post(SUBSCRIPTIONS, json=receiver.new_device().subscription, headers=clinician.headers)

    assert response.status_code == 403
    assert (
        response.json["code"] == 403 and response.json["status"] == "Forbidden" and response.json["message"]
    )
    assert rows(PushSubscription) == []


def test_an_endpoint_another_account_holds_with_other_keys_is_409_and_nothing_changes(
    client, patient, other_patient, receiver, rows
):
    device = receiver.new_device()
    client.post(SUBSCRIPTIONS, json=device.subscription, headers=other_patient.headers)
    (before,) = rows(PushSubscription)
    stranger = receiver.new_device().subscription["keys"]

    for keys in (stranger, {**device.subscription["keys"], "auth": stranger["auth"]}):
        taken = client.post(
            SUBSCRIPTIONS, json={**device.subscription, "keys": keys}, headers=patient.headers
        )

        assert taken.status_code == 409, taken.json
        assert taken.json["code"] == 409 and taken.json["status"] == "Conflict" and taken.json["message"]
        (after,) = rows(PushSubscription)
        assert (after.user_id, after.p256dh, after.auth, after.created_at) == (
            before.user_id,
            before.p256dh,
            before.auth,
            before.created_at,
        )


def test_the_409_of_subscribing_is_documented(client):
    responses = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/push/subscriptions"]["post"][
        "responses"
    ]

    assert {"200", "201", "403", "409"} <= set(responses)


def test_one_browser_subscribing_with_two_spellings_is_one_row(client, patient, receiver, rows):
    body = receiver.new_device().subscription
    spellings = [
        "https://fcm.googleapis.com/fcm/send/AbC-dEf",
        "HTTPS://FCM.GoogleAPIs.com:443/fcm/send/AbC-dEf",
    ]

    answers = [
        client.post(SUBSCRIPTIONS, json={**body, "endpoint": endpoint}, headers=patient.headers)
        for endpoint in spellings
    ]

    assert [answer.status_code for answer in answers] == [201, 200]
    (stored,) = rows(PushSubscription)
    assert stored.endpoint == "https://fcm.googleapis.com/fcm/send/AbC-dEf"
    gone = client.delete(SUBSCRIPTIONS, json={"endpoint": spellings[1]}, headers=patient.headers)
    assert gone.status_code == 204 and rows(PushSubscription) == []


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTPS://FCM.googleapis.COM/fcm/send/AbC", "https://fcm.googleapis.com/fcm/send/AbC"),
        ("https://fcm.googleapis.com:443/fcm/send/AbC", "https://fcm.googleapis.com/fcm/send/AbC"),
        ("https://Web.Push.Apple.com:443/QGx?X=Y", "https://web.push.apple.com/QGx?X=Y"),
        ("http://127.0.0.1:80/push/a", "http://127.0.0.1/push/a"),
        ("http://127.0.0.1:8123/push/a", "http://127.0.0.1:8123/push/a"),
    ],
)
def test_endpoints_are_stored_normalised(url, normal):
    assert normalise_endpoint(url) == normal
    assert normalise_endpoint(normal) == normal


def test_the_vapid_audience_is_the_normalised_origin():
    assert _audience("HTTPS://FCM.GoogleAPIs.com:443/fcm/send/x") == "https://fcm.googleapis.com"
    assert _audience("http://127.0.0.1:8123/push/x") == "http://127.0.0.1:8123"


def test_an_account_keeps_its_newest_devices(client, patient, subscribe, rows):
    devices = [subscribe(patient) for _ in range(MAX_DEVICES + 2)]

    kept = {row.endpoint for row in rows(PushSubscription)}

    assert len(kept) == MAX_DEVICES
    assert devices[-1].endpoint in kept and devices[0].endpoint not in kept


def test_unsubscribing_removes_mine_and_404s_for_anything_else(client, patient, subscribe, rows):
    device = subscribe(patient)

    missing = client.delete(SUBSCRIPTIONS, json={"endpoint": device.endpoint + "x"}, headers=patient.headers)
    removed = client.delete(SUBSCRIPTIONS, json={"endpoint": device.endpoint}, headers=patient.headers)

    assert missing.status_code == 404 and missing.json["code"] == 404
    assert removed.status_code == 204
    assert rows(PushSubscription) == []


def test_subscribing_needs_a_signed_in_account(client, receiver):
    response = client.post(SUBSCRIPTIONS, json=receiver.new_device().subscription)

    assert response.status_code == 401


def _with(body: dict, **changes) -> dict:
    keys = {**body["keys"], **changes.pop("keys", {})}
    return {**body, "keys": keys, **changes}


BAD_BODIES = {
    "endpoint on localhost": (lambda good: _with(good, endpoint="http://127.0.0.1:9/push/x"), "endpoint"),
    "endpoint not a url": (lambda good: _with(good, endpoint="not a url"), "endpoint"),
    "endpoint missing": (lambda good: {"keys": good["keys"]}, "endpoint"),
    "endpoint not text": (lambda good: _with(good, endpoint=12), "endpoint"),
    "p256dh not a point": (lambda good: _with(good, keys={"p256dh": "BA" + "A" * 85}), "keys"),
    "p256dh not base64url": (lambda good: _with(good, keys={"p256dh": "not base64!"}), "keys"),
    "auth too short": (lambda good: _with(good, keys={"auth": "AAAA"}), "keys"),
    "keys missing": (lambda good: {"endpoint": good["endpoint"]}, "keys"),
    "unknown field": (lambda good: {**good, "extra": 1}, "extra"),
}


@pytest.mark.parametrize("case", BAD_BODIES)
def test_a_bad_subscription_is_422_naming_the_field_and_nothing_is_stored(
    client, patient, receiver, rows, case
):
    make, field = BAD_BODIES[case]
    good = receiver.new_device().subscription
    good["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc"

    response = client.post(SUBSCRIPTIONS, json=make(good), headers=patient.headers)

    assert response.status_code == 422, response.json
    assert response.json["code"] == 422 and response.json["status"] == "Unprocessable Entity"
    assert field in response.json["errors"]
    assert rows(PushSubscription) == []


def test_a_push_service_endpoint_is_accepted_without_contacting_it(client, patient, receiver, rows):
    body = receiver.new_device().subscription
    body["endpoint"] = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABn"

    response = client.post(SUBSCRIPTIONS, json=body, headers=patient.headers)

    assert response.status_code == 201
    assert receiver.attempts == []


NO_ORIGINS = frozenset()
LOCAL = allowed_origins("http://127.0.0.1:8123, https://push.example.test")


@pytest.mark.parametrize(
    "url",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com:443/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://wns2-par02p.notify.windows.com/w/?token=abc",
    ],
)
def test_known_push_services_are_allowed(url):
    assert endpoint_problem(url, NO_ORIGINS) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://fcm.googleapis.com/fcm/send/abc",  # not https
        "https://user:pw@fcm.googleapis.com/fcm/send/abc",  # userinfo
        "https://fcm.googleapis.com@127.0.0.1/x",  # userinfo that hides the real host
        "https://fcm.googleapis.com:8443/fcm/send/abc",  # odd port
        "https://fcm.googleapis.com.evil.test/x",
        "https://evilfcm.googleapis.com/x",
        "https://push.apple.com/x",  # the parent itself is not a push host
        "https://push.apple.com.evil.test/x",
        "https://evilpush.apple.com/x",
        "https://127.0.0.1/x",
        "http://127.0.0.1:8123/x",  # not allowed unless listed
        "http://localhost/x",
        "https://[::1]/x",
        "https://169.254.169.254/latest/meta-data",
        "https://fcm.googleapis.com\\@127.0.0.1/x",
        "https://fcm.googleapis.com:99999/x",
        "ftp://fcm.googleapis.com/x",
        "https://fcm.googleapis.com/a b",
        "https://fcm.googleapis.cöm/x",
        "https://a..push.apple.com/x",  # an empty label
        "https://-.push.apple.com/x",  # a label that starts or ends with "-"
        "https://web-.push.apple.com/x",
        "https://-web.push.apple.com/x",
        "https://" + "a" * 64 + ".push.apple.com/x",  # a label over 63 characters
        "https://web.push.apple.com./x",  # a trailing dot
        "https://web_1.push.apple.com/x",
        "https://web%2epush.apple.com/x",
        "https://fcm.googleapis.com:80/x",  # any port but the default
        "https://web.push.apple.com:0/x",
        "",
    ],
)
def test_anything_else_is_refused(url):
    assert endpoint_problem(url, NO_ORIGINS)


def test_listed_origins_are_allowed_exactly():
    assert endpoint_problem("http://127.0.0.1:8123/push/abc", LOCAL) is None
    assert endpoint_problem("https://push.example.test/abc", LOCAL) is None
    assert endpoint_problem("http://127.0.0.1:8124/push/abc", LOCAL)
    assert endpoint_problem("https://127.0.0.1:8123/push/abc", LOCAL)
    assert endpoint_problem("http://u:p@127.0.0.1:8123/push/abc", LOCAL)


def test_a_listed_origin_must_be_an_origin():
    with pytest.raises(ValueError):
        allowed_origins("127.0.0.1:8123")


@pytest.mark.parametrize("setting", ["http://127.0.0.1:99999", "http://127.0.0.1:port", "http://127.0.0.1:0"])
def test_a_listed_origin_with_a_bad_port_is_a_clear_error(setting):
    with pytest.raises(ValueError, match=r"PUSH_ENDPOINT_ORIGINS: .* has a bad port"):
        allowed_origins(setting)


def test_workers_starting_together_agree_on_one_generated_key(tmp_path):
    path = tmp_path / "instance" / "vapid.pem"

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: load_or_create_key_file(path).public_key.public_numbers(), range(16)))

    assert len(set(keys)) == 1
    assert (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["vapid.pem"]
    assert load_or_create_key_file(path).public_key.public_numbers() == keys[0]


def test_a_key_from_the_environment_is_used(app, client, monkeypatch):
    raw = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value.to_bytes(32, "big")
    monkeypatch.setitem(app.config, "VAPID_PRIVATE_KEY", base64.urlsafe_b64encode(raw).decode().rstrip("="))
    expected = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1()).public_key().public_numbers()

    shown = base64.urlsafe_b64decode(client.get("/api/v1/push/key").json["public_key"] + "==")

    assert ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), shown).public_numbers() == expected
