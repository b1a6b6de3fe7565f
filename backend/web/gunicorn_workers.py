"""Gunicorn settings for every CrampCare server (`make run`, the compose replicas, the image):
each worker's garbage collector, tuned once the app is loaded.

    gunicorn --config python:backend.web.gunicorn_workers 'backend:create_app()'
"""

import gc

# Collections of the youngest objects, by default every 700 allocations, ran dozens of times in
# a sync push of 100 changes, each time walking the batch's objects again: at 50,000 it is one
# or two. Cyclic garbage waits a little longer to be freed (a few MB at most).
YOUNGEST_GENERATION_THRESHOLD = 50_000


def post_worker_init(worker) -> None:
    # The app's modules, routes and schemas live as long as the worker: frozen, they are out of
    # every collection's sight. A full collection walked all of them, up to 150 ms in the middle
    # of a request; now it walks only what requests made.
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, middle, oldest)
