"""Requests per second, p50/p99 latency and CPU per request of the API under gunicorn, with wrk,
on SQLite and on PostgreSQL in one run.

    python benchmarks/api_load.py [--postgres URL] [--connections 32] [--seconds 10]
                                  [--mixed-connections 100] [--mixed-seconds 20] [--only sqlite|postgresql]

Each database gets 2 sync gunicorn workers and one patient with 200 episodes (SQLite: a new
temporary file; PostgreSQL: `--postgres`, else BENCH_POSTGRES_URL, else a PostgreSQL
DATABASE_URL; skipped when none is given). Then, in turn: a bare Flask endpoint, a signed-in
empty endpoint (the sign-in check alone), the episode list of 50, the same list asked with its
ETag (304), an episode create, and a mixed load at 100 connections (70% list reads, 20% creates,
10% sync pushes of 5 new episodes, spread over 4 patients).

Printed for each: req/s, p50/p99, the ratio to the bare endpoint in the same run, errors
(non-2xx/3xx answers and socket errors), CPU milliseconds per request of the gunicorn workers
(utime+stime from /proc over the run, divided by the requests wrk counted; steadier than wall
time on a shared machine) and the load average when it ended; then each worker's memory (RSS)
after the mixed load. Needs `wrk` (Debian: apt-get install wrk) and Linux /proc.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
LIST_PATH = "/api/v1/episodes?page_size=50"

EPISODE_JSON = (
    '{"id": "%08x-0000-4000-8000-%012x", "started_at": "2026-11-01T03:00:00+00:00", '
    '"ended_at": "2026-11-01T03:01:30+00:00", "severity": 6, "muscle": "calf", "side": "left"}'
)
CREATE_SCRIPT = """
local counter = 0
math.randomseed(SEED)
function setup(thread) thread:set("tid", math.random(1, 2147483647)) end
function request()
  counter = counter + 1
  local body = string.format('EPISODE_JSON', tid, counter)
  return wrk.format("POST", "/api/v1/episodes", {
    ["Authorization"] = "Bearer TOKEN", ["Content-Type"] = "application/json"}, body)
end
""".replace("EPISODE_JSON", EPISODE_JSON)
GET_SCRIPT = """
function request()
  return wrk.format("GET", "PATH", {["Authorization"] = "Bearer TOKEN"})
end
"""
# The same list asked again with the ETag of the last answer: nothing changed, so 304.
CONDITIONAL_SCRIPT = """
function request()
  return wrk.format("GET", "PATH", {["Authorization"] = "Bearer TOKEN", ["If-None-Match"] = 'ETAG'})
