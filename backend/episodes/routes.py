from flask import Response, jsonify, request

from ..auth.access import patient_required
from ..auth.tokens import signed_in
from ..blueprint import Blueprint
from ..changes import record_change, record_deletion
from ..conditional import not_modified_since_the_change_it_reads, read_last_change_with_the_answer
from ..extensions import db
from ..records import check_version, get_live_or_404, insert_once, version_header
from ..validation import expected_version
from .diary import diary_page, wire_of
from .models import Episode
from .schemas import (
    EPISODE_EXAMPLE,
    EpisodeCreateSchema,
    EpisodeQuerySchema,
    EpisodeSchema,
    EpisodeUpdateSchema,
)
from .service import apply_episode_fields, insert_new_episode_in_one_statement, write_new_episode_rows

blp = Blueprint("episodes", __name__, url_prefix="/api/v1/episodes", description="The cramp diary")


@blp.route("", methods=["GET"])
@patient_required
@not_modified_since_the_change_it_reads
# An instance, not the class: webargs would build a new schema for every request.
@blp.arguments(EpisodeQuerySchema(), location="query", as_kwargs=True)
@blp.response(200, EpisodeSchema(many=True))
@blp.paginate(page_size=50, max_page_size=200)
def list_episodes(pagination_parameters, from_=None, to=None):
    """List my episodes, newest first; `from` and `to` filter by night"""
    page = diary_page(
        signed_in().id, from_, to, pagination_parameters.first_item, pagination_parameters.page_size
    )
    pagination_parameters.item_count = page.total
    read_last_change_with_the_answer(page.last_change)
    # Written by the database in EpisodeSchema's form, to the letter: dumping it again would
    # only copy it.
    return Response(page.body, mimetype="application/json")


@blp.route("", methods=["POST"])
@patient_required
@blp.arguments(EpisodeCreateSchema(), example=EPISODE_EXAMPLE)
@blp.response(201, EpisodeSchema)
@blp.alt_response(
    200, schema=EpisodeSchema, description="An episode with this id existed; it is returned unchanged."
)
def create_episode(data):
    """Record an episode; repeating the request with the same id is safe"""
    who = signed_in()

    def build() -> Episode:
        # Empty lists, not unloaded ones: nothing is read back for the answer.
        episode = Episode(trigger_rows=[], relief_rows=[], symptom_rows=[])
        apply_episode_fields(episode, data, who.timezone)
        return episode

    episode, created = insert_once(
        Episode, who.id, data.get("id"), build, write_new_episode_rows, insert_new_episode_in_one_statement
    )
    db.session.commit()
    if created:
        # Built here in EpisodeSchema's form, to the letter (a test compares the two answers).
        return jsonify(wire_of(episode)), 201, version_header(episode)
    return episode, 200, version_header(episode)


@blp.route("/<uuid:episode_id>", methods=["GET"])
@patient_required
@blp.response(200, EpisodeSchema)
@blp.alt_response(404, description="No such episode in my diary.")
def get_episode(episode_id):
    """Read one episode"""
    episode = get_live_or_404(Episode, signed_in().id, episode_id)
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
    episode = get_live_or_404(Episode, signed_in().id, episode_id, for_change=True)
    check_version(
        episode, expected_version(data.pop("version", None), request.headers.get("If-Match")), EpisodeSchema()
    )
    apply_episode_fields(episode, data, signed_in().timezone)
    record_change(episode)
    db.session.commit()
    return episode, 200, version_header(episode)


@blp.route("/<uuid:episode_id>", methods=["DELETE"])
@patient_required
@blp.response(204)
@blp.alt_response(404, description="No such episode in my diary.")
def delete_episode(episode_id):
    """Delete an episode"""
    episode = get_live_or_404(Episode, signed_in().id, episode_id, for_change=True)
    record_deletion(episode)
    db.session.commit()
