"""The VAPID key pair that identifies this server to push services.

From VAPID_PRIVATE_KEY when set (several machines must share one key: browsers' subscriptions
are bound to it), else generated once into VAPID_KEY_FILE under instance/. Like `secret_key()`,
creating the file is exclusive so that workers starting together agree on one key; here the key
is written to a temporary file first and linked into place (link fails if the name exists), so no
process can read a half-written file.
"""

import base64
import contextlib
import os
import tempfile
import time
from pathlib import Path
from threading import Lock

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app
from py_vapid import Vapid

# A VAPID token may live 24 h; we sign for 12 h and sign again with an hour to spare, so one
# signature serves many sends to the same push service.
TOKEN_LIFETIME = 12 * 3600
RENEW_BEFORE = 3600

_lock = Lock()


def _pem(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_or_create_key_file(path: Path) -> Vapid:
    """The key kept in `path`, generating it first if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_pem(ec.generate_private_key(ec.SECP256R1())))
            os.chmod(temporary, 0o600)
            # Another process may have made it first: then we use theirs.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return Vapid.from_pem(path.read_bytes())


def vapid_from_setting(value: str) -> Vapid:
    """VAPID_PRIVATE_KEY: a PEM, or base64url of the raw 32-byte key or of its DER."""
    text = value.strip()
    if "-----BEGIN" in text:
        return Vapid.from_pem(text.replace("\\n", "\n").encode())
    return Vapid.from_string(text)


class VapidSigner:
    def __init__(self, vapid: Vapid, subject: str):
        self.vapid, self.subject = vapid, subject
        self._headers: dict[str, tuple[float, dict]] = {}

    @property
    def public_key(self) -> str:
        """The applicationServerKey: the uncompressed P-256 point, base64url without padding."""
        point = self.vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return base64.urlsafe_b64encode(point).rstrip(b"=").decode()

    def headers_for(self, audience: str) -> dict:
        """The Authorization header for one push service's origin, signed once per 11 hours."""
        now = time.time()
        expires, headers = self._headers.get(audience, (0, {}))
        if expires - now < RENEW_BEFORE:
            expires = int(now) + TOKEN_LIFETIME
            headers = self.vapid.sign({"aud": audience, "sub": self.subject, "exp": expires})
            self._headers[audience] = (expires, headers)
        return dict(headers)


def signer(app: Flask | None = None) -> VapidSigner:
    """This app's signer, loaded once per key setting."""
    app = app or current_app
    setting = app.config.get("VAPID_PRIVATE_KEY")
    source = ("setting", setting) if setting else ("file", str(app.config["VAPID_KEY_FILE"]))
    subject = app.config["VAPID_SUBJECT"]
    with _lock:
        cached = app.extensions.get("push_vapid")
        if cached and cached[0] == (source, subject):
            return cached[1]
        vapid = vapid_from_setting(setting) if setting else load_or_create_key_file(Path(source[1]))
        loaded = VapidSigner(vapid, subject)
        app.extensions["push_vapid"] = ((source, subject), loaded)
        return loaded
