from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..reference.vocabulary import CONDITIONS, MEDICATION_CLASSES, ROLES
from ..validation import ChangeSchema, clock_time, code_list, no_nul_characters, one_of, time_zone_field
from .passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, TOO_SHORT, password_problem

PASSWORD_LENGTH = validate.Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH, error=TOO_SHORT)


class RegisterSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=PASSWORD_LENGTH)
    display_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), no_nul_characters])
    role = fields.String(load_default="patient", validate=one_of(ROLES))
    timezone = time_zone_field(load_default="UTC")

    @validates_schema
    def password_is_not_easy_to_guess(self, data, **kwargs):
        if "password" in data and (problem := password_problem(data["password"], data.get("email"))):
            raise ValidationError(problem, "password")


class LoginSchema(Schema):
    email = fields.String(required=True, validate=[validate.Length(max=254), no_nul_characters])
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))
    cookies = fields.Boolean(
        load_default=False,
        metadata={"description": "Set httpOnly cookies instead of returning tokens (the web app)."},
    )


class MedicationSchema(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=120), no_nul_characters])
    medication_class = fields.String(data_key="class", required=True, validate=one_of(MEDICATION_CLASSES))
    started_on = fields.Date(allow_none=True, load_default=None)
    dose = fields.String(allow_none=True, validate=[validate.Length(max=120), no_nul_characters])


class UserSchema(Schema):
    id = fields.UUID(dump_only=True)
    email = fields.String(dump_only=True)
    display_name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    timezone = fields.String(dump_only=True)
    conditions = fields.List(fields.String(), dump_only=True)
    medications = fields.List(fields.Dict(), dump_only=True)
    bedtime = fields.Time(format="%H:%M", dump_only=True, allow_none=True)
    morning_reminder_at = fields.Time(format="%H:%M", dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ProfileFieldsSchema(Schema):
    """The profile fields a client writes, through REST or sync."""

    display_name = fields.String(validate=[validate.Length(min=1, max=100), no_nul_characters])
    timezone = time_zone_field()
    conditions = code_list(CONDITIONS)
    medications = fields.List(fields.Nested(MedicationSchema), validate=validate.Length(max=50))
    bedtime = clock_time("When I usually go to bed, local time; bedtime reminders start from it.")
    morning_reminder_at = clock_time(
        "When to ask about last night's cramps that have no details yet; null: never.", "08:00"
    )


class ProfileUpdateSchema(ChangeSchema, ProfileFieldsSchema):
    version = fields.Integer(strict=True, metadata={"description": "The version this edit is based on."})


class TokenPairSchema(Schema):
    access_token = fields.String()
    refresh_token = fields.String()
    user = fields.Nested(UserSchema)


def medications_for_storage(medications: list[dict]) -> list[dict]:
    """Profile medications as stored and served: `class` as the key, dates as ISO strings."""
    return [
        {
            "name": medication["name"],
            "class": medication["medication_class"],
            "started_on": medication["started_on"].isoformat() if medication["started_on"] else None,
            # Optional: kept only when given, so medications saved before it existed compare equal.
            **({"dose": medication["dose"]} if medication.get("dose") else {}),
        }
        for medication in medications
    ]
