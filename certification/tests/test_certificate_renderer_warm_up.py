"""A worker process loads the certificate renderer as it starts, not in its first certificate."""

import logging

from celery.signals import worker_process_init

from certification import documents


def test_a_worker_process_loads_the_renderer_as_it_starts():
    documents._renderer.cache_clear()

    worker_process_init.send(sender=None)

    assert documents._renderer.cache_info().currsize == 1


def test_a_renderer_that_cannot_load_leaves_the_worker_process_running(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(documents, "certificate_pdf", broken)

    with caplog.at_level(logging.ERROR, logger="certification.documents"):
        worker_process_init.send(sender=None)  # raises nothing

    assert "Could not load the certificate renderer" in caplog.text
