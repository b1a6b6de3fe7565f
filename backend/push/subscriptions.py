"""Storing and removing a browser's push subscription for the signed-in patient."""

import hmac

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..database import utcnow
from ..extensions import db
from .endpoints import normalise_endpoint
from .models import PushSubscription

# Devices per account; a browser that re-subscribes leaves its old endpoint behind until the push
# service answers 410, so the oldest beyond this go first.
MAX_DEVICES = 10


class EndpointTaken(Exception):
    """The endpoint is stored for another account with other keys: not this browser's to move."""


def _same_keys(subscription: PushSubscription, keys: dict) -> bool:
    def same(stored: str, given: str) -> bool:
        return hmac.compare_digest(stored.rstrip("=").encode(), given.rstrip("=").encode())

    # Both, compared in full: only the browser holding the subscription knows its auth secret.
    return same(subscription.p256dh, keys["p256dh"]) & same(subscription.auth, keys["auth"])


def _by_endpoint(endpoint: str) -> PushSubscription | None:
    return db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))


def store_subscription(user: User, data: dict) -> tuple[PushSubscription, bool]:
    """Keep `data` for `user`. Returns (subscription, created); created is False when this
    account already had the endpoint. An endpoint stored by another account moves to this one
    only when the keys match the stored ones (the same browser, now signed into this account:
    one browser, one account at a time); otherwise EndpointTaken, and nothing changes. The
    endpoint is stored normalised. The caller commits."""
    keys = data["keys"]
    endpoint = normalise_endpoint(data["endpoint"])
    subscription = _by_endpoint(endpoint)
    if subscription is None:
        subscription = PushSubscription(
            user_id=user.id,
            endpoint=endpoint,
            p256dh=keys["p256dh"],
            auth=keys["auth"],
            created_at=utcnow(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(subscription)
        except IntegrityError:
            # The same browser's request raced us and stored it first.
            subscription = _by_endpoint(endpoint)
            if subscription is None:
                raise
        else:
            _keep_newest(user)
            return subscription, True
    created = subscription.user_id != user.id
    if created and not _same_keys(subscription, keys):
        raise EndpointTaken
    if created:
        subscription.user_id, subscription.created_at = user.id, utcnow()
    subscription.p256dh, subscription.auth = keys["p256dh"], keys["auth"]
    _keep_newest(user)
    return subscription, created


def _keep_newest(user: User) -> None:
    db.session.flush()
    keep = (
        select(PushSubscription.id)
        .where(PushSubscription.user_id == user.id)
        .order_by(PushSubscription.created_at.desc(), PushSubscription.id)
        .limit(MAX_DEVICES)
    )
    db.session.execute(
        delete(PushSubscription).where(PushSubscription.user_id == user.id, PushSubscription.id.not_in(keep)),
        execution_options={"synchronize_session": False},
    )


def remove_subscription(user: User, endpoint: str) -> bool:
    """Forget this account's subscription; False when it has none with this endpoint."""
    result = db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user.id,
            PushSubscription.endpoint.in_({endpoint, normalise_endpoint(endpoint)}),
        )
    )
    return result.rowcount == 1
