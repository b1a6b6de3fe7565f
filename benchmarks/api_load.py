"""Requests per second and p50/p99 latency of the API under gunicorn, measured with wrk.

    python benchmarks/api_load.py [--connections 32] [--seconds 10]

Serves the app with 2 gunicorn workers on a fresh database (a temporary SQLite file, or
DATABASE_URL), signs up one patient with 200 episodes, then loads three endpoints in turn:
a bare Flask endpoint, an authenticated episode create and an episode list of 50 a page.
Needs `wrk` (Debian: apt-get install wrk).
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

CREATE_SCRIPT = """
local counter = 0
function setup(thread) thread:set("tid", math.random(1, 2147483647)) end
function request()
  counter = counter + 1
  local body = string.format(
    '{"id": "%08x-0000-4000-8000-%012x", "started_at": "2026-11-01T03:00:00+00:00", '
    .. '"ended_at": "2026-11-01T03:01:30+00:00", "severity": 6, "muscle": "calf", "side": "left"}',
    tid, counter)
  return wrk.format("POST", "/api/v1/episodes", {
    ["Authorization"] = "Bearer TOKEN", ["Content-Type"] = "application/json"}, body)
end
"""
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
    for _ in range(100):
        try:
            call(base, "GET", "/api/v1/health")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def run_wrk(base: str, script: str, connections: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", file.name, base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    os.unlink(file.name)

    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds("50%"),
        "p99": milliseconds("99%"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def etag_of(base: str, path: str, token: str) -> str | None:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("ETag")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="crampcare-bench-"))
    env = dict(
        os.environ,
        SECRET_KEY=uuid.uuid4().hex * 2,
        FLASK_APP="backend",
        LOGIN_LIMIT_PER_ADDRESS="1000 per minute",
        REGISTER_LIMIT_PER_ADDRESS="1000 per minute",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.db'}")
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
        for night in range(200):
            call(
                base,
                "POST",
                "/api/v1/episodes",
                {
                    "started_at": f"2026-0{1 + night % 9}-{1 + night % 28:02d}T03:00:00+00:00",
                    "severity": night % 11,
                    "muscle": "calf",
                    "side": "right",
                },
                token,
            )

        list_path = "/api/v1/episodes?page_size=50"
        etag = etag_of(base, list_path, token)
        scenarios = {
            "bare Flask endpoint": GET_SCRIPT.replace("PATH", "/bench/bare").replace("TOKEN", token),
            "signed-in, empty": GET_SCRIPT.replace("PATH", "/bench/signed-in").replace("TOKEN", token),
            "episode list (50)": GET_SCRIPT.replace("PATH", list_path).replace("TOKEN", token),
            "list, not modified": CONDITIONAL_SCRIPT.replace("PATH", list_path)
            .replace("TOKEN", token)
            .replace("ETAG", etag or '"none"'),
            "episode create": CREATE_SCRIPT.replace("TOKEN", token),
        }
        results = {}
        for name, script in scenarios.items():
            # These machines are shared: the load beside each figure says how busy it was.
            results[name] = run_wrk(base, script, args.connections, args.seconds) | {"load": load_average()}
    finally:
        server.terminate()
        server.wait()

    database = env["DATABASE_URL"].split(":")[0]
    print(f"gunicorn, 2 workers, {database}, wrk {args.connections} connections x {args.seconds} s")
    print(
        f"{'endpoint':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs bare':>10}{'non-2xx':>9}"
        f"  load average"
    )
    bare = results["bare Flask endpoint"]["rps"]
    for name, result in results.items():
        print(
            f"{name:<22}{result['rps']:>10.0f}{result['p50']:>10.1f}{result['p99']:>10.1f}"
            f"{result['rps'] / bare:>10.0%}{result['errors']:>9}  {result['load']}"
        )


if __name__ == "__main__":
    main()
