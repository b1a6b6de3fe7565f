"""One encrypted push (RFC 8291, aes128gcm) to one device, and what its answer means for us.

pywebpush does the encryption; we sign VAPID once per push service (see keys.py), keep one HTTP
session for keep-alive, never follow redirects (a redirect could point anywhere: see
endpoints.py), and classify the answer: delivered; gone (404/410: the browser dropped the
subscription; 403: it belongs to another VAPID key, so it can never take our pushes: we drop it
too); refused (400, 413: this message is malformed or too big for the service, so sending it
again can't help; logged, not retried, the subscription kept); or retry (anything else: a 5xx,
a 429, a timeout or network error).
"""

import json
import logging
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests
from http_ece import ECEException
from pywebpush import WebPusher, WebPushException

from ..database import utcnow
from .endpoints import origin_of
from .keys import VapidSigner

log = logging.getLogger(__name__)

# Connect and read timeouts, seconds: a slow push service delays one send, not the whole pass.
TIMEOUT = (5, 10)
# Push services keep a message for an offline device at most this long (4 weeks).
LONGEST_TTL = 28 * 24 * 3600

DELIVERED, GONE, REFUSED, RETRY = "delivered", "gone", "refused", "retry"
GONE_STATUSES = (403, 404, 410)
REFUSED_STATUSES = (400, 413)


@dataclass(frozen=True)
class Outcome:
    result: str
    status: int | None = None
    # Seconds the push service asked us to wait (Retry-After), when it said.
    retry_after: float | None = None


class NoRedirectSession(requests.Session):
    def request(self, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return None


def _audience(endpoint: str) -> str:
    return origin_of(endpoint)


def deliver(
    session: requests.Session,
    signer: VapidSigner,
    subscription: dict,
    payload: dict,
    ttl_seconds: float,
) -> Outcome:
    """POST `payload` to one subscription ({endpoint, keys: {p256dh, auth}})."""
    data = json.dumps(payload, separators=(",", ":")).encode()
    endpoint = subscription["endpoint"]
    headers = {**signer.headers_for(_audience(endpoint)), "Urgency": "normal"}
    ttl = max(60, min(int(ttl_seconds), LONGEST_TTL))
    try:
        pusher = WebPusher(subscription, requests_session=session)
        response = pusher.send(data, headers, ttl=ttl, content_encoding="aes128gcm", timeout=TIMEOUT)
    except requests.RequestException as error:
        log.warning("Push to %s failed: %s", _audience(endpoint), error)
        return Outcome(RETRY)
    except (WebPushException, ECEException, ValueError) as error:
        # Keys that can't be used for encryption: the subscription can never work.
        log.warning("Push subscription for %s is unusable: %s", _audience(endpoint), error)
        return Outcome(GONE)
    if response.status_code in (200, 201, 202):
        return Outcome(DELIVERED, response.status_code)
    status = response.status_code
    if status in GONE_STATUSES:
        log.warning("Push to %s answered %s: removing the subscription", _audience(endpoint), status)
        return Outcome(GONE, status)
    if status in REFUSED_STATUSES:
        log.warning("Push to %s answered %s: not retrying it", _audience(endpoint), status)
        return Outcome(REFUSED, status)
    log.warning("Push to %s answered %s", _audience(endpoint), response.status_code)
    return Outcome(RETRY, response.status_code, _retry_after(response))
