"""Fixtures for care-team tests: clinicians the patient shares with."""

import pytest

from tests.support.care_team import TIME_ZONE, share


@pytest.fixture
def viewer(client, patient, make_actor):
    """A clinician the patient shares with, view only."""
    clinician = make_actor("clinician")
    clinician.share = share(client, patient, clinician, "view")
    return clinician


@pytest.fixture
def editor(client, patient, make_actor):
    """A clinician the patient allowed to edit the care plan."""
    clinician = make_actor("clinician")
    clinician.share = share(client, patient, clinician, "edit_plan")
    return clinician


@pytest.fixture
def new_yorker(make_actor):
    return make_actor("patient", timezone=TIME_ZONE)
