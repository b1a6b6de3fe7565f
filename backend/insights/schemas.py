"""Documentation of the warning and insight payloads. The service already returns JSON-ready
values (ISO date strings, string ids), which these schemas pass through unchanged."""

from marshmallow import Schema, fields, validate

from .lifecycle import MAX_TOKENS
from .service import MAX_INSIGHT_DAYS
from .warning_signs import LEVELS

ISO_DATE = {"format": "date"}


class SignMarkFieldsSchema(Schema):
    """What a device sends to mark a sign seen (sync entity `sign_mark`)."""

    code = fields.String(required=True, validate=validate.OneOf(list(LEVELS)))
    occurrence = fields.String(required=True, validate=validate.Length(min=1, max=60))
    tokens = fields.List(
        fields.String(validate=validate.Length(max=80)),
        required=True,
        validate=validate.Length(max=MAX_TOKENS),
    )
    acknowledged = fields.Boolean(required=True, validate=validate.Equal(True))


class SignMarkSchema(Schema):
    id = fields.UUID(dump_only=True)
    code = fields.String(dump_only=True)
    occurrence = fields.String(dump_only=True)
    tokens = fields.List(fields.String(), dump_only=True)
    acknowledged_at = fields.DateTime(dump_only=True, allow_none=True)
    reviewed_at = fields.DateTime(dump_only=True, allow_none=True)
    reviewer_name = fields.String(dump_only=True, allow_none=True)
    review_note = fields.String(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ReviewSchema(Schema):
    reviewed_at = fields.DateTime()
    reviewer = fields.String(allow_none=True, metadata={"description": "The reviewing clinician's name."})
    note = fields.String(allow_none=True, metadata={"description": "For the patient to read."})


class AcknowledgeSchema(Schema):
    occurrence = fields.String(required=True, validate=validate.Length(min=1, max=60))


class ReviewWriteSchema(Schema):
    note = fields.String(
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata={"description": "Optional; the patient reads it with the sign."},
    )


class WarningSchema(Schema):
    code = fields.String(metadata={"description": "frequent, rising, severe_unrelieved, ... (DOMAIN.md)."})
    level = fields.String(metadata={"enum": ["info", "advice", "urgent"]})
    message = fields.String(metadata={"description": "What was seen, in plain words; never a diagnosis."})
    advice = fields.String(
        metadata={"description": "What to do: talk to a clinician, or seek care promptly."}
    )
    evidence = fields.Dict(
        metadata={
            "description": "What triggered it: always `episode_ids` and `episodes` ({id, started_at}; "
            "newest first, possibly capped, with `episode_count`), plus rule facts such as `from`/`to`, "
            "rates, `conditions`, `medications` or `care_plan_item_ids`."
        }
    )
    occurrence = fields.String(
        metadata={"description": "This rule with this evidence; new evidence makes a new occurrence."}
    )
    tokens = fields.List(fields.String(), metadata={"description": "The evidence the occurrence stands for."})
    acknowledged_at = fields.DateTime(
        allow_none=True, metadata={"description": "When the patient marked it seen; null while new."}
    )
    review = fields.Nested(ReviewSchema, allow_none=True)


class InsightsQuerySchema(Schema):
    days = fields.Integer(
        load_default=90,
        validate=validate.Range(1, MAX_INSIGHT_DAYS),
        metadata={"description": "How many nights back, tonight included."},
    )


class WeekSchema(Schema):
    week_start = fields.String(metadata={**ISO_DATE, "description": "The Monday starting the week."})
    nights = fields.Integer(metadata={"description": "Nights of this week inside the window (1-7)."})
    partial = fields.Boolean(
        metadata={"description": "Cut by the window, or still going on: not a whole week to compare."}
    )
    cramps = fields.Integer()
    cramp_nights = fields.Integer()
    severity_average = fields.Float(allow_none=True)
    severity_median = fields.Float(allow_none=True)
    duration_average_seconds = fields.Float(allow_none=True)
    duration_median_seconds = fields.Float(allow_none=True)


class TotalsSchema(WeekSchema):
    covered_nights = fields.Integer(
        metadata={"description": "Nights of the window the diary covers; the weekly rate divides by these."}
    )
    cramps_per_week = fields.Float()

    class Meta:
        exclude = ("week_start", "partial")


class CodeCountSchema(Schema):
    code = fields.String(allow_none=True, metadata={"description": "null: not recorded."})
    count = fields.Integer()
    share = fields.Float(allow_none=True, metadata={"description": "Of all cramps in the window."})


class ReliefRankSchema(Schema):
    method = fields.String()
    tried = fields.Integer()
    helped = fields.Integer(metadata={"description": "Times its effect was `some` or `full`."})
    stopped_it = fields.Integer(metadata={"description": "Times its effect was `full`."})
    helped_rate = fields.Float()


class ItemAdherenceSchema(Schema):
    """The one adherence definition (`insights.adherence.item_adherence`)."""

    done = fields.Integer(metadata={"description": "Days ticked done while the item was in the plan."})
    skipped = fields.Integer(metadata={"description": "Days ticked skipped while the item was in the plan."})
    checked_days = fields.Integer()
    scheduled_days = fields.Integer(
        metadata={
            "description": "Days of the window the item was in the plan and active; paused and stopped "
            "days don't count, nor today before it is ticked or over."
        }
    )
    expected = fields.Integer(
        allow_none=True,
        metadata={
            "description": "Times the plan asked for it: scheduled days (daily, bedtime), started weeks "
            "of them (weekly); null for as-needed items."
        },
    )
    rate = fields.Float(allow_none=True, metadata={"description": "done / expected, at most 1."})
    done_rate_checked = fields.Float(allow_none=True, metadata={"description": "done / checked_days."})


class AdherenceSchema(ItemAdherenceSchema):
    item_id = fields.String()
    title = fields.String()
    category = fields.String()
    schedule = fields.String()
    status = fields.String()


class NightsSideSchema(Schema):
    nights = fields.Integer()
    nights_with_cramps = fields.Integer()
    cramps = fields.Integer()
    cramp_night_rate = fields.Float(allow_none=True)
    cramps_per_night = fields.Float(allow_none=True)


class BedtimeNightsSchema(Schema):
    item_id = fields.String()
    title = fields.String()
    done = fields.Nested(NightsSideSchema, metadata={"description": "Nights after the item was done."})
    skipped = fields.Nested(NightsSideSchema, metadata={"description": "Nights after it was skipped."})


class EvidenceNoteSchema(Schema):
    key = fields.String()
    applies_to = fields.Dict(
        metadata={"description": "`categories`, `schedules` and/or `keywords` the item must match."}
    )
    text = fields.String()
    citation = fields.String()


class ItemEvidenceSchema(Schema):
    item_id = fields.String()
    title = fields.String()
    notes = fields.List(fields.Nested(EvidenceNoteSchema))


class InsightsSchema(Schema):
    days = fields.Integer()
    from_ = fields.String(data_key="from", attribute="from", metadata=ISO_DATE)
    to = fields.String(metadata=ISO_DATE)
    timezone = fields.String()
    totals = fields.Nested(TotalsSchema)
    weeks = fields.List(fields.Nested(WeekSchema))
    muscles = fields.List(fields.Nested(CodeCountSchema))
    sides = fields.List(fields.Nested(CodeCountSchema))
    triggers = fields.List(fields.Nested(CodeCountSchema))
    reliefs = fields.List(fields.Nested(ReliefRankSchema))
    adherence = fields.List(fields.Nested(AdherenceSchema))
    bedtime_nights = fields.List(
        fields.Nested(BedtimeNightsSchema),
        metadata={
            "description": "Cramps on nights after a bedtime item was done vs skipped: an observation."
        },
    )
    evidence = fields.List(fields.Nested(ItemEvidenceSchema))
    summary = fields.List(fields.String())
