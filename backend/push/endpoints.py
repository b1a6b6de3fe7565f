"""Which push endpoints the worker may POST to: the SSRF guard.

A subscription's endpoint is a URL the browser hands us, so a client could name any address,
our own network included, and have the worker POST there. Only the real push services are
allowed (https, their hosts, no userinfo, the default port), plus origins an operator lists in
PUSH_ENDPOINT_ORIGINS (the tests' local receiver). The check runs when a subscription is stored
and again before each send, and the sender never follows redirects.
"""

from urllib.parse import urlsplit

# Exact hosts, and parents whose subdomains are the service's (e.g. updates.push.services.mozilla.com).
PUSH_SERVICE_HOSTS = frozenset({"fcm.googleapis.com"})
PUSH_SERVICE_PARENTS = ("push.services.mozilla.com", "push.apple.com", "notify.windows.com")
DEFAULT_PORTS = {"http": 80, "https": 443}

NOT_A_PUSH_SERVICE = (
    "Not a known push service. Use the endpoint the browser's push subscription gives "
    "(Google, Mozilla, Apple or Microsoft)."
)


def _origin(scheme: str, host: str, port: int | None) -> tuple[str, str, int | None]:
    return scheme, host, port if port is not None else DEFAULT_PORTS.get(scheme)


def allowed_origins(setting: str) -> frozenset:
    """PUSH_ENDPOINT_ORIGINS ("http://127.0.0.1:8123, https://push.example") as (scheme, host, port)."""
    origins = set()
    for text in filter(None, (part.strip() for part in (setting or "").split(","))):
        parts = urlsplit(text)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"PUSH_ENDPOINT_ORIGINS: {text!r} is not an origin like http://127.0.0.1:8123")
        origins.add(_origin(parts.scheme, parts.hostname, parts.port))
    return frozenset(origins)


def _is_push_service(host: str) -> bool:
    return host in PUSH_SERVICE_HOSTS or any(
        host.endswith("." + parent) and len(host) > len(parent) + 1 for parent in PUSH_SERVICE_PARENTS
    )


def endpoint_problem(url: str, extra_origins: frozenset = frozenset()) -> str | None:
    """Why the worker must not POST to `url`, or None when it may."""
    if not isinstance(url, str) or not url.isascii() or any(c.isspace() or ord(c) < 32 for c in url):
        return NOT_A_PUSH_SERVICE
    if "\\" in url:
        # Parsers disagree about backslashes; no push service uses them.
        return NOT_A_PUSH_SERVICE
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return NOT_A_PUSH_SERVICE
    host = parts.hostname
    if not host or "@" in parts.netloc:
        return "Must not carry a user name or password." if host else NOT_A_PUSH_SERVICE
    if _origin(parts.scheme, host, port) in extra_origins:
        return None
    if not _is_push_service(host):
        return NOT_A_PUSH_SERVICE
    if parts.scheme != "https":
        return "Push services are reached over https only."
    if port not in (None, 443):
        return "Push services are reached on the default port only."
    return None
