"""Two devices of one patient and the REST API change the same records while the network drops,
repeats and cuts off requests; after a final sync over a clean network every device equals the
server.

HYPOTHESIS_PROFILE=sync-thorough runs many more and longer examples than the default
(sync-quick, sized for CI).
"""

import itertools
import json
import os
import uuid
from dataclasses import dataclass
from datetime import timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from backend.auth.models import User
from backend.careplan.models import CarePlanCheck, CarePlanItem
from backend.database import utcnow
from backend.episodes.models import Episode
from backend.extensions import db
from backend.sync import push as push_module
from backend.sync.entities import as_changes
from backend.sync.models import SyncMutation
from backend.sync.purge import purge_tombstones
from tests.support.care_team import clinician_edit, clinician_item
from tests.support.device import DeviceCopy
from tests.support.sync import PULL, PUSH

settings.register_profile(
    "sync-quick",
    max_examples=40,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "sync-thorough",
    max_examples=300,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def chosen_settings() -> settings:
    # Only this test's settings change; the environment's profile for other tests is left alone.
    try:
        return settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "sync-quick"))
    except InvalidArgument:
        return settings.get_profile("sync-quick")


CLINICIAN_OWNED = ("title", "instructions", "schedule")
MACHINE_SERIAL = itertools.count(1)

severities = st.integers(0, 10)
notes = st.sampled_from(["", "Left calf.", "Woke me twice.", "After a long walk."])
muscles = st.sampled_from(["calf", "foot", "shin"])
clock_skews = st.integers(-30, 12)  # hours a device's clock is off, both ways
rest_skews = st.integers(-30, 0)  # a start typed in through REST is never ahead of now
titles = st.sampled_from(["Stretch", "Stretch twice", "Drink water"])
item_statuses = st.sampled_from(["active", "paused", "stopped"])
fates = st.sampled_from(["delivered", "dropped", "reply_lost", "duplicated", "server_error"])


@dataclass
class Device(DeviceCopy):
    client_id: str

    def live_view(self) -> dict:
        return super().live_view(comparable)


def comparable(data: dict) -> dict:
    # An item shows its author's name as it was when the item last changed: renaming an account
    # doesn't touch every item it wrote, so synced copies may keep the old name.
    if "author" in data:
        data = {**data, "author": {**data["author"], "display_name": None}}
    return data


