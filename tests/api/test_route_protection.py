"""Every API route needs a valid access token, except the few that a signed-out visitor must reach."""

import uuid
from datetime import timedelta

import jwt as pyjwt
import pytest
from flask_jwt_extended import create_access_token

from tests.support.routes import PROTECTED, PUBLIC, PUBLIC_PATHS, operation_id


def expired_token(app, actor) -> str:
    # Everything else about it is valid: its session is live.
    claims = pyjwt.decode(actor.access_token, options={"verify_signature": False})
    with app.app_context():
        return create_access_token(
            identity=actor.id,
            additional_claims={"sid": claims["sid"], "role": claims["role"]},
            expires_delta=timedelta(seconds=-1),
        )


def forged_token(actor) -> str:
    return pyjwt.encode(
        {"sub": actor.id, "type": "access", "fresh": False, "jti": str(uuid.uuid4())},
        "not-the-server-key-but-long-enough-for-hs256",
        algorithm="HS256",
    )


TOKEN_PROBLEMS = {
    "missing": lambda app, actor: None,
    "malformed": lambda app, actor: "not-a-jwt",
    "forged": lambda app, actor: forged_token(actor),
    "expired": expired_token,
}


def test_the_url_map_was_read():
    assert len(PROTECTED) > 20
    assert {path for _, path, _ in PUBLIC} == PUBLIC_PATHS


@pytest.mark.parametrize("problem", TOKEN_PROBLEMS)
@pytest.mark.parametrize("operation", PROTECTED, ids=operation_id)
def test_route_refuses_a_request_without_a_valid_token(app, client, patient, operation, problem):
    method, _, path = operation
    token = TOKEN_PROBLEMS[problem](app, patient)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    json_body = None if method == "GET" else {}

    response = client.open(path, method=method, json=json_body, headers=headers)

    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.json["code"] == 401
    assert response.json["status"] == "Unauthorized"
    assert response.json["message"]


@pytest.mark.parametrize("operation", PUBLIC, ids=operation_id)
def test_public_route_answers_without_a_token(client, operation):
    method, _, path = operation
    json_body = None if method == "GET" else {}

    response = client.open(path, method=method, json=json_body)

    assert response.status_code != 401
    assert response.status_code < 500


def test_api_docs_page_needs_no_token(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
