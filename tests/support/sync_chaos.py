"""A sync chaos run across several app servers: devices queue changes offline, then push and pull
through whichever server the next request reaches, over a network that repeats and cuts off
requests; at the end the database is counted for lost and duplicated records.

Every request goes to the next server in turn, so a device's pages of one pull, a batch and its
resend, and two devices of one patient keep changing server. The network's tricks:
  - a batch sent to two servers at once (a retry racing the first try through a load balancer);
  - a batch sent again to the other server after its answer came (a resend after a timeout);
  - the connection closed before the answer is read (the change may or may not be saved);
  - the connection closed halfway through the body (nothing may be saved);
  - several devices of one patient pushing at the same moment to different servers;
  - a server worker killed (SIGKILL) while a push may be in flight, when the run is given `crash`.
A device keeps every change it has no answer for and sends it again later, as the PWA's outbox.
"""

import contextlib
import http.client
import json
import random
import socket
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from tests.support.device import DeviceCopy
from tests.support.servers import json_request
from tests.support.sync import PULL, PUSH, mutation

ENTITIES = ("episode", "care_plan_item")
TABLES = {"episode": "episodes", "care_plan_item": "care_plan_items"}
PASSWORD = "a long chaos passphrase"


class Network:
    """Plain HTTP/1.1 to the servers in turn, one connection a request, as gunicorn's sync workers
    serve them; counts every request, finished or not."""

    def __init__(self, base_urls: list[str]):
        self.addresses = [urlsplit(url).netloc for url in base_urls]
        self.turn = 0
        self.requests = 0
        self.by_kind: dict[str, int] = {}

    def next_server(self) -> int:
        self.turn += 1
        return self.turn % len(self.addresses)

    def count(self, kind: str) -> None:
        self.requests += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1

    def call(self, server: int, method: str, path: str, token: str | None = None, body=None, kind="other"):
        self.count(kind)
        return json_request(self.addresses[server], method, path, body, token, timeout=60)

    def hang_up(self, server: int, method: str, path: str, token: str, body, *, cut_at=None, wait=0.0):
        """Send the request and close the connection without the answer: after the whole request
        and `wait` seconds, or after the fraction `cut_at` of the body."""
        self.count("interrupted")
        raw = json.dumps(body).encode() if body is not None else b""
        body_headers = f"Content-Type: application/json\r\nContent-Length: {len(raw)}\r\n" if raw else ""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.addresses[server]}\r\n"
            f"Authorization: Bearer {token}\r\n{body_headers}Connection: close\r\n\r\n"
        ).encode()
        host, port = self.addresses[server].rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            if cut_at is not None:
                connection.sendall(head + raw[: int(len(raw) * cut_at)])
                return
            connection.sendall(head + raw)
            if wait:
                connection.settimeout(wait)
                with contextlib.suppress(TimeoutError):
                    connection.recv(1)


@dataclass
class Patient:
    id: str
    token: str


@dataclass
class Device(DeviceCopy):
    name: str
    patient: Patient


@dataclass
class Figures:
    servers: int = 0
    devices: int = 0
    steps: int = 0
    requests: int = 0
    requests_by_kind: dict = field(default_factory=dict)
    mutations: int = 0
    records_created: int = 0
    records_deleted: int = 0
    seconds: float = 0.0
    workers_killed: int = 0
    answers: dict = field(default_factory=dict)
    # Lost: a change queued but never logged, a record made but missing, two writes on one version.
    lost_mutations: int = 0
    lost_records: int = 0
    lost_updates: int = 0
    # Duplicated: a change logged twice, a record nobody made, a change applied more than once,
    # a record twice in one download.
    duplicated_mutations: int = 0
    duplicated_records: int = 0
    duplicated_writes: int = 0
    duplicated_in_download: int = 0
    # Neither, but wrong all the same.
    deleted_but_live: int = 0
    devices_differing: list = field(default_factory=list)
    servers_differing: bool = False

    @property
    def lost(self) -> int:
        return self.lost_mutations + self.lost_records + self.lost_updates

    @property
    def duplicated(self) -> int:
        return (
            self.duplicated_mutations
            + self.duplicated_records
            + self.duplicated_writes
            + self.duplicated_in_download
        )

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.requests_by_kind.items()))
        return (
            f"two-server sync chaos: {self.servers} servers, {self.devices} devices, {self.steps} steps, "
            f"{self.requests} requests ({kinds}), {self.mutations} mutations, "
            f"{self.records_created} records created, {self.records_deleted} deleted, "
            f"{self.workers_killed} workers killed mid-run, {self.seconds:.1f} s\n"
            f"  answers acknowledged: {', '.join(f'{k} {v}' for k, v in sorted(self.answers.items()))}\n"
            f"  lost {self.lost} (mutations {self.lost_mutations}, records {self.lost_records}, "
            f"updates {self.lost_updates})\n"
            f"  duplicated {self.duplicated} (mutations {self.duplicated_mutations}, records "
            f"{self.duplicated_records}, writes {self.duplicated_writes}, in a download "
            f"{self.duplicated_in_download})\n"
            f"  deleted but live {self.deleted_but_live}, devices differing from the server "
            f"{len(self.devices_differing)}, servers differing {self.servers_differing}"
        )


