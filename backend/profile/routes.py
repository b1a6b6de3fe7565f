from flask import request
from flask_jwt_extended import current_user, get_jwt, jwt_required
from flask_smorest import abort
from sqlalchemy import delete, update

from ..auth.models import AuthSession, User
from ..auth.passwords import hash_password, password_problem, verify_password
from ..auth.schemas import ProfileUpdateSchema, UserSchema
from ..auth.tokens import session_of
from ..blueprint import Blueprint
from ..changes import patient_record_types
from ..database import utcnow
from ..extensions import db
from ..records import check_version
from ..sharing.service import access_log_for_export, shares_of
from ..validation import expected_version
from .schemas import EraseAccountSchema, ExportSchema, PasswordChangeSchema
from .service import profile_for_change, update_profile

blp = Blueprint("profile", __name__, url_prefix="/api/v1/me", description="My account")


def live_records(model, user: User) -> list:
    query = db.select(model).where(model.patient_id == user.id, model.deleted_at.is_(None))
    return db.session.scalars(query.order_by(model.created_at, model.id)).all()


@blp.route("", methods=["GET"])
@jwt_required()
@blp.response(200, UserSchema)
def get_profile():
    """My profile"""
    return current_user


@blp.route("", methods=["PATCH"])
@jwt_required()
@blp.arguments(
    ProfileUpdateSchema,
    example={
        "timezone": "Europe/Paris",
        "conditions": ["diabetes"],
        "medications": [{"name": "Atorvastatin", "class": "statin", "started_on": "2026-03-01"}],
    },
)
@blp.response(200, UserSchema)
@blp.alt_response(409, description="The profile changed since `version` / `If-Match`.")
def edit_profile(data):
    """Edit my display name, time zone, conditions, medications, bedtime and morning reminder"""
    profile = profile_for_change(current_user)
    check_version(
        profile, expected_version(data.pop("version", None), request.headers.get("If-Match")), UserSchema()
    )
    update_profile(profile, data)
    db.session.commit()
    return profile


@blp.route("/export", methods=["GET"])
@jwt_required()
@blp.response(200, ExportSchema)
def export_data():
    """Everything CrampCare keeps about me, as JSON"""
    return {
        "exported_at": utcnow(),
        "profile": current_user,
        **{kind.collection: live_records(kind.model, current_user) for kind in patient_record_types()},
        "shares": shares_of(current_user),
        "access_log": access_log_for_export(current_user),
    }


@blp.route("", methods=["DELETE"])
@jwt_required()
@blp.arguments(EraseAccountSchema)
@blp.response(204)
@blp.alt_response(403, description="The password is wrong.")
def erase_account(data):
    """Erase my account and everything in it; asks for the password again"""
    if not verify_password(current_user.password_hash, data["password"]):
        abort(403, message="The password is wrong.")
    # The database cascades to every record of the account.
    db.session.execute(delete(User).where(User.id == current_user.id))
    db.session.commit()


@blp.route("/password", methods=["POST"])
@jwt_required()
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.alt_response(403, description="The current password is wrong.")
def change_password(data):
    """Change my password; every other sign-in of the account ends, this one stays"""
    if not verify_password(current_user.password_hash, data["current_password"]):
        abort(403, message="The current password is wrong.")
    if problem := password_problem(data["new_password"], current_user.email):
        abort(422, errors={"new_password": [problem]})
    current_user.password_hash = hash_password(data["new_password"])
    this_session = session_of(get_jwt())
    db.session.execute(
        update(AuthSession)
        .where(
            AuthSession.user_id == current_user.id,
            AuthSession.revoked_at.is_(None),
            AuthSession.id != this_session.id,
        )
        .values(revoked_at=utcnow())
    )
    db.session.commit()
