"""Response headers that keep the app's pages and health data safe."""

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"
# Swagger UI sets style attributes from its script; only the docs page allows that.
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


# The same on every answer; the web app's hashed files (served before Flask, pages.py) get them too.
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if request.path.startswith("/api/docs"):
        response.headers["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
    # Health data must not sit in shared or browser HTTP caches.
    if request.path.startswith("/api/") and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        keep_to_https(response)
    return response


def keep_to_https(response) -> None:
    """Served over HTTPS (directly, or behind a trusted proxy that says so): browsers should
    never come back over plain HTTP, and cookies must never travel over it."""
    response.headers["Strict-Transport-Security"] = HSTS
    cookies = response.headers.getlist("Set-Cookie")
    if cookies:
        response.headers.remove("Set-Cookie")
        for cookie in cookies:
            secure = any(part.strip().lower() == "secure" for part in cookie.split(";"))
            response.headers.add("Set-Cookie", cookie if secure else f"{cookie}; Secure")


def init_app(app: Flask) -> None:
    if hops := app.config["TRUSTED_PROXIES"]:
        # Behind N proxies, the client's address and scheme are what the Nth one from us saw.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.after_request(add_security_headers)
