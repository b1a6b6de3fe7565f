"""A patient's record as a FHIR R4 (4.0.1) Bundle of type `collection`, for health records.

- Patient; an Observation per live episode in the shape of the HL7 Symptoms IG (STU1)
  SymptomObservation; a MedicationStatement per profile medicine; one CarePlan, one
  `activity.detail` per item; a Consent per share, with a Practitioner for its clinician.
- No Condition: the product records symptoms and never diagnoses.
- Every reference is a `urn:uuid:` fullUrl inside the Bundle; every code carries its system.

The tests check the Bundle against the `fhir.resources` R4B models (checking every download
here would triple its time, and a failed check could only be a server error). R4B (4.3) kept
Observation, CarePlan, Consent, MedicationStatement, Patient and Practitioner as they were in R4
(4.0.1) for every element used here; its changes were to medication-definition and
evidence resources, which this Bundle does not use. So a Bundle that R4B accepts is valid R4.
"""

import uuid
from datetime import UTC, datetime

from ..auth.models import User
from ..careplan.models import CarePlanItem
from ..database import utcnow
from ..extensions import db
from ..insights.adherence import plan_items
from ..reference.vocabulary import (
    CARE_PLAN_CATEGORIES,
    MEDICATION_CLASSES,
    MUSCLES,
    RELIEF_EFFECTS,
    RELIEF_METHODS,
    SIDES,
    SYMPTOMS,
    TRIGGERS,
)
from ..sharing.models import Share
from .csv_export import live_episodes

MEDIA_TYPE = "application/fhir+json"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
SYMPTOMS_IG = "http://hl7.org/fhir/uv/symptoms"
SYMPTOM_PROFILE = f"{SYMPTOMS_IG}/StructureDefinition/SymptomObservation"
SYMPTOM_CATEGORY = f"{SYMPTOMS_IG}/CodeSystem/SymptomTemporary"
LATERALITY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
# CrampCare's own codes, where no standard code was verified (DOMAIN.md "Interoperability").
LOCAL = "https://crampcare.app/fhir/CodeSystem"
UUID_URI = "urn:ietf:rfc:3986"

SYMPTOM_CODE = {"system": LOINC, "code": "75325-1", "display": "Symptom"}
CRAMP = {"system": SNOMED, "code": "55300003", "display": "Cramp"}
PAIN_SCORE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
BODY_REGIONS = {
    "calf": ("53840002", "Calf of leg"),
    "foot": ("56459004", "Foot"),
    "shin": ("30021000", "Lower leg"),
    "hamstrings": ("68367000", "Thigh"),
    "quadriceps": ("68367000", "Thigh"),
}
LATERALITY = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}
ITEM_STATUS = {"active": "in-progress", "paused": "on-hold", "stopped": "stopped"}
SCHEDULE_TIMING = {
    "bedtime": {"repeat": {"when": ["HS"]}},  # HS: before sleep (EventTiming)
    "daily": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
    "weekly": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "wk"}},
}


def _local(name: str, code: str, display: str | None = None) -> dict:
    coding = {"system": f"{LOCAL}/{name}", "code": code}
    return {**coding, "display": display} if display else coding


def _reference(resource_id) -> dict:
    return {"reference": f"urn:uuid:{resource_id}"}


