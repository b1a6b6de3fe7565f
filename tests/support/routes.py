"""Every API operation, read from the app's URL map, with its path filled in."""

import re
import uuid

from backend import create_app

PUBLIC_PATHS = {
    "/api/v1/auth/register",
    "/api/v1/auth/login",
    "/api/v1/health",
    "/api/v1/reference",
    "/api/v1/openapi.json",
    # The push key is public by nature; "Later" is answered by the signed token it carries.
    "/api/v1/push/key",
    "/api/v1/push/later",
}
PATH_PARAMETER = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def fill_path(rule: str) -> str:
    def value(match: re.Match) -> str:
        if match["converter"] != "uuid" and match["name"] in ("day", "date"):
            return "2026-01-15"
        return str(uuid.uuid4())

    return PATH_PARAMETER.sub(value, rule)


def api_operations() -> list[tuple[str, str, str]]:
    # Built at collection only to read the URL map; it never opens its database.
    url_map = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "collection-only-key-of-32-bytes!",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    ).url_map
    operations = []
    for rule in url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operations.append((method, rule.rule, fill_path(rule.rule)))
    return sorted(operations)


API_OPERATIONS = api_operations()
PROTECTED = [op for op in API_OPERATIONS if op[1] not in PUBLIC_PATHS]
PUBLIC = [op for op in API_OPERATIONS if op[1] in PUBLIC_PATHS]


def operation_id(operation) -> str:
    return f"{operation[0]} {operation[1]}"
