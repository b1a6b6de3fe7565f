"""Health check, the OpenAPI document and the documentation page."""

import re

import pytest
from openapi_spec_validator import validate

from backend import create_app
from tests.support.routes import API_OPERATIONS, fill_path


def test_health_reports_the_database_ok(client):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_does_not_answer(tmp_path):
    unreachable = tmp_path / "no-such-directory" / "crampcare.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{unreachable}", "SECRET_KEY": "k" * 40})

    response = app.test_client().get("/api/v1/health")

    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


@pytest.fixture(scope="module")
def spec(app) -> dict:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def spec_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


DOCUMENTED_OPERATIONS = [
    (method, rule) for method, rule, _ in API_OPERATIONS if rule != "/api/v1/openapi.json"
]


def test_openapi_document_is_valid_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    validate(spec)


@pytest.mark.parametrize(("method", "rule"), DOCUMENTED_OPERATIONS, ids=lambda value: value)
def test_every_route_is_documented_with_a_summary_and_success_status(spec, method, rule):
    operation = spec["paths"][spec_path(rule)][method.lower()]

    assert operation.get("summary")
    assert any(code.startswith("2") for code in operation["responses"])


@pytest.mark.parametrize(("method", "rule"), DOCUMENTED_OPERATIONS, ids=lambda value: value)
def test_every_route_documents_its_error_statuses(spec, method, rule):
    operation = spec["paths"][spec_path(rule)][method.lower()]
    responses = operation["responses"]

    if operation.get("security") != []:
        assert "401" in responses
    if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
        assert "422" in responses
    if "{" in spec_path(rule) and "/checks/{day}" not in rule:
        assert "404" in responses


@pytest.mark.parametrize("role", ["patient", "clinician"])
@pytest.mark.parametrize(("method", "rule"), DOCUMENTED_OPERATIONS, ids=lambda value: value)
def test_every_status_a_route_answers_is_documented(client, make_actor, spec, method, rule, role):
    # Random ids, an empty body: the answer (often 403, 404 or 422) must be one the document names.
    actor = make_actor(role)
    body = None if method == "GET" else {}

    response = client.open(fill_path(rule), method=method, json=body, headers=actor.headers)

    documented = spec["paths"][spec_path(rule)][method.lower()]["responses"]
    assert str(response.status_code) in documented, response.get_data(as_text=True)


def test_openapi_document_names_the_bearer_scheme(spec):
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_api_docs_page_is_html_pointing_at_the_document(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "/api/v1/openapi.json" in response.get_data(as_text=True)