end
"""
# 70% list reads, 20% creates, 10% sync pushes of 5 new episodes; each request for one of the
# patients at random. Ids are unique per thread (tid) and request (counter); SEED, new for each
# script, keeps one run's ids apart from another's on a database that is used again.
MIXED_SCRIPT = """
local counter = 0
local tokens = {TOKENS}
math.randomseed(SEED)
function setup(thread) thread:set("tid", math.random(1, 2147483647)) end
function init(args) math.randomseed(tid) end
function request()
  counter = counter + 1
  local headers = {["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
                   ["Content-Type"] = "application/json"}
  local pick = math.random()
  if pick < 0.7 then
    return wrk.format("GET", "LIST_PATH", headers)
  elseif pick < 0.9 then
    return wrk.format("POST", "/api/v1/episodes", headers, string.format('EPISODE_JSON', tid, counter))
  end
  local mutations = {}
  for k = 1, 5 do
    mutations[k] = string.format(
      '{"mutation_id": "%08x-0001-4000-8000-%012x", "entity": "episode", "op": "upsert", '
      .. '"id": "%08x-0002-4000-8000-%012x", "base_version": null, "fields": {'
      .. '"started_at": "2026-11-02T02:00:00+00:00", "severity": 4, "muscle": "foot", "side": "right"}}',
      tid, counter * 10 + k, tid, counter * 10 + k)
  end
  local body = string.format('{"client_id": "%08x-0003-4000-8000-000000000000", "mutations": [%s]}',
                             tid, table.concat(mutations, ", "))
  return wrk.format("POST", "/api/v1/sync/push", headers, body)
end
""".replace("EPISODE_JSON", EPISODE_JSON).replace("LIST_PATH", LIST_PATH)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(base: str, method: str, path: str, body=None, token=None):
    request = urllib.request.Request(
        base + path, method=method, data=json.dumps(body).encode() if body else None
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def wait_until_up(base: str) -> None:
    for _ in range(200):
        try:
            call(base, "GET", "/api/v1/health")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the processes, in seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def rss_megabytes(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def run_wrk(base: str, script: str, connections: int, seconds: int, workers: list[int]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script.replace("SEED", str(int.from_bytes(os.urandom(4)))))
    cpu_before = cpu_seconds(workers)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            file.name,
            base,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    cpu = cpu_seconds(workers) - cpu_before
    os.unlink(file.name)

    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds("50%"),
        "p99": milliseconds("99%"),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
        "cpu_ms": cpu * 1000 / max(requests, 1),
        # These machines are shared: the load beside each figure says how busy it was.
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def etag_of(base: str, path: str, token: str) -> str | None:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("ETag")


def sign_up_patient(base: str, episodes: int) -> str:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.test"
    call(
        base,
        "POST",
        "/api/v1/auth/register",
        {"email": email, "password": "benchmark password", "display_name": "Bench"},
    )
    token = call(base, "POST", "/api/v1/auth/login", {"email": email, "password": "benchmark password"})[
        "access_token"
    ]
    for night in range(episodes):
        call(
            base,
            "POST",
            "/api/v1/episodes",
            {
                "started_at": f"2026-0{1 + night % 9}-{1 + night % 28:02d}T03:00:00+00:00",
                "severity": night % 11,
                "muscle": "calf",
                "side": "right",
                "triggers": ["stress"] if night % 4 == 0 else [],
            },
            token,
        )
    return token


def measure(database_url: str, args) -> tuple[dict, list[float]]:
    """The scenarios against one database: {name: figures}, and each worker's RSS (MB) at the end."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        SECRET_KEY=uuid.uuid4().hex * 2,
        FLASK_APP="backend",
        LOGIN_LIMIT_PER_ADDRESS="1000 per minute",
        REGISTER_LIMIT_PER_ADDRESS="1000 per minute",
    )
    subprocess.run([BIN / "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            # As every server runs it: the workers' garbage collector tuned.
            "--config",
            "python:backend.web.gunicorn_workers",
            "--chdir",
            str(ROOT),
            "benchmarks.bench_app:create_bench_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        workers = worker_pids(server.pid)
        token = sign_up_patient(base, 200)
        others = [sign_up_patient(base, 50) for _ in range(3)]
        etag = etag_of(base, LIST_PATH, token)
        connections, seconds = args.connections, args.seconds
        scenarios = {
            "bare Flask endpoint": GET_SCRIPT.replace("PATH", "/bench/bare").replace("TOKEN", token),
            "signed-in, empty": GET_SCRIPT.replace("PATH", "/bench/signed-in").replace("TOKEN", token),
            "episode list (50)": GET_SCRIPT.replace("PATH", LIST_PATH).replace("TOKEN", token),
            "list, not modified": CONDITIONAL_SCRIPT.replace("PATH", LIST_PATH)
            .replace("TOKEN", token)
            .replace("ETAG", etag or '"none"'),
            "episode create": CREATE_SCRIPT.replace("TOKEN", token),
        }
        results = {
            name: run_wrk(base, script, connections, seconds, workers) for name, script in scenarios.items()
        }
        mixed = MIXED_SCRIPT.replace("TOKENS", ", ".join(f'"{t}"' for t in [token, *others]))
        results[f"mixed, {args.mixed_connections} conns"] = run_wrk(
            base, mixed, args.mixed_connections, args.mixed_seconds, workers
        )
        memory = [rss_megabytes(pid) for pid in workers]
    finally:
        server.terminate()
        server.wait()
    return results, memory


def report(database: str, results: dict, memory: list[float], args) -> None:
    print(
        f"\n{database}: gunicorn, 2 sync workers; wrk {args.connections} connections x {args.seconds} s, "
        f"mixed {args.mixed_connections} x {args.mixed_seconds} s"
    )
    print(
        f"{'endpoint':<22}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'vs bare':>9}{'errors':>8}"
        f"{'CPU ms/req':>12}  load average"
    )
    bare = results["bare Flask endpoint"]["rps"]
    for name, result in results.items():
        print(
            f"{name:<22}{result['rps']:>8.0f}{result['p50']:>9.1f}{result['p99']:>9.1f}"
            f"{result['rps'] / bare:>9.0%}{result['errors']:>8}{result['cpu_ms']:>12.2f}  {result['load']}"
        )
    print("memory per worker after the mixed load (RSS): " + ", ".join(f"{mb:.0f} MB" for mb in memory))


def postgres_url(args) -> str | None:
    url = args.postgres or os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL")
    return url if url and url.startswith(("postgres://", "postgresql")) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="PostgreSQL URL (default: BENCH_POSTGRES_URL or DATABASE_URL)")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--mixed-connections", type=int, default=100)
    parser.add_argument("--mixed-seconds", type=int, default=20)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    databases = {}
    if args.only != "postgresql":
        workdir = Path(tempfile.mkdtemp(prefix="crampcare-bench-"))
        databases["SQLite"] = f"sqlite:///{workdir / 'bench.db'}"
    if args.only != "sqlite":
        if url := postgres_url(args):
            databases["PostgreSQL"] = url
        else:
            print("PostgreSQL skipped: give --postgres URL (or BENCH_POSTGRES_URL)")
    for database, url in databases.items():
        results, memory = measure(url, args)
        report(database, results, memory, args)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
