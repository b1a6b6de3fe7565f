"""The real app plus one bare endpoint, so the benchmark compares both on the same server."""

from backend import create_app


def create_bench_app():
    app = create_app()

    @app.get("/bench/bare")
    def bare():
        return {"ok": True}

    return app
