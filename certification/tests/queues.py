"""The Celery queue of this test process. pytest-xdist runs one test process per core, each on
its own test database; each starts its own worker on the shared Redis (root conftest.py), which
must take only this process's tasks. The worker inherits PYTEST_XDIST_WORKER from the process
that starts it, so both sides name the same queue."""

import os

TEST_QUEUE = f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
