"""One error shape for every failure: {code, status, message, errors?}."""

from http import HTTPStatus

from apispec import BasePlugin
from flask import jsonify
from flask_smorest import Api
from werkzeug.exceptions import HTTPException


def error_body(code: int, message: str | None = None, errors: dict | None = None, **extra) -> dict:
    body = {
        "code": code,
        "status": HTTPStatus(code).phrase,
        "message": message or HTTPStatus(code).description or HTTPStatus(code).phrase,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def error_response(code: int, message: str | None = None, errors: dict | None = None, **extra):
    return jsonify(error_body(code, message, errors, **extra)), code


class AuthErrorsPlugin(BasePlugin):
    """Documents the 401 that every signed-in operation can answer, so routes don't repeat it."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            if operation.get("security") == []:
                continue
            operation.setdefault("responses", {}).setdefault(
                "401",
                {
                    "description": "Missing, expired or revoked token.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            )


class CrampCareApi(Api):
    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        # webargs nests field errors under their location ("json", "query"); one level is enough.
        if isinstance(errors, dict) and len(errors) == 1 and next(iter(errors)) in ("json", "query"):
            errors = next(iter(errors.values()))
        message = data.get("message")
        if isinstance(errors, list):
            # Not about any one field, e.g. a body that is not JSON at all.
            message, errors = " ".join(errors), None
        if message is None:
            message = "Some fields are invalid." if errors else error.description
        # A version conflict carries the record as the server has it, so the client can merge.
        extra = {"current": data["current"]} if "current" in data else {}
        body = error_body(error.code, message, errors, **extra)
        # The exception's own headers (a 405's Allow, a 401's WWW-Authenticate), but not its HTML
        # content type: the body is JSON.
        headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
        return body, error.code, {**headers, **(data.get("headers") or {})}


def register_jwt_errors(jwt) -> None:
    @jwt.unauthorized_loader
    def missing_token(reason):
        return error_response(401, "Sign in to continue.")

    @jwt.invalid_token_loader
    def invalid_token(reason):
        return error_response(401, "Your session is not valid. Please sign in again.")

    @jwt.expired_token_loader
    def expired_token(header, payload):
        return error_response(401, "Your session has expired.")

    @jwt.revoked_token_loader
    def revoked_token(header, payload):
        return error_response(401, "This session has ended. Please sign in again.")

    @jwt.user_lookup_error_loader
    def unknown_user(header, payload):
        return error_response(401, "This account no longer exists.")

    @jwt.needs_fresh_token_loader
    def needs_fresh(header, payload):
        return error_response(401, "Please sign in again to do this.")
