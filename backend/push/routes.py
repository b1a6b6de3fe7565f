from flask_jwt_extended import current_user, jwt_required
from flask_smorest import abort
from marshmallow import ValidationError

from ..auth.access import patient_required
from ..blueprint import Blueprint
from ..database import utcnow
from ..extensions import db
from .keys import signer
from .later import BadToken, schedule_later, send_named_by
from .schemas import (
    SUBSCRIPTION_EXAMPLE,
    LaterScheduledSchema,
    LaterSchema,
    PublicKeySchema,
    StoredSubscriptionSchema,
    SubscriptionSchema,
    UnsubscribeSchema,
)
from .subscriptions import EndpointTaken, remove_subscription, store_subscription

blp = Blueprint("push", __name__, url_prefix="/api/v1/push", description="Reminders by Web Push")


@blp.route("/key", methods=["GET"])
@blp.response(200, PublicKeySchema)
@blp.doc(security=[])
def public_key():
    """The server's VAPID public key, for subscribing to reminders"""
    return {"public_key": signer().public_key}


@blp.route("/subscriptions", methods=["POST"])
@patient_required
@blp.arguments(SubscriptionSchema, example=SUBSCRIPTION_EXAMPLE)
@blp.response(201, StoredSubscriptionSchema)
@blp.alt_response(200, schema=StoredSubscriptionSchema, description="This account had it already.")
@blp.alt_response(
    409,
    description="Another account holds this endpoint with other keys; nothing was changed. "
    "(The same browser, with the same keys, moves it to this account.)",
)
def subscribe(data):
    """Receive reminders on this browser (its push subscription)"""
    try:
        subscription, created = store_subscription(current_user, data)
    except EndpointTaken:
        db.session.rollback()
        abort(409, message="This push subscription belongs to another account.")
    db.session.commit()
    return subscription, 201 if created else 200


@blp.route("/subscriptions", methods=["DELETE"])
@jwt_required()
@blp.arguments(UnsubscribeSchema)
@blp.response(204)
@blp.alt_response(404, description="This account has no subscription with this endpoint.")
def unsubscribe(data):
    """Stop reminders on this browser"""
    if not remove_subscription(current_user, data["endpoint"]):
        abort(404, message="Not found.")
    db.session.commit()


@blp.route("/later", methods=["POST"])
@blp.arguments(LaterSchema)
@blp.response(202, LaterScheduledSchema)
@blp.doc(security=[])
def later(data):
    """Remind me again in 30 minutes (the notification's "Later"; the token signs the request)"""
    try:
        send = send_named_by(data["token"])
    except BadToken as error:
        raise ValidationError({"token": [str(error)]}) from error
    due_at = schedule_later(send, utcnow())
    db.session.commit()
    return {"due_at": due_at}