def run_machine(app, client, make_actor):
    class SyncMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.serial = next(MACHINE_SERIAL)
            self.id_counter = itertools.count(1)
            self.patient = make_actor("patient", timezone="Europe/London")
            clinician = make_actor("clinician")
            self.clinician_item_id = clinician_item(app, self.patient, clinician, title="Calf stretch")
            self.clinician_wrote = self.server_item_owned()
            self.devices = [Device("phone"), Device("tablet")]
            self.created: set[str] = set()
            self.purged: set[str] = set()

        # ---- helpers -------------------------------------------------------------------------

        def new_id(self) -> str:
            # Unique across examples (the database outlives them) yet the same on replay.
            return str(uuid.UUID(int=(self.serial << 64) | next(self.id_counter)))

        def queue(self, device: Device, entity: str, record_id: str, op: str = "upsert", **fields) -> None:
            device.outbox.append(
                {
                    "mutation_id": str(uuid.uuid4()),
                    "entity": entity,
                    "op": op,
                    "id": record_id,
                    "base_version": device.base_version(entity, record_id),
                    "fields": fields,
                }
            )

        def today(self):
            return utcnow().astimezone(ZoneInfo("Europe/London")).date()

        def server_item_owned(self) -> dict:
            with app.app_context():
                item = db.session.get(CarePlanItem, uuid.UUID(self.clinician_item_id))
                return {name: getattr(item, name) for name in CLINICIAN_OWNED}

        def send(self, device: Device, batch: list[dict]):
            return client.post(
                PUSH, json={"client_id": device.client_id, "mutations": batch}, headers=self.patient.headers
            )

        def acknowledge(self, device: Device, batch: list[dict], results: list[dict]) -> None:
            by_mutation = {entry["mutation_id"]: entry for entry in batch}
            assert [result["mutation_id"] for result in results] == list(by_mutation)
            for result in results:
                entry = by_mutation[result["mutation_id"]]
                device.outbox.remove(entry)
                record = result.get("record")
                if record is None:
                    continue
                if record["id"] != entry["id"]:
                    # The day was ticked elsewhere first; the tick now lives on that row.
                    device.known.pop((entry["entity"], entry["id"]), None)
                device.take(record)

        def pull_pages(self, device: Device, page_size: int, pages: int | None) -> None:
            count = 0
            while pages is None or count < pages:
                if device.cursor == 0:
                    # A download without a cursor is the whole state and carries no deletions, so
                    # copies kept from earlier push answers must not outlive it.
                    device.known.clear()
                response = client.get(
                    PULL,
                    query_string={"cursor": device.cursor, "limit": page_size},
                    headers=self.patient.headers,
                )
                if response.status_code == 410:
                    # Too far behind: download everything again, keeping the outbox.
                    device.cursor = 0
                    continue
                assert response.status_code == 200, response.json
                assert len(response.json["changes"]) <= page_size
                count += 1
                if not device.take_page(response.json):
                    return

        def logged(self, mutation_ids: list[str]) -> set[str]:
            with app.app_context():
                rows = db.session.scalars(
                    db.select(SyncMutation.mutation_id).where(
                        SyncMutation.mutation_id.in_([uuid.UUID(one) for one in mutation_ids])
                    )
                )
                return {str(one) for one in rows}

        def server_state(self) -> dict:
            patient_id = uuid.UUID(self.patient.id)
            state = {}
            with app.app_context():
                for entity, model in (
                    ("episode", Episode),
                    ("care_plan_item", CarePlanItem),
                    ("check", CarePlanCheck),
                ):
                    rows = db.session.scalars(
                        db.select(model).where(model.patient_id == patient_id, model.deleted_at.is_(None))
                    ).all()
                    for change in as_changes(entity, rows):
                        state[(entity, change["id"])] = (change["version"], change["data"])
                [profile] = as_changes("profile", [db.session.get(User, patient_id)])
                state[("profile", profile["id"])] = (profile["version"], profile["data"])
            # As a device would read it off the wire.
            return {
                key: (version, comparable(json.loads(json.dumps(data, default=str))))
                for key, (version, data) in state.items()
            }

        # ---- device writes ---------------------------------------------------------------------

        @rule(device=st.integers(0, 1), skew=clock_skews, minutes=st.integers(0, 600), severity=severities)
        def create_episode(self, device, skew, minutes, severity):
            started = utcnow() + timedelta(hours=skew) - timedelta(minutes=minutes)
            record_id = self.new_id()
            self.created.add(record_id)
            self.queue(
                self.devices[device],
                "episode",
                record_id,
                started_at=started.isoformat(),
                ended_at=(started + timedelta(minutes=2)).isoformat(),
                severity=severity,
                muscle="calf",
                side="left",
            )

        @rule(
            device=st.integers(0, 1),
            pick=st.integers(0, 50),
            severity=severities,
            note=notes,
            muscle=st.none() | muscles,
        )
        def edit_episode(self, device, pick, severity, note, muscle):
            ids = self.devices[device].live_ids("episode")
            if ids:
                fields = {"severity": severity, "notes": note} | ({"muscle": muscle} if muscle else {})
                self.queue(self.devices[device], "episode", ids[pick % len(ids)], **fields)

        @rule(device=st.integers(0, 1), pick=st.integers(0, 50), skew=clock_skews)
        def move_episode(self, device, pick, skew):
            ids = self.devices[device].live_ids("episode")
            if ids:
                started = utcnow() + timedelta(hours=skew)
                self.queue(
                    self.devices[device],
                    "episode",
                    ids[pick % len(ids)],
                    started_at=started.isoformat(),
                    ended_at=None,
                )

        @rule(device=st.integers(0, 1), pick=st.integers(0, 50))
        def end_episode_before_it_began(self, device, pick):
            # The server rejects it; the device's copy must fall back to the server's.
            ids = self.devices[device].live_ids("episode")
            if ids:
                ended = utcnow() - timedelta(days=30)
                self.queue(self.devices[device], "episode", ids[pick % len(ids)], ended_at=ended.isoformat())

        @rule(device=st.integers(0, 1), pick=st.integers(0, 50))
        def delete_episode(self, device, pick):
            ids = self.devices[device].live_ids("episode")
            if ids:
                self.queue(self.devices[device], "episode", ids[pick % len(ids)], op="delete")

        @rule(device=st.integers(0, 1), title=titles)
        def create_item(self, device, title):
            record_id = self.new_id()
            self.created.add(record_id)
            self.queue(
                self.devices[device],
                "care_plan_item",
                record_id,
                category="stretching",
                title=title,
                schedule="bedtime",
            )

        @rule(
            device=st.integers(0, 1),
            pick=st.integers(0, 50),
            title=titles,
            status=item_statuses,
            schedule=st.none() | st.sampled_from(["daily", "weekly"]),
        )
        def edit_item(self, device, pick, title, status, schedule):
            ids = self.devices[device].live_ids("care_plan_item")
            if ids:
                fields = {"title": title, "status": status} | ({"schedule": schedule} if schedule else {})
                self.queue(self.devices[device], "care_plan_item", ids[pick % len(ids)], **fields)

        @rule(device=st.integers(0, 1), pick=st.integers(0, 50))
        def delete_item(self, device, pick):
            ids = [
                one
                for one in self.devices[device].live_ids("care_plan_item")
                if one != self.clinician_item_id
            ]
            if ids:
                self.queue(self.devices[device], "care_plan_item", ids[pick % len(ids)], op="delete")

        @rule(
            device=st.integers(0, 1),
            pick=st.integers(0, 50),
            days_ago=st.integers(0, 2),
            done=st.booleans(),
            note=notes,
        )
        def tick(self, device, pick, days_ago, done, note):
            phone = self.devices[device]
            items = phone.live_ids("care_plan_item")
            if not items:
                return
            item_id, day = items[pick % len(items)], (self.today() - timedelta(days=days_ago)).isoformat()
            same_day = [
                change["id"]
                for change in phone.known.values()
                if change["entity"] == "check"
                and change["data"]
                and (change["data"]["item_id"], change["data"]["date"]) == (item_id, day)
            ]
            self.queue(
                phone,
                "check",
                same_day[0] if same_day else self.new_id(),
                item_id=item_id,
                date=day,
                done=done,
                note=note,
            )

        @rule(device=st.integers(0, 1), pick=st.integers(0, 50))
        def untick(self, device, pick):
            phone = self.devices[device]
            checks = [
                change
                for change in phone.known.values()
                if change["entity"] == "check" and not change["deleted"]
            ]
            if checks:
                check = checks[pick % len(checks)]
                self.queue(
                    phone,
                    "check",
                    check["id"],
                    op="delete",
                    item_id=check["data"]["item_id"],
                    date=check["data"]["date"],
                )

        @rule(device=st.integers(0, 1), name=st.sampled_from(["Sam", "Samantha", "S."]))
        def edit_profile(self, device, name):
            self.queue(self.devices[device], "profile", self.patient.id, display_name=name)

        # ---- the network -----------------------------------------------------------------------

        @rule(device=st.integers(0, 1), size=st.integers(1, 8), fate=fates, failing=st.integers(0, 7))
        def push(self, device, size, fate, failing):
            phone = self.devices[device]
            batch = phone.outbox[:size]
            if not batch or fate == "dropped":
                return
            if fate == "server_error":
                self.push_interrupted(phone, batch, failing)
                return
            response = self.send(phone, batch)
            assert response.status_code == 200, response.json
            if fate == "duplicated":
                response = self.send(phone, batch)
                assert response.status_code == 200, response.json
                assert all(
                    result["status"] in ("duplicate", "rejected") for result in response.json["results"]
                )
            if fate != "reply_lost":
                self.acknowledge(phone, batch, response.json["results"])

        def push_interrupted(self, phone: Device, batch: list[dict], failing: int) -> None:
            already = self.logged([entry["mutation_id"] for entry in batch])
            fresh = [entry["mutation_id"] for entry in batch if entry["mutation_id"] not in already]
            if not fresh:
                return
            breaking = fresh[failing % len(fresh)]
            real_apply = push_module.apply_mutation

            def apply_or_fail(context, one):
                if str(one.mutation_id) == breaking:
                    raise RuntimeError("the server fell over")
                return real_apply(context, one)

            with mock.patch.object(push_module, "apply_mutation", apply_or_fail):
                response = self.send(phone, batch)
            assert response.status_code == 500
            position = [entry["mutation_id"] for entry in batch].index(breaking)
            before = [entry["mutation_id"] for entry in batch[:position]]
            after = [entry["mutation_id"] for entry in batch[position:]]
            logged_now = self.logged(before + after)
            assert set(before) <= logged_now, "changes before the failure were not kept"
            assert logged_now & set(after) <= already, "changes after the failure were applied"

        @rule(device=st.integers(0, 1), page_size=st.sampled_from([1, 2, 3, 500]), pages=st.integers(1, 4))
        def pull(self, device, page_size, pages):
            self.pull_pages(self.devices[device], page_size, pages)

        # ---- the rest of the world ---------------------------------------------------------------

        @rule(severity=severities, skew=rest_skews)
        def rest_create_episode(self, severity, skew):
            record_id = self.new_id()
            started = utcnow() + timedelta(hours=skew)
            response = client.post(
                "/api/v1/episodes",
                json={"id": record_id, "started_at": started.isoformat(), "severity": severity},
                headers=self.patient.headers,
            )
            assert response.status_code == 201, response.json
            self.created.add(record_id)

        def server_episode_ids(self) -> list[str]:
            response = client.get("/api/v1/episodes", headers=self.patient.headers)
            return [episode["id"] for episode in response.json]

        @rule(pick=st.integers(0, 50), note=notes)
        def rest_edit_episode(self, pick, note):
            ids = self.server_episode_ids()
            if ids:
                episode_id = ids[pick % len(ids)]
                response = client.patch(
                    f"/api/v1/episodes/{episode_id}", json={"notes": note}, headers=self.patient.headers
                )
                assert response.status_code == 200, response.json

        @rule(pick=st.integers(0, 50))
        def rest_delete_episode(self, pick):
            ids = self.server_episode_ids()
            if ids:
                response = client.delete(
                    f"/api/v1/episodes/{ids[pick % len(ids)]}", headers=self.patient.headers
                )
                assert response.status_code == 204

        @rule(days_ago=st.integers(0, 2), done=st.booleans())
        def rest_tick_clinician_item(self, days_ago, done):
            day = (self.today() - timedelta(days=days_ago)).isoformat()
            response = client.put(
                f"/api/v1/care-plan/items/{self.clinician_item_id}/checks/{day}",
                json={"done": done},
                headers=self.patient.headers,
            )
            assert response.status_code in (200, 201), response.json

        @rule(
            title=st.sampled_from(["Calf stretch, 3 times", "Calf and hamstring stretch"]),
            instructions=st.sampled_from(["Hold 30 s.", "Hold 45 s, both legs."]),
        )
        def clinician_rewrites_item(self, title, instructions):
            clinician_edit(app, self.clinician_item_id, title=title, instructions=instructions)
            self.clinician_wrote = self.server_item_owned()

        @precondition(lambda self: any(device.cursor for device in self.devices))
        @rule()
        def purge_while_devices_are_away(self):
            with app.app_context():
                for model in (Episode, CarePlanItem):
                    self.purged.update(
                        str(one)
                        for one in db.session.scalars(
                            db.select(model.id).where(
                                model.patient_id == uuid.UUID(self.patient.id), model.deleted_at.is_not(None)
                            )
                        )
                    )
                purge_tombstones(utcnow() + timedelta(seconds=1))
                db.session.commit()

        # ---- invariants ----------------------------------------------------------------------------

        @invariant()
        def every_record_is_on_the_server_or_waiting(self):
            with app.app_context():
                on_server = {
                    str(one)
                    for model in (Episode, CarePlanItem)
                    for one in db.session.scalars(
                        db.select(model.id).where(model.patient_id == uuid.UUID(self.patient.id))
                    )
                }
            waiting = {entry["id"] for device in self.devices for entry in device.outbox}
            missing = self.created - on_server - waiting - self.purged
            assert not missing, f"records lost: {missing}"

        @invariant()
        def clinician_fields_are_only_ever_what_the_clinician_wrote(self):
            assert self.server_item_owned() == self.clinician_wrote

        def teardown(self):
            for device in self.devices:
                while device.outbox:
                    batch = device.outbox[:100]
                    response = self.send(device, batch)
                    assert response.status_code == 200, response.json
                    self.acknowledge(device, batch, response.json["results"])
            for device in self.devices:
                self.pull_pages(device, 500, None)
            server = self.server_state()
            for device in self.devices:
                view = device.live_view()
                differences = {
                    key: (view.get(key), server.get(key))
                    for key in set(view) | set(server)
                    if view.get(key) != server.get(key)
                }
                assert not differences, f"{device.client_id} differs from the server: {differences}"

    run_state_machine_as_test(SyncMachine, settings=chosen_settings())


def test_devices_converge_with_the_server(app, client, make_actor):
    run_machine(app, client, make_actor)
