from urllib.parse import quote

from flask import current_app
from flask_jwt_extended import current_user, jwt_required

from ..auth.access import clinician_required, patient_required
from ..blueprint import Blueprint
from ..extensions import db, limiter
from .schemas import (
    AcceptSchema,
    AccessLogLineSchema,
    InviteCreatedSchema,
    InviteCreateSchema,
    InviteSchema,
    SharePermissionSchema,
    ShareSchema,
)
from .service import (
    UNUSABLE_CODE,
    access_log_page,
    cancel_invite,
    change_permission,
    create_invite,
    end_share,
    get_own_invite_or_404,
    get_party_share_or_404,
    pending_invites,
    redeem_invite,
    shares_of,
)

blp = Blueprint(
    "sharing", __name__, url_prefix="/api/v1", description="Care team: invitations, shares, access log"
)

# Tight enough that guessing one of ~10^14 codes is hopeless, loose enough for a clinician
# who mistypes a code read out over the phone. Tests and deployments override via config.
DEFAULT_ACCEPT_LIMIT_PER_CLINICIAN = "10 per minute;30 per hour"
DEFAULT_ACCEPT_LIMIT_PER_ADDRESS = "30 per minute;100 per hour"
ACCEPT_PAGE = "/care-team/accept"


def accept_limit_per_clinician() -> str:
    return current_app.config.get("SHARE_ACCEPT_LIMIT_PER_CLINICIAN", DEFAULT_ACCEPT_LIMIT_PER_CLINICIAN)


def accept_limit_per_address() -> str:
    return current_app.config.get("SHARE_ACCEPT_LIMIT_PER_ADDRESS", DEFAULT_ACCEPT_LIMIT_PER_ADDRESS)


def redemption_failed(response) -> bool:
    # Only wrong codes count, as for sign-in: redeeming real codes never uses up a limit.
    return response.status_code == 404


def clinician_key() -> str:
    # The limit sits inside clinician_required, so the caller is a signed-in clinician here.
    return f"share-accept-clinician:{current_user.id}"


@blp.route("/shares/invites", methods=["POST"])
@patient_required
@blp.arguments(InviteCreateSchema, example={"permission": "view", "expires_in_hours": 72})
@blp.response(201, InviteCreatedSchema)
def create_share_invite(data):
    """Invite a clinician: a single-use code to read out or send, valid for a few hours or days"""
    invite, code = create_invite(current_user, **data)
    db.session.commit()
    fields = {name: getattr(invite, name) for name in InviteSchema().fields}
    return {**fields, "code": code, "link": f"{ACCEPT_PAGE}?code={quote(code)}"}


@blp.route("/shares/invites", methods=["GET"])
@patient_required
@blp.response(200, InviteSchema(many=True))
def list_share_invites():
    """My invitation codes that can still be redeemed"""
    return pending_invites(current_user)


@blp.route("/shares/invites/<uuid:invite_id>", methods=["DELETE"])
@patient_required
@blp.response(204)
@blp.alt_response(404, description="No such invitation of mine.")
@blp.alt_response(409, description="The code was already used; revoke the share instead.")
def cancel_share_invite(invite_id):
    """Cancel an invitation code before anyone uses it"""
    cancel_invite(get_own_invite_or_404(current_user, invite_id), current_user)
    db.session.commit()


@blp.route("/shares/accept", methods=["POST"])
@clinician_required
@limiter.limit(accept_limit_per_address, deduct_when=redemption_failed)
@limiter.limit(accept_limit_per_clinician, key_func=clinician_key, deduct_when=redemption_failed)
@blp.arguments(AcceptSchema, example={"code": "KX7M-Q2PD-9R"})
@blp.response(201, ShareSchema)
@blp.alt_response(
    200,
    schema=ShareSchema,
    description="I already shared with this patient; the share now has the code's terms.",
)
@blp.alt_response(404, description=UNUSABLE_CODE)
@blp.alt_response(429, description="Too many attempts; wait and try again.")
def accept_share_invite(data):
    """Redeem a patient's code (clinicians): unknown, used, cancelled and expired codes all get 404"""
    share, created = redeem_invite(data["code"], current_user)
    db.session.commit()
    return share, 201 if created else 200


@blp.route("/shares", methods=["GET"])
@jwt_required()
@blp.response(200, ShareSchema(many=True))
def list_shares():
    """My shares, newest first: a patient's clinicians, or a clinician's patients"""
    return shares_of(current_user)


@blp.route("/shares/<uuid:share_id>", methods=["PATCH"])
@patient_required
@blp.arguments(SharePermissionSchema, example={"permission": "edit_plan"})
@blp.response(200, ShareSchema)
@blp.alt_response(404, description="No such share of mine.")
@blp.alt_response(409, description="The share has ended.")
def update_share(data, share_id):
    """Change what a clinician may do (patients)"""
    share = get_party_share_or_404(current_user, share_id)
    change_permission(share, current_user, data["permission"])
    db.session.commit()
    return share


@blp.route("/shares/<uuid:share_id>", methods=["DELETE"])
@jwt_required()
@blp.response(204)
@blp.alt_response(404, description="No such share of mine.")
def revoke_share(share_id):
    """Stop sharing at once; the patient or the clinician may end it"""
    end_share(get_party_share_or_404(current_user, share_id), current_user)
    db.session.commit()


@blp.route("/me/access-log", methods=["GET"])
@patient_required
@blp.response(200, AccessLogLineSchema(many=True))
@blp.paginate(page_size=50, max_page_size=200)
def list_access_log(pagination_parameters):
    """Who looked at or changed my data, and changes to my sharing, newest first; the reads of one
    clinician's page visit are one line"""
    return access_log_page(current_user.id, pagination_parameters)