def sign_up(network: Network, count: int, tag: str) -> list[Patient]:
    """New patients, each signed up through one server and signed in through the next."""
    patients = []
    for number in range(count):
        email = f"chaos-{tag}-{number}@example.test"
        body = {"email": email, "password": PASSWORD, "display_name": f"Chaos {number}", "role": "patient"}
        status, answer = network.call(network.next_server(), "POST", "/api/v1/auth/register", body=body)
        assert status == 201, answer
        login = {"email": email, "password": PASSWORD}
        status, answer = network.call(network.next_server(), "POST", "/api/v1/auth/login", body=login)
        assert status == 200, answer
        patients.append(Patient(answer["user"]["id"], answer["access_token"]))
    return patients


class ChaosRun:
    def __init__(
        self,
        base_urls: list[str],
        *,
        patients: int = 2,
        devices_per_patient: int = 2,
        seed: int = 16,
        crash: Callable[[int], object] | None = None,
        most_crashes: int = 2,
    ):
        self.network = Network(base_urls)
        # crash(server): kill one worker process of that server.
        self.crash, self.crashes_left, self.crashes = crash, most_crashes if crash else 0, 0
        self.random = random.Random(seed)
        self.tag = uuid.uuid4().hex[:8]
        self.patients = sign_up(self.network, patients, self.tag)
        self.devices = [
            Device(f"{self.tag}-p{p}-d{d}", patient)
            for p, patient in enumerate(self.patients)
            for d in range(devices_per_patient)
        ]
        self.queued: set[str] = set()
        self.created: set[tuple[str, str]] = set()
        self.deleted: set[tuple[str, str]] = set()
        self.steps = 0
        # How the servers answered the changes the devices acknowledged, by status.
        self.answers: dict[str, int] = {}

    # ---- a device's offline changes ------------------------------------------------------------

    def queue(self, device: Device, entity: str, record_id: str, op: str = "upsert", **fields) -> None:
        entry = mutation(entity, record_id, op, device.base_version(entity, record_id), **fields)
        self.queued.add(entry["mutation_id"])
        device.outbox.append(entry)

    def create(self, device: Device) -> None:
        record_id = str(uuid.uuid4())
        if self.random.random() < 0.7:
            started = datetime.now(UTC) - timedelta(minutes=self.random.randint(5, 3000))
            fields = {
                "started_at": started.isoformat(),
                "ended_at": (started + timedelta(minutes=2)).isoformat(),
                "severity": self.random.randint(0, 10),
                "muscle": self.random.choice(["calf", "foot", "shin"]),
                "side": "left",
                "notes": f"made by {device.name}",
            }
            entity = "episode"
        else:
            fields = {"category": "stretching", "title": f"Stretch ({device.name})", "schedule": "bedtime"}
            entity = "care_plan_item"
        self.created.add((entity, record_id))
        self.queue(device, entity, record_id, **fields)

    def edit(self, device: Device) -> None:
        entity = self.random.choice(ENTITIES)
        ids = device.live_ids(entity)
        if not ids:
            return self.create(device)
        record_id = self.random.choice(ids)
        if entity == "episode":
            fields = {"severity": self.random.randint(0, 10), "notes": f"edited on {device.name}"}
        else:
            fields = {"title": self.random.choice(["Stretch", "Stretch twice", "Drink water"])}
        self.queue(device, entity, record_id, **fields)

    def delete(self, device: Device) -> None:
        entity = self.random.choice(ENTITIES)
        ids = device.live_ids(entity)
        if ids:
            record_id = self.random.choice(ids)
            self.deleted.add((entity, record_id))
            self.queue(device, entity, record_id, op="delete")

    # ---- the network -----------------------------------------------------------------------------

    def send(self, device: Device, batch: list[dict], server: int | None = None) -> list[dict]:
        body = {"client_id": device.name, "mutations": batch}
        server = self.network.next_server() if server is None else server
        status, answer = self.network.call(server, "POST", PUSH, device.patient.token, body, kind="push")
        assert status == 200, (status, answer)
        return answer["results"]

    def acknowledge(self, device: Device, batch: list[dict], results: list[dict]) -> None:
        for result in results:
            self.answers[result["status"]] = self.answers.get(result["status"], 0) + 1
        assert [result["mutation_id"] for result in results] == [entry["mutation_id"] for entry in batch]
        for entry, result in zip(batch, results, strict=True):
            device.outbox.remove(entry)
            if result.get("record") is not None:
                device.take(result["record"])

    def push(self, device: Device) -> None:
        batch = device.outbox[: self.random.randint(1, 8)]
        if not batch:
            return
        fate = self.random.choices(
            ["delivered", "to_both_at_once", "again_elsewhere", "reply_lost", "cut_off", "worker_killed"],
            [4, 2, 1, 2, 1, 0.3 if self.crashes_left else 0],
        )[0]
        body = {"client_id": device.name, "mutations": batch}
        if fate == "delivered":
            self.acknowledge(device, batch, self.send(device, batch))
        elif fate == "to_both_at_once":
            first, second = self.network.next_server(), self.network.next_server()
            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(lambda server: self.send(device, batch, server), (first, second)))
            # Both answer every change, once: `duplicate` for the twin that came second.
            for results in answers:
                assert [one["mutation_id"] for one in results] == [entry["mutation_id"] for entry in batch]
            self.acknowledge(device, batch, answers[self.random.randint(0, 1)])
        elif fate == "again_elsewhere":
            self.send(device, batch)
            results = self.send(device, batch)
            assert all(one["status"] in ("duplicate", "rejected") for one in results), results
            self.acknowledge(device, batch, results)
        elif fate == "reply_lost":
            wait = self.random.choice([0.0, 0.005, 0.02, 0.1])
            self.network.hang_up(
                self.network.next_server(), "POST", PUSH, device.patient.token, body, wait=wait
            )
        elif fate == "worker_killed":
            self.push_while_a_worker_dies(device, batch)
        else:
            cut_at = self.random.choice([0.1, 0.5, 0.9])
            self.network.hang_up(
                self.network.next_server(), "POST", PUSH, device.patient.token, body, cut_at=cut_at
            )

    def push_while_a_worker_dies(self, device: Device, batch: list[dict]) -> None:
        """A worker of the server is killed about when the push arrives: it may have been
        answered, cut off mid-transaction or not have started; without an answer it is kept."""
        server = self.network.next_server()
        body = {"client_id": device.name, "mutations": batch}

        def attempt():
            try:
                return self.network.call(server, "POST", PUSH, device.patient.token, body, kind="push")
            except (OSError, http.client.HTTPException):
                return None

        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(attempt)
            time.sleep(self.random.choice([0.0, 0.01, 0.03]))
            self.crash(server)
            self.crashes_left -= 1
            self.crashes += 1
            answer = answer.result()
        if answer is not None:
            status, reply = answer
            assert status == 200, (status, reply)
            self.acknowledge(device, batch, reply["results"])

    def push_together(self) -> None:
        """Every device with changes pushes at the same moment, each to the next server."""
        sending = [(device, device.outbox[:8]) for device in self.devices if device.outbox]
        servers = [self.network.next_server() for _ in sending]
        with ThreadPoolExecutor(len(sending) or 1) as pool:
            answers = list(
                pool.map(lambda job: self.send(*job[0], job[1]), zip(sending, servers, strict=True))
            )
        for (device, batch), results in zip(sending, answers, strict=True):
            self.acknowledge(device, batch, results)

    def pull(self, device: Device, page_size: int, pages: int | None) -> None:
        """Pages of changes after the device's cursor, each page from the next server."""
        count = 0
        while pages is None or count < pages:
            if device.cursor == 0:
                # A download from the start is the whole state, without deletions.
                device.known.clear()
            query = f"{PULL}?cursor={device.cursor}&limit={page_size}"
            status, page = self.network.call(
                self.network.next_server(), "GET", query, device.patient.token, kind="pull"
            )
            assert status == 200, (status, page)
            count += 1
            if not device.take_page(page):
                return

    def step(self) -> None:
        self.steps += 1
        device = self.random.choice(self.devices)
        action = self.random.choices(
            ["create", "edit", "delete", "push", "push_together", "pull", "pull_lost"], [5, 4, 1, 6, 1, 3, 1]
        )[0]
        if action in ("create", "edit", "delete"):
            getattr(self, action)(device)
        elif action == "push":
            self.push(device)
        elif action == "push_together":
            self.push_together()
        elif action == "pull":
            self.pull(device, self.random.choice([1, 3, 20, 500]), self.random.randint(1, 3))
        else:
            query = f"{PULL}?cursor={device.cursor}&limit=500"
            self.network.hang_up(
                self.network.next_server(), "GET", query, device.patient.token, None, wait=0.0
            )

    def settle(self) -> None:
        """A clean network at last: every outbox sent, every device pulled to the end."""
        for device in self.devices:
            while device.outbox:
                batch = device.outbox[:100]
                self.acknowledge(device, batch, self.send(device, batch))
        for device in self.devices:
            self.pull(device, 50, None)

    # ---- counting ---------------------------------------------------------------------------------

    def download(self, patient: Patient, server: int) -> list[dict]:
        """Everything a new device of the patient would download from one server."""
        changes, cursor = [], 0
        while True:
            query = f"{PULL}?cursor={cursor}&limit=500"
            status, page = self.network.call(server, "GET", query, patient.token, kind="pull")
            assert status == 200, (status, page)
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                return changes

    def count(self, database_url: str, seconds: float) -> Figures:
        import psycopg

        figures = Figures(
            servers=len(self.network.addresses),
            devices=len(self.devices),
            steps=self.steps,
            mutations=len(self.queued),
            records_created=len(self.created),
            records_deleted=len(self.deleted),
            seconds=seconds,
            workers_killed=self.crashes,
            answers=dict(self.answers),
        )
        patient_ids = [uuid.UUID(patient.id) for patient in self.patients]
        with psycopg.connect(database_url) as connection:
            logged = connection.execute(
                "SELECT mutation_id::text, count(*) FROM sync_mutations WHERE patient_id = ANY(%s) "
                "GROUP BY mutation_id",
                (patient_ids,),
            ).fetchall()
            writes: dict[tuple[str, str], list[int]] = {}
            for entity, entity_id, version in connection.execute(
                "SELECT entity, entity_id, result_version FROM sync_mutations "
                "WHERE patient_id = ANY(%s) AND result_version IS NOT NULL",
                (patient_ids,),
            ):
                writes.setdefault((entity, entity_id), []).append(version)
            rows = {}
            for entity, table in TABLES.items():
                for record_id, version, deleted in connection.execute(
                    f"SELECT id::text, version, deleted_at IS NOT NULL FROM {table} "
                    "WHERE patient_id = ANY(%s)",
                    (patient_ids,),
                ):
                    rows[(entity, record_id)] = (version, deleted)
        logged_ids = {mutation_id for mutation_id, _ in logged}
        figures.lost_mutations = len(self.queued - logged_ids)
        figures.duplicated_mutations = sum(count - 1 for _, count in logged)
        live = {key for key, (_, deleted) in rows.items() if not deleted}
        figures.lost_records = len((self.created - self.deleted) - live)
        figures.deleted_but_live = len(self.deleted & live)
        figures.duplicated_records = len(set(rows) - self.created)
        for key, (version, _) in rows.items():
            versions = writes.get(key, [])
            # Each write is one logged change and one new version: two changes on one version
            # mean one overwrote the other; a version without a change, a change applied twice.
            figures.lost_updates += len(versions) - len(set(versions))
            figures.duplicated_writes += max(0, version - len(set(versions)))

        figures.requests = self.network.requests
        figures.requests_by_kind = dict(self.network.by_kind)
        for patient in self.patients:
            downloads = [self.download(patient, server) for server in range(figures.servers)]
            views = []
            for changes in downloads:
                keys = [(change["entity"], change["id"]) for change in changes]
                figures.duplicated_in_download += len(keys) - len(set(keys))
                views.append({(c["entity"], c["id"]): (c["version"], c["data"]) for c in changes})
            figures.servers_differing |= any(view != views[0] for view in views)
            for device in self.devices:
                if device.patient is patient and device.live_view() != views[0]:
                    figures.devices_differing.append(device.name)
        return figures


def chaos_run(
    base_urls: list[str], database_url: str, steps: int = 200, seed: int = 16, **options
) -> Figures:
    started = time.monotonic()
    run = ChaosRun(base_urls, seed=seed, **options)
    for _ in range(steps):
        run.step()
    run.settle()
    return run.count(database_url, time.monotonic() - started)
