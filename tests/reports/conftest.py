"""A diary whose report figures were worked out by hand (see test_visit_report.py)."""

import pytest

from tests.support.care_team import add_episode, add_item
from tests.support.reports import backdate_account

PERIOD = {"from": "2026-10-05", "to": "2026-11-01"}  # four whole Monday-to-Sunday weeks


@pytest.fixture
def diary(app, client, make_actor):
    """A London patient: four cramps in the period, two in the 28 nights before, a bedtime
    stretch ticked on four days, a statin and quinine in the profile."""
    patient = make_actor(
        "patient",
        timezone="Europe/London",
        medications=[
            {"name": "Atorvastatin", "class": "statin", "started_on": "2025-06-01"},
            {"name": "Quinine sulfate", "class": "quinine", "started_on": None},
        ],
    )
    backdate_account(app, patient, display_name="Margaret Ellis")
    cramps = [
        # night of 5 Oct: 02:10 local (summer time)
        dict(
            started_at="2026-10-06T02:10:00+01:00",
            ended_at="2026-10-06T02:12:00+01:00",
            severity=4,
            muscle="calf",
            side="left",
            triggers=["dehydration"],
            reliefs=[{"method": "stretching", "effect": "full"}],
        ),
        # night of 7 Oct
        dict(
            started_at="2026-10-08T04:00:00+01:00",
            ended_at="2026-10-08T04:01:00+01:00",
            severity=6,
            muscle="calf",
            side="left",
            reliefs=[{"method": "stretching", "effect": "some"}],
        ),
        # night of 14 Oct: severe and nothing helped
        dict(
            started_at="2026-10-14T23:30:00+01:00",
            ended_at="2026-10-14T23:35:00+01:00",
            severity=8,
            muscle="foot",
            side="right",
            triggers=["dehydration", "long_standing"],
            reliefs=[{"method": "massage", "effect": "none"}],
            notes='=HYPERLINK("http://x")',
        ),
        # night of 27 Oct: 03:00 local, after the clocks went back
        dict(
            started_at="2026-10-28T03:00:00+00:00",
            ended_at="2026-10-28T03:01:30+00:00",
            severity=7,
            muscle="calf",
            side="both",
        ),
        # the period before: nights of 9 and 19 Sep
        dict(
            started_at="2026-09-10T01:00:00+01:00",
            ended_at="2026-09-10T01:01:00+01:00",
            severity=3,
            muscle="calf",
            side="left",
        ),
        dict(
            started_at="2026-09-20T02:00:00+01:00",
            ended_at="2026-09-20T02:03:00+01:00",
            severity=5,
            muscle="calf",
            side="left",
        ),
    ]
    patient.episodes = [add_episode(client, patient, **fields) for fields in cramps]
    item = add_item(client, patient, start_date="2026-10-05")
    for day, done in (
        ("2026-10-05", True),
        ("2026-10-06", True),
        ("2026-10-07", True),
        ("2026-10-14", False),
    ):
        response = client.put(
            f"/api/v1/care-plan/items/{item['id']}/checks/{day}", json={"done": done}, headers=patient.headers
        )
        assert response.status_code == 201, response.json
    patient.item = item
    return patient
