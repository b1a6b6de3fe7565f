"""What a reminder says: the JSON the service worker shows (the contract's payload).

The words inform and invite; they never diagnose.
"""

from datetime import date

from ..careplan.models import CarePlanItem
from .schedule import ITEM, LATER, MORNING

LONGEST_BODY_INSTRUCTIONS = 100


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def item_payload(item: CarePlanItem, day: date, kind: str, token: str | None) -> dict:
    instructions = _shortened(item.instructions or "", LONGEST_BODY_INSTRUCTIONS)
    if kind == LATER:
        body = "You asked to be reminded again. Tap Done when it's done."
    else:
        body = f"{instructions} Tap Done when it's done." if instructions else "Tap Done when it's done."
    actions = [{"action": "done", "title": "Done"}]
    if kind == ITEM:
        actions.append({"action": "later", "title": "Later"})
    return {
        "kind": kind,
        "title": f"Time for: {item.title}",
        "body": body,
        "tag": f"reminder:{item.id}:{day.isoformat()}",
        "item_id": str(item.id),
        "date": day.isoformat(),
        "url": "/#/today",
        "actions": actions,
        "later_token": token if kind == ITEM else None,
    }


def morning_payload(cramps: int, day: date) -> dict:
    words = "1 cramp" if cramps == 1 else f"{cramps} cramps"
    return {
        "kind": MORNING,
        "title": f"You logged {words} last night: add details?",
        "body": "Pain, where, and whether it woke you: a minute now makes your diary more useful.",
        "tag": f"reminder:morning:{day.isoformat()}",
        "item_id": None,
        "date": day.isoformat(),
        "url": "/#/diary",
        "actions": [],
        "later_token": None,
    }
