"""A push service on 127.0.0.1 for tests and benchmarks: a real HTTP server on a free port that
holds, per device, a real P-256 key pair and auth secret as a browser does, decrypts what it
receives (RFC 8291, aes128gcm, with http_ece), checks the VAPID signature, and records each
payload. It can be told to answer 410 or 500 for a while instead.

    receiver = PushReceiver()               # started; receiver.origin goes in PUSH_ENDPOINT_ORIGINS
    device = receiver.new_device()          # device.subscription: what a browser's toJSON() gives
    receiver.fail_with(500, times=3)        # the next three requests answer 500 (times=None: until reset)
    receiver.fail_with(410, device=device)  # only this device's requests fail
    receiver.payloads(device)               # decrypted JSON payloads, in arrival order
    receiver.close()
"""

import base64
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_vapid_private_key() -> str:
    """A VAPID key as the VAPID_PRIVATE_KEY setting takes it (PEM), so a test server never
    generates one under instance/."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass
class Device:
    id: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def subscription(self) -> dict:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)}}


@dataclass
class Received:
    device_id: str
    payload: dict
    headers: dict
    # time.time() when it arrived: benchmarks measure delays with it; tests never do.
    arrived: float


@dataclass
class Attempt:
    device_id: str
    status: int


@dataclass
class _State:
    devices: dict = field(default_factory=dict)
    received: list = field(default_factory=list)
    attempts: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    failure: int | None = None
    failures_left: int | None = None
    # Only this device fails, when set.
    failing_device: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: _State

    def log_message(self, format, *args):  # noqa: A002 - quiet: tests read what was recorded
        pass

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        device_id = self.path.rsplit("/", 1)[-1]
        state = self.state
        with state.lock:
            device = state.devices.get(device_id)
            failure = state.failure
            if state.failing_device not in (None, device_id):
                failure = None
            if failure is not None and state.failures_left is not None:
                state.failures_left -= 1
                if state.failures_left <= 0:
                    state.failure = state.failures_left = None
        if device is None:
            status = 404
        elif failure is not None:
            status = failure
        else:
            status = self._receive(device, body)
        with state.lock:
            state.attempts.append(Attempt(device_id, status))
        self._answer(status)

    def _receive(self, device: Device, body: bytes) -> int:
        try:
            if self.headers.get("Content-Encoding") != "aes128gcm":
                raise ValueError(f"content encoding {self.headers.get('Content-Encoding')!r}")
            if not Vapid02.verify(self.headers.get("Authorization", "")):
                raise ValueError("VAPID signature does not verify")
            plain = http_ece.decrypt(
                body, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm"
            )
            payload = json.loads(plain)
        except Exception as error:  # noqa: BLE001 - every failure is recorded for the test to see
            with self.state.lock:
                self.state.errors.append(f"{device.id}: {error!r}")
            return 400
        with self.state.lock:
            self.state.received.append(Received(device.id, payload, dict(self.headers), time.time()))
        return 201


class PushReceiver:
    def __init__(self):
        self._state = _State()
        handler = type("Handler", (_Handler,), {"state": self._state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def new_device(self) -> Device:
        device_id = uuid.uuid4().hex
        device = Device(
            device_id,
            f"{self.origin}/push/{device_id}",
            ec.generate_private_key(ec.SECP256R1()),
            os.urandom(16),
        )
        with self._state.lock:
            self._state.devices[device_id] = device
        return device

    def fail_with(self, status: int | None, times: int | None = None, device: Device | None = None) -> None:
        """Answer `status` to the next `times` requests (None: until reset), for one device or all."""
        with self._state.lock:
            self._state.failure, self._state.failures_left = status, times
            self._state.failing_device = device.id if device else None

    def reset_failures(self) -> None:
        self.fail_with(None)

    @property
    def received(self) -> list[Received]:
        with self._state.lock:
            return list(self._state.received)

    @property
    def attempts(self) -> list[Attempt]:
        with self._state.lock:
            return list(self._state.attempts)

    @property
    def errors(self) -> list[str]:
        with self._state.lock:
            return list(self._state.errors)

    def payloads(self, device: Device | None = None) -> list[dict]:
        return [r.payload for r in self.received if device is None or r.device_id == device.id]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
