"""A device's copy of the server's records, as the sync tests and the chaos run keep it."""

from dataclasses import dataclass, field


@dataclass(kw_only=True)
class DeviceCopy:
    # The server's copies this device holds: (entity, id) -> {entity, id, version, deleted, data}.
    known: dict = field(default_factory=dict)
    outbox: list = field(default_factory=list)
    cursor: int = 0

    def take(self, change: dict) -> None:
        key = (change["entity"], change["id"])
        held = self.known.get(key)
        # Answers can arrive out of date (a resent batch); versions only move forward.
        if held is None or change["version"] >= held["version"]:
            self.known[key] = change

    def take_page(self, page: dict) -> bool:
        """A pull page's changes, and its cursor; whether more pages follow."""
        assert page["cursor"] >= self.cursor, "a cursor went back"
        for change in page["changes"]:
            self.take(change)
        self.cursor = page["cursor"]
        return page["has_more"]

    def live_ids(self, entity: str) -> list[str]:
        """Ids of the entity the device shows: what it holds, with its unsent changes applied."""
        ids = [key[1] for key, change in self.known.items() if key[0] == entity and not change["deleted"]]
        for entry in self.outbox:
            if entry["entity"] != entity:
                continue
            if entry["op"] == "upsert" and entry["id"] not in ids:
                ids.append(entry["id"])
            elif entry["op"] == "delete" and entry["id"] in ids:
                ids.remove(entry["id"])
        return ids

    def base_version(self, entity: str, record_id: str):
        held = self.known.get((entity, record_id))
        return held["version"] if held else None

    def live_view(self, shown=lambda data: data) -> dict:
        return {
            key: (change["version"], shown(change["data"]))
            for key, change in self.known.items()
            if not change["deleted"]
        }
