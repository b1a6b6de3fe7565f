"""A clinician's workspace made through the REST API, for the browser tests: patients who sign
up, log a diary and share with one clinician.

    register(base_url, role, display_name, timezone="Europe/London") -> Api (signed in)
    diary_cramp(days_ago, **fields) -> an episode body, `days_ago` days before now
    share_with(patient_api, clinician_api, permission="view") -> the share
"""

from datetime import UTC, datetime, timedelta

import requests

from tests.support.browser import PASSWORD, Api, new_email


def register(base_url: str, role: str, display_name: str, timezone: str = "Europe/London") -> Api:
    email = new_email(role)
    body = {
        "email": email,
        "password": PASSWORD,
        "display_name": display_name,
        "role": role,
        "timezone": timezone,
    }
    response = requests.post(f"{base_url}/api/v1/auth/register", json=body, timeout=10)
    response.raise_for_status()
    signed_in = Api(base_url, email)
    signed_in.email = email
    return signed_in


def diary_cramp(days_ago: float, minutes: int = 2, **fields) -> dict:
    start = datetime.now(UTC) - timedelta(days=days_ago)
    return {
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=minutes)).isoformat(),
        "muscle": "calf",
        "side": "left",
        "severity": 5,
        **fields,
    }


def share_with(patient: Api, clinician: Api, permission: str = "view") -> dict:
    code = patient.post("/shares/invites", {"permission": permission})["code"]
    return clinician.post("/shares/accept", {"code": code})
