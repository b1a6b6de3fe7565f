"""`make run`'s set-up (a new .venv with the runtime dependencies only, `npm install`, the build,
the migrations) leaves a clean checkout clean: `git status --porcelain` stays empty.

The checkout is the working tree as it would be committed (tracked and new files, not ignored
ones), so the test checks the Makefile, pyproject.toml and lockfile being changed, not the last
commit. It needs the package registries (PyPI, npm) that `make run` needs; about 30-60 s."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(command: list[str], cwd: Path, **kwargs) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, **kwargs)
    output = f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{output}"
    return result.stdout


@pytest.fixture
def checkout(tmp_path) -> Path:
    for tool in ("git", "make", "npm"):
        if not shutil.which(tool):
            pytest.skip(f"`{tool}` is not installed")
    files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT).split("\0")
    target = tmp_path / "crampcare"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree is not part of it
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    run(["git", "init", "-q"], target)
    run(["git", "add", "-A"], target)
    run([*git, "commit", "-q", "-m", "the working tree"], target)
    return target


def test_make_runs_set_up_leaves_the_checkout_clean(checkout):
    env = {**os.environ, "PYTHON": sys.executable, "DATABASE_URL": f"sqlite:///{checkout}/instance/setup.db"}
    env.pop("TEST_DATABASE_URL", None)
    env.pop("FLASK_APP", None)

    run(["make", "install-run", "frontend/dist/index.html", "migrate"], checkout, env=env, timeout=300)

    assert run(["git", "status", "--porcelain"], checkout) == ""
    installed = run([str(checkout / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze"], checkout)
    names = {line.split("==")[0].lower() for line in installed.splitlines()}
    assert "gunicorn" in names and "whitenoise" in names
    assert not {"pytest", "playwright", "schemathesis", "hypothesis"} & names
