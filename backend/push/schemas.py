import base64
import binascii
import re

from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from marshmallow import Schema, ValidationError, fields, validate

from .endpoints import allowed_origins, endpoint_problem
from .models import MAX_ENDPOINT_LENGTH

BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")

SUBSCRIPTION_EXAMPLE = {
    "endpoint": "https://fcm.googleapis.com/fcm/send/dGhpcyBpcyBhbiBleGFtcGxl",
    "keys": {
        "p256dh": "BBU367vxQ96Oq77bNcXFHHDO8XxE6tfowl3eFEq-VF5rYjrSxZhemlTU8Ehl7gg-CoK6IIS9VgJYijKCvpo4cRY",
        "auth": "tBHItJI5svbpez7KI4CCXg",
    },
    "expirationTime": None,
}


def _decoded(value: str) -> bytes:
    if not BASE64URL.fullmatch(value):
        raise ValidationError("Must be base64url, as the browser's subscription gives it.")
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValidationError("Must be base64url, as the browser's subscription gives it.") from error


def validate_p256dh(value: str) -> None:
    raw = _decoded(value)
    try:
        # The worker encrypts to this key: a value that isn't a P-256 point could never be used.
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError as error:
        raise ValidationError("Must be the browser's P-256 public key (65 bytes, uncompressed).") from error
    if len(raw) != 65:
        raise ValidationError("Must be the browser's P-256 public key (65 bytes, uncompressed).")


def validate_auth(value: str) -> None:
    if len(_decoded(value)) != 16:
        raise ValidationError("Must be the browser's 16-byte auth secret.")


def validate_endpoint(value: str) -> None:
    problem = endpoint_problem(value, allowed_origins(current_app.config["PUSH_ENDPOINT_ORIGINS"]))
    if problem:
        raise ValidationError(problem)


class PublicKeySchema(Schema):
    public_key = fields.String(
        metadata={
            "description": "The VAPID public key (uncompressed P-256 point, base64url): the "
            "`applicationServerKey` for `pushManager.subscribe`."
        }
    )


class SubscriptionKeysSchema(Schema):
    p256dh = fields.String(required=True, validate=[validate.Length(max=128), validate_p256dh])
    auth = fields.String(required=True, validate=[validate.Length(max=64), validate_auth])


class SubscriptionSchema(Schema):
    """A PushSubscription as the browser's `toJSON()` gives it."""

    endpoint = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=MAX_ENDPOINT_LENGTH), validate_endpoint],
        metadata={"description": "Must be on a known push service (Google, Mozilla, Apple, Microsoft)."},
    )
    keys = fields.Nested(SubscriptionKeysSchema, required=True)
    expirationTime = fields.Raw(  # noqa: N815 - the browser's name
        allow_none=True, load_only=True, metadata={"description": "Accepted and ignored."}
    )


class StoredSubscriptionSchema(Schema):
    endpoint = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class UnsubscribeSchema(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=MAX_ENDPOINT_LENGTH))


class LaterSchema(Schema):
    token = fields.String(
        required=True,
        validate=validate.Length(min=1, max=1000),
        metadata={"description": "The `later_token` of the reminder's push payload."},
    )


class LaterScheduledSchema(Schema):
    due_at = fields.DateTime(dump_only=True, metadata={"description": "When the reminder comes again."})
