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
