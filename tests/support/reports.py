"""Reading what the report and export endpoints send: PDF text and pages, a PNG for people, CSV rows."""

import csv
import io
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from backend.auth.models import User
from backend.extensions import db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def save_first_page_png(content: bytes, name: str) -> Path | None:
    """Page 1 as a PNG under test-artifacts/, for a person to look at; None without pdftoppm."""
    if not shutil.which("pdftoppm"):
        return None
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / f"{name}.pdf"
    pdf_path.write_bytes(content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "110",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(ARTIFACTS / name),
        ],
        check=True,
    )
    return ARTIFACTS / f"{name}.png"


def csv_rows(content: bytes) -> list[dict]:
    """The rows a spreadsheet would read: UTF-8 with its byte-order mark, quoted as RFC 4180."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def backdate_account(app, actor, when: datetime = datetime(2025, 1, 1, tzinfo=UTC), **profile) -> None:
    """The account as if opened long ago (so the period before a report is covered), with a
    display name or other profile fields set."""
    with app.app_context():
        user = db.session.get(User, uuid.UUID(actor.id))
        user.created_at = when
        for name, value in profile.items():
            setattr(user, name, value)
        db.session.commit()


def sign_up_and_go_home(page, *, role: str = "patient", email: str | None = None) -> str:
    """Sign up through the app's form, then open the role's home screen directly, whatever
    first-run screen the app shows after a sign-up."""
    from tests.support.browser import PASSWORD, new_email

    email = email or new_email(role)
    page.goto("/#/signup")
    page.get_by_label("Your name").fill("Sam Test" if role == "patient" else "Dr Test")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if role == "clinician":
        page.get_by_text("A clinician").click()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_function("() => !location.hash.startsWith('#/signup')")
    page.get_by_role("heading", level=1).first.wait_for()
    home, heading = ("/#/bedside", "Bedside") if role == "patient" else ("/#/patients", "Patients")
    page.goto(home)
    page.get_by_role("heading", level=1, name=heading).wait_for()
    return email
