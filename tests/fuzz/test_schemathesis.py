"""Schemathesis drives every operation of the OpenAPI document with generated requests, valid and
invalid, as a patient and as a clinician with a share: no answer may be a server error, and every
answer must match what the document says (status, content type, headers, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.support.care_team import add_episode, add_item, share

EXAMPLES_PER_OPERATION = 25
# Every check runs but this one, which expects every schema-valid request to be accepted. Some of
# our refusals are rules of the domain that OpenAPI can't state, so they come back as 422 to
# requests the document allows: text with a lone surrogate or NUL (no JSON Schema keyword says
# "storable"), an end before its start, a relief method named twice with different effects, a
# day ticked too far ahead, a cramp starting in the future, a sync cursor past the server's
# counter (410), a password on the blocklist, a PATCH that changes nothing, a code that is not
# anyone's. Those refusals have their own tests; the fuzz run still asserts no 5xx and that every
# answer matches the document.
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def shared_patient(client, make_actor):
    """A patient with a cramp and a plan item, sharing with a clinician who may edit the plan."""
    patient = make_actor("patient", timezone="Europe/London")
    add_episode(client, patient)
    patient.item_id = add_item(client, patient)["id"]
    patient.clinician = make_actor("clinician")
    share(client, patient, patient.clinician, "edit_plan")
    return patient


def call_and_validate(case, actor, patient) -> None:
    # Real ids in the path, so generated requests also reach data, not only 404s.
    parameters = case.path_parameters or {}
    if "patient_id" in parameters:
        parameters["patient_id"] = patient.id
    if "item_id" in parameters:
        parameters["item_id"] = patient.item_id
    case.call_and_validate(headers=actor.headers, excluded_checks=EXCLUDED_CHECKS)


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def failures_of_every_operation(app, actor, patient) -> dict[str, str]:
    """Each operation's first failure, by operation, after its generated examples."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = {}
    operations = [loaded.ok() for loaded in schema.get_all_operations()]
    # Signing out ends the session the other operations are called with: it goes last.
    for operation in sorted(operations, key=lambda operation: operation.path == "/api/v1/auth/logout"):

        @given(case=operation.as_strategy())
        @FUZZ_SETTINGS
        def run(case):
            call_and_validate(case, actor, patient)

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # every operation's failure, reported together
            failures[operation.label] = str(failure)[:2000]
    return failures


def test_every_operation_keeps_to_the_document_for_a_patient(app, shared_patient):
    failures = failures_of_every_operation(app, shared_patient, shared_patient)
    assert failures == {}, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def test_every_operation_keeps_to_the_document_for_a_clinician(app, shared_patient):
    failures = failures_of_every_operation(app, shared_patient.clinician, shared_patient)
    assert failures == {}, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
