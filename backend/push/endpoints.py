"""Which push endpoints the worker may POST to: the SSRF guard.

A subscription's endpoint is a URL the browser hands us, so a client could name any address,
our own network included, and have the worker POST there. Only the real push services are
allowed (https, their hosts, no userinfo, the default port), plus origins an operator lists in
PUSH_ENDPOINT_ORIGINS (the tests' local receiver). The check runs when a subscription is stored
and again before each send, and the sender never follows redirects.

Endpoints are stored normalised (`normalise_endpoint`: lowercase scheme and host, no explicit
default port), so one browser's subscription spelled two ways is one row, and the VAPID audience
(`origin_of`) is the origin the push service knows itself by.
"""

import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

# Exact hosts, and parents whose subdomains are the service's (e.g. updates.push.services.mozilla.com).
PUSH_SERVICE_HOSTS = frozenset({"fcm.googleapis.com"})
PUSH_SERVICE_PARENTS = ("push.services.mozilla.com", "push.apple.com", "notify.windows.com")
DEFAULT_PORTS = {"http": 80, "https": 443}

NOT_A_PUSH_SERVICE = (
    "Not a known push service. Use the endpoint the browser's push subscription gives "
    "(Google, Mozilla, Apple or Microsoft)."
)


# One DNS label: 1-63 of [a-z0-9-], not starting or ending with "-" (hostnames are lowercased).
LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _good_host(host: str) -> bool:
    return len(host) <= 253 and all(LABEL.fullmatch(label) for label in host.split("."))


def _origin(scheme: str, host: str, port: int | None) -> tuple[str, str, int | None]:
    return scheme, host, port if port is not None else DEFAULT_PORTS.get(scheme)


def allowed_origins(setting: str) -> frozenset:
    """PUSH_ENDPOINT_ORIGINS ("http://127.0.0.1:8123, https://push.example") as (scheme, host, port)."""
    origins = set()
    for text in filter(None, (part.strip() for part in (setting or "").split(","))):
        example = "an origin like http://127.0.0.1:8123"
        try:
            parts = urlsplit(text)
        except ValueError as error:
            raise ValueError(f"PUSH_ENDPOINT_ORIGINS: {text!r} is not {example}") from error
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"PUSH_ENDPOINT_ORIGINS: {text!r} is not {example}")
        try:
            port = parts.port
        except ValueError:
            port = -1
        if port == -1 or port == 0:
            raise ValueError(
                f"PUSH_ENDPOINT_ORIGINS: {text!r} has a bad port (a number from 1 to 65535); use {example}"
            )
        origins.add(_origin(parts.scheme, parts.hostname, port))
    return frozenset(origins)


def _is_push_service(host: str) -> bool:
    return host in PUSH_SERVICE_HOSTS or any(
        host.endswith("." + parent) and len(host) > len(parent) + 1 for parent in PUSH_SERVICE_PARENTS
    )


def _parts(url: str) -> tuple[SplitResult, int | None]:
    parts = urlsplit(url)
    return parts, parts.port  # .port raises ValueError for a port that isn't one


def endpoint_problem(url: str, extra_origins: frozenset = frozenset()) -> str | None:
    """Why the worker must not POST to `url`, or None when it may."""
    if not isinstance(url, str) or not url.isascii() or any(c.isspace() or ord(c) < 32 for c in url):
        return NOT_A_PUSH_SERVICE
    if "\\" in url:
        # Parsers disagree about backslashes; no push service uses them.
        return NOT_A_PUSH_SERVICE
    try:
        parts, port = _parts(url)
    except ValueError:
        return NOT_A_PUSH_SERVICE
    host = parts.hostname
    if not host or "@" in parts.netloc:
        return "Must not carry a user name or password." if host else NOT_A_PUSH_SERVICE
    if _origin(parts.scheme, host, port) in extra_origins:
        return None
    if not _good_host(host) or not _is_push_service(host):
        return NOT_A_PUSH_SERVICE
    if parts.scheme != "https":
        return "Push services are reached over https only."
    if port not in (None, 443):
        return "Push services are reached on the default port only."
    return None


def normalise_endpoint(url: str) -> str:
    """`url` with its scheme and host lowercased and an explicit default port dropped; the path
    and query as given (push services' tokens are case-sensitive). Text that isn't a URL comes
    back unchanged (endpoint_problem refuses it)."""
    try:
        parts, port = _parts(url)
    except (ValueError, TypeError, AttributeError):
        return url
    host = parts.hostname
    if not host or "@" in parts.netloc:
        return url
    netloc = _netloc(parts.scheme, host, port)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def origin_of(url: str) -> str:
    """scheme://host[:port] of `url`, normalised: the VAPID audience for its push service."""
    parts, port = _parts(url)
    return f"{parts.scheme}://{_netloc(parts.scheme, parts.hostname or '', port)}"


def _netloc(scheme: str, host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host else host
    return host if port is None or port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
