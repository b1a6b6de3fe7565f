"""Every server's workers tune their garbage collector once the app is loaded."""

import gc

import pytest

from backend.web import gunicorn_config, gunicorn_workers


@pytest.fixture
def collector_restored():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_worker_freezes_the_loaded_app_and_collects_young_objects_less_often(app, collector_restored):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    middle, oldest = gc.get_threshold()[1:]

    gunicorn_workers.post_worker_init(worker=None)

    # The app and its modules, loaded before the hook, are out of every collection's sight.
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold() == (gunicorn_workers.YOUNGEST_GENERATION_THRESHOLD, middle, oldest)


def test_make_run_tunes_its_workers_the_same_way():
    assert gunicorn_config.post_worker_init is gunicorn_workers.post_worker_init
