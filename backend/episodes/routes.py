from flask import jsonify, request
from flask_jwt_extended import current_user

from ..auth.access import patient_required
from ..blueprint import Blueprint
from ..changes import record_change, record_deletion
from ..conditional import not_modified_since_last_change
from ..extensions import db
from ..pagination import page_of
from ..records import check_version, create_once, get_live_or_404, version_header
from ..validation import expected_version
from .diary import as_wire, diary_rows
from .models import Episode
from .schemas import (
    EPISODE_EXAMPLE,
    EpisodeCreateSchema,
    EpisodeQuerySchema,
    EpisodeSchema,
    EpisodeUpdateSchema,
)
from .service import apply_episode_fields, diary_query

blp = Blueprint("episodes", __name__, url_prefix="/api/v1/episodes", description="The cramp diary")


@blp.route("", methods=["GET"])
@patient_required
@not_modified_since_last_change
@blp.arguments(EpisodeQuerySchema, location="query", as_kwargs=True)
@blp.response(200, EpisodeSchema(many=True))
@blp.paginate(page_size=50, max_page_size=200)
def list_episodes(pagination_parameters, from_=None, to=None):
    """List my episodes, newest first; `from` and `to` filter by night"""
    rows = page_of(diary_query(current_user.id, from_, to), pagination_parameters, read=diary_rows)
    # Already in wire form (EpisodeSchema's, to the letter): dumping it again would only copy it.
    return jsonify(as_wire(rows))


@blp.route("", methods=["POST"])
@patient_required
@blp.arguments(EpisodeCreateSchema, example=EPISODE_EXAMPLE)
@blp.response(201, EpisodeSchema)
@blp.alt_response(
    200, schema=EpisodeSchema, description="An episode with this id existed; it is returned unchanged."
)
def create_episode(data):
    """Record an episode; repeating the request with the same id is safe"""

    def build() -> Episode:
        # Empty lists, not unloaded ones: the answer then reads them without another query (on
        # SQLite, another write lock).
        episode = Episode(patient_id=current_user.id, trigger_rows=[], relief_rows=[], symptom_rows=[])
        apply_episode_fields(episode, data, current_user.timezone)
        return episode

    episode, created = create_once(Episode, current_user.id, data.get("id"), build)
    db.session.commit()
    return episode, 201 if created else 200, version_header(episode)


@blp.route("/<uuid:episode_id>", methods=["GET"])
@patient_required
@blp.response(200, EpisodeSchema)
@blp.alt_response(404, description="No such episode in my diary.")
def get_episode(episode_id):
    """Read one episode"""
    episode = get_live_or_404(Episode, current_user.id, episode_id)
    return episode, 200, version_header(episode)


@blp.route("/<uuid:episode_id>", methods=["PATCH"])
@patient_required
@blp.arguments(
    EpisodeUpdateSchema(partial=True),
    example={"version": 2, "severity": 5, "notes": "Eased after stretching."},
)
@blp.response(200, EpisodeSchema)
@blp.alt_response(404, description="No such episode in my diary.")
@blp.alt_response(409, description="The episode changed since `version` / `If-Match`.")
def update_episode(data, episode_id):
    """Edit an episode; send `version` or `If-Match` to refuse a stale edit"""
    episode = get_live_or_404(Episode, current_user.id, episode_id)
    check_version(
        episode, expected_version(data.pop("version", None), request.headers.get("If-Match")), EpisodeSchema()
    )
    apply_episode_fields(episode, data, current_user.timezone)
    record_change(episode)
    db.session.commit()
    return episode, 200, version_header(episode)


@blp.route("/<uuid:episode_id>", methods=["DELETE"])
@patient_required
@blp.response(204)
@blp.alt_response(404, description="No such episode in my diary.")
def delete_episode(episode_id):
    """Delete an episode"""
    episode = get_live_or_404(Episode, current_user.id, episode_id)
    record_deletion(episode)
    db.session.commit()
