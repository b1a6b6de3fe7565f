"""The record as a FHIR R4 Bundle, read back with the fhir.resources R4B models."""

import json

from fhir.resources.R4B.bundle import Bundle

from tests.support.care_team import add_episode, share

LOINC, SNOMED = "http://loinc.org", "http://snomed.info/sct"
LATERALITY = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"


def bundle_of(client, actor, path="/api/v1/me/export/fhir") -> dict:
    response = client.get(path, headers=actor.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/fhir+json"
    return json.loads(response.data)


def resources(bundle: dict, kind: str) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def codes(concept: dict) -> set[tuple]:
    return {(coding["system"], coding["code"]) for coding in concept.get("coding", [])}


def test_the_bundle_is_a_valid_r4_collection(client, diary):
    bundle = bundle_of(client, diary)

    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("CarePlan") == 1
    assert kinds.count("MedicationStatement") == 2
    assert "Condition" not in kinds


def test_each_episode_is_one_observation_with_the_symptom_codes(client, diary):
    observations = resources(bundle_of(client, diary), "Observation")

    ids = [observation["identifier"][0]["value"] for observation in observations]
    assert sorted(ids) == sorted(f"urn:uuid:{episode['id']}" for episode in diary.episodes)
    for observation in observations:
        assert observation["status"] == "final"
        assert observation["category"][0]["coding"][0]["code"] == "symptom"
        assert codes(observation["code"]) == {(LOINC, "75325-1")}
        assert codes(observation["valueCodeableConcept"]) == {(SNOMED, "55300003")}
        assert observation["subject"] == observation["performer"][0] == {"reference": f"urn:uuid:{diary.id}"}


def test_period_score_body_site_and_laterality(client, diary):
    observations = {o["id"]: o for o in resources(bundle_of(client, diary), "Observation")}

    calf_left = observations[diary.episodes[0]["id"]]
    assert calf_left["effectivePeriod"] == {"start": "2026-10-06T01:10:00Z", "end": "2026-10-06T01:12:00Z"}
    assert (SNOMED, "53840002") in codes(calf_left["bodySite"])
    [laterality] = calf_left["bodySite"]["extension"]
    assert laterality["url"] == LATERALITY
    assert codes(laterality["valueCodeableConcept"]) == {(SNOMED, "7771000")}
    [score] = [c for c in calf_left["component"] if codes(c["code"]) == {(LOINC, "72514-3")}]
    assert score["valueInteger"] == 4

    foot_right = observations[diary.episodes[2]["id"]]
    assert (SNOMED, "56459004") in codes(foot_right["bodySite"])
    assert codes(foot_right["bodySite"]["extension"][0]["valueCodeableConcept"]) == {(SNOMED, "24028007")}
    both = observations[diary.episodes[3]["id"]]
    assert codes(both["bodySite"]["extension"][0]["valueCodeableConcept"]) == {(SNOMED, "51440002")}


def test_no_score_component_without_a_score(client, patient):
    episode = add_episode(client, patient, severity=None)

    [observation] = resources(bundle_of(client, patient), "Observation")

    assert observation["id"] == episode["id"]
    assert all(codes(c["code"]) != {(LOINC, "72514-3")} for c in observation.get("component", []))


def test_triggers_and_reliefs_are_components_with_their_systems(client, diary):
    observations = {o["id"]: o for o in resources(bundle_of(client, diary), "Observation")}

    components = observations[diary.episodes[2]["id"]]["component"]
    values = [codes(c.get("valueCodeableConcept", {})) for c in components]
    assert any(code == "long_standing" for value in values for _, code in value)
    assert any(code == "massage" for c in components for _, code in codes(c["code"]))
    for component in components:
        assert all(coding["system"] for coding in component["code"]["coding"])


def test_deleted_episodes_are_absent(client, patient):
    kept, gone = add_episode(client, patient), add_episode(client, patient)
    assert client.delete(f"/api/v1/episodes/{gone['id']}", headers=patient.headers).status_code == 204

    observations = resources(bundle_of(client, patient), "Observation")

    assert [o["id"] for o in observations] == [kept["id"]]


def test_every_reference_resolves_inside_the_bundle(client, diary, clinician):
    share(client, diary, clinician, "edit_plan")
    bundle = bundle_of(client, diary)
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}

    def references(value):
        if isinstance(value, dict):
            if isinstance(value.get("reference"), str):
                yield value["reference"]
            for inner in value.values():
                yield from references(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from references(inner)

    found = list(references(bundle))
    assert found and set(found) <= full_urls
    assert all(url.startswith("urn:uuid:") for url in full_urls)


def test_a_share_is_a_consent_and_the_plan_a_care_plan(client, diary, clinician):
    share(client, diary, clinician, "edit_plan")
    bundle = bundle_of(client, diary)

    [consent] = resources(bundle, "Consent")
    assert consent["status"] == "active"
    assert consent["provision"]["actor"][0]["reference"] == {"reference": f"urn:uuid:{clinician.id}"}
    [plan] = resources(bundle, "CarePlan")
    [activity] = plan["activity"]
    assert activity["detail"]["code"]["text"] == "Stretch calves before bed"
    assert activity["detail"]["scheduledTiming"]["repeat"]["when"] == ["HS"]


def test_every_coding_carries_its_system(client, diary):
    bundle = bundle_of(client, diary)

    def codings(value):
        if isinstance(value, dict):
            if "code" in value and isinstance(value["code"], str) and "display" in value or "system" in value:
                yield value
            for inner in value.values():
                yield from codings(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from codings(inner)

    assert all(coding.get("system") for coding in codings(bundle))