def _instant(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _patient(patient: User) -> dict:
    return {
        "resourceType": "Patient",
        "id": str(patient.id),
        "identifier": [{"system": UUID_URI, "value": f"urn:uuid:{patient.id}"}],
        "name": [{"text": patient.display_name}],
    }


def _body_site(muscle: str | None, side: str | None) -> dict | None:
    if not muscle and not side:
        return None
    site: dict = {}
    if muscle:
        codings = []
        if muscle in BODY_REGIONS:
            code, display = BODY_REGIONS[muscle]
            codings.append({"system": SNOMED, "code": code, "display": display})
        codings.append(_local("muscle", muscle, MUSCLES[muscle]))
        site.update(coding=codings, text=MUSCLES[muscle])
    else:
        site["text"] = "Muscle not given"
    if side:
        code, display = LATERALITY[side]
        site["extension"] = [
            {
                "url": LATERALITY_EXTENSION,
                "valueCodeableConcept": {
                    "coding": [{"system": SNOMED, "code": code, "display": display}],
                    "text": SIDES[side],
                },
            }
        ]
    return site


def _components(episode) -> list[dict]:
    components = []
    if episode.severity is not None:
        components.append({"code": {"coding": [PAIN_SCORE]}, "valueInteger": episode.severity})
    for trigger in episode.triggers:
        components.append(
            {
                "code": {"coding": [_local("observation-component", "trigger", "Suspected trigger")]},
                "valueCodeableConcept": {"coding": [_local("trigger", trigger, TRIGGERS[trigger])]},
            }
        )
    for relief in episode.reliefs:
        method, effect = relief["method"], relief["effect"]
        components.append(
            {
                "code": {
                    "coding": [_local("relief-method", method, RELIEF_METHODS[method])],
                    "text": "Relief tried",
                },
                "valueCodeableConcept": {"coding": [_local("relief-effect", effect, RELIEF_EFFECTS[effect])]},
            }
        )
    for symptom in episode.symptoms:
        components.append(
            {
                "code": {"coding": [_local("observation-component", "associated-symptom", "Other symptom")]},
                "valueCodeableConcept": {"coding": [_local("symptom", symptom, SYMPTOMS[symptom])]},
            }
        )
    if episode.woke_from_sleep is not None:
        components.append(
            {
                "code": {"coding": [_local("observation-component", "woke-from-sleep", "Woke from sleep")]},
                "valueBoolean": episode.woke_from_sleep,
            }
        )
    return components


def _observation(episode, patient_ref: dict) -> dict:
    period = {"start": _instant(episode.started_at)}
    if episode.ended_at:
        period["end"] = _instant(episode.ended_at)
    observation = {
        "resourceType": "Observation",
        "id": str(episode.id),
        "meta": {"profile": [SYMPTOM_PROFILE]},
        "identifier": [{"system": UUID_URI, "value": f"urn:uuid:{episode.id}"}],
        "status": "final",
        "category": [{"coding": [{"system": SYMPTOM_CATEGORY, "code": "symptom", "display": "Symptom"}]}],
        "code": {"coding": [SYMPTOM_CODE]},
        "subject": patient_ref,
        "performer": [patient_ref],
        "effectivePeriod": period,
        "issued": _instant(episode.updated_at),
        "valueCodeableConcept": {"coding": [CRAMP], "text": "Leg cramp"},
    }
    if site := _body_site(episode.muscle, episode.side):
        observation["bodySite"] = site
    if components := _components(episode):
        observation["component"] = components
    if episode.notes:
        observation["note"] = [{"text": episode.notes}]
    return observation


def _medication_statements(patient: User, patient_ref: dict) -> list[dict]:
    statements = []
    for index, medication in enumerate(patient.medications or []):
        concept: dict = {"text": medication.get("name") or "Unnamed medicine"}
        if medication.get("class"):
            label = MEDICATION_CLASSES.get(medication["class"], medication["class"])
            concept["coding"] = [_local("medication-class", medication["class"], label)]
        statement = {
            "resourceType": "MedicationStatement",
            # Profile medicines have no ids of their own: derived, so a re-export keeps them.
            "id": str(uuid.uuid5(patient.id, f"medication/{index}")),
            "status": "active",
            "medicationCodeableConcept": concept,
            "subject": patient_ref,
            "informationSource": patient_ref,
        }
        if medication.get("started_on"):
            statement["effectivePeriod"] = {"start": str(medication["started_on"])}
        statements.append(statement)
    return statements


def _activity(item: CarePlanItem) -> dict:
    detail: dict = {
        "code": {
            "coding": [_local("care-plan-category", item.category, CARE_PLAN_CATEGORIES.get(item.category))],
            "text": item.title,
        },
        "status": ITEM_STATUS.get(item.status, "unknown"),
        "description": item.instructions or item.title,
    }
    timing = {key: dict(value) for key, value in SCHEDULE_TIMING.get(item.schedule, {}).items()}
    if item.schedule in SCHEDULE_TIMING:
        repeat = timing["repeat"]
        repeat["boundsPeriod"] = {"start": item.start_date.isoformat()}
        if item.end_date:
            repeat["boundsPeriod"]["end"] = item.end_date.isoformat()
        if item.time_of_day:
            repeat["timeOfDay"] = [item.time_of_day.strftime("%H:%M:%S")]
        detail["scheduledTiming"] = timing
    else:
        # As needed: no timing to keep; the text says when.
        detail["scheduledString"] = "When needed"
    return {"detail": detail}


def _care_plan(patient: User, patient_ref: dict) -> list[dict]:
    items = plan_items(patient.id)
    if not items:
        return []
    return [
        {
            "resourceType": "CarePlan",
            "id": str(uuid.uuid5(patient.id, "care-plan")),
            "status": "active",
            "intent": "plan",
            "title": "Leg cramp care plan",
            "subject": patient_ref,
            "period": {"start": min(item.start_date for item in items).isoformat()},
            "activity": [_activity(item) for item in items],
        }
    ]


def _consents(shares: list[Share], patient_ref: dict) -> list[dict]:
    resources = []
    for share in shares:
        clinician = share.clinician
        resources.append(
            {
                "resourceType": "Practitioner",
                "id": str(clinician.id),
                "name": [{"text": clinician.display_name}],
            }
        )
        actions = [
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "access"}]}
        ]
        if share.can_edit_plan:
            actions.append(
                {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "correct"}
                    ]
                }
            )
        period = {"start": _instant(share.created_at)}
        if share.revoked_at or share.expires_at:
            period["end"] = _instant(share.revoked_at or share.expires_at)
        resources.append(
            {
                "resourceType": "Consent",
                "id": str(share.id),
                "status": "active" if share.status == "active" else "inactive",
                "scope": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                            "code": "patient-privacy",
                        }
                    ]
                },
                "category": [
                    {"coding": [{"system": LOINC, "code": "59284-0", "display": "Patient Consent"}]}
                ],
                "patient": patient_ref,
                "dateTime": _instant(share.created_at),
                "performer": [patient_ref],
                "policyRule": {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}
                    ]
                },
                "provision": {
                    "type": "permit",
                    "period": period,
                    "actor": [
                        {
                            "role": {
                                "coding": [
                                    {
                                        "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                        "code": "IRCP",
                                        "display": "information recipient",
                                    }
                                ]
                            },
                            "reference": _reference(clinician.id),
                        }
                    ],
                    "action": actions,
                },
            }
        )
    return resources


def patient_bundle(patient: User, shares: list[Share], now: datetime | None = None) -> dict:
    """The Bundle as JSON-ready data."""
    patient_ref = _reference(patient.id)
    resources = [_patient(patient)]
    resources += [_observation(episode, patient_ref) for episode in live_episodes(patient)]
    resources += _medication_statements(patient, patient_ref)
    resources += _care_plan(patient, patient_ref)
    resources += _consents(shares, patient_ref)
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "identifier": {"system": UUID_URI, "value": f"urn:uuid:{uuid.uuid4()}"},
        "type": "collection",
        "timestamp": _instant(now or utcnow()),
        "entry": [{"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource} for resource in resources],
    }
    return bundle


def shares_for_export(patient: User, clinician: User | None = None) -> list[Share]:
    """All the patient's shares; for a clinician's download, only the share that lets them read it
    (the rest of the care team is none of their business)."""
    query = db.select(Share).where(Share.patient_id == patient.id)
    if clinician is not None:
        query = query.where(Share.clinician_id == clinician.id, Share.revoked_at.is_(None))
    return db.session.scalars(query.order_by(Share.created_at, Share.id)).all()
