"""Shared fixtures: the named people of every test, and the real services of the services run.

The embedded run (no REDIS_URL) skips tests marked `services`. In the services run those tests
talk to the real PostgreSQL, Redis and a Celery worker process; under CI=true a service that is
not there fails the run, it never skips it.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls
# from it unless told that this is deliberate (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from accounts.roles import Role  # noqa: E402
from accounts.tests.factories import UserFactory  # noqa: E402

ROOT = Path(__file__).resolve().parent
SERVICES_MODE = bool(os.environ.get("REDIS_URL"))
CHROMIUM = "/usr/bin/chromium"
WORKER_MAIL_DIR = ROOT / "var" / "test-worker-mail"
# The workers the tests start run the app with a test-only hook (see its docstring).
WORKER_APP = "certification.tests.worker_app"


# The few tests that take minutes (the browser walks over the whole demo) start first, so that
# under `make test` (pytest-xdist, one process per core) the other process works through the rest
# meanwhile instead of waiting for them at the end.
SLOW_FIRST = ("test_browser_every_page.py", "test_browser_layout.py", "test_seed_demo.py")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path.name not in SLOW_FIRST)  # stable: order kept otherwise
    if SERVICES_MODE:
        return
    skip = pytest.mark.skip(reason="services run only: set DATABASE_URL and REDIS_URL")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or marker.args[:1] == (True,)
    )
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by flushing every table, the migrations' reference data
    (jurisdictions, their rules, certification types) included: make it again at once, so the
    tests after it, in whatever order pytest-xdist hands them out, find what migrate left."""
    result = yield
    if nextitem is not None and _flushes_the_database(item):  # after the last, no database
        from pytest_django.plugin import blocking_manager_key

        from accounts.tests.factories import ensure_reference_data

        with item.config.stash[blocking_manager_key].unblock():
            ensure_reference_data()
    return result


@pytest.fixture(scope="session", autouse=True)
def _own_celery_queue():
    """Tasks sent to a real worker go to this process's queue, which only the worker it starts
    consumes: never to another process's worker, on another test database."""
    from certification.celery import app
    from certification.tests.queues import TEST_QUEUE

    app.conf.task_default_queue = TEST_QUEUE


@pytest.fixture(autouse=True)
def _tasks_run_in_process_unless_a_worker_is_running(request):
    """Domain tests run Celery tasks in-process (eager), in both runs, so they can read the
    outbox; tests that start the real worker send them through Redis to it instead."""
    from certification.celery import app

    eager = "celery_worker_process" not in request.fixturenames
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager or previous
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # allauth's rate limits count in the cache; each test starts with a clean local one. The
    # Redis cache of the services run is tested on its own (certification/tests/test_services.py).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    from django.core.cache import cache

    from accounts.access import forget_roles

    cache.clear()
    forget_roles()


# --- named people ------------------------------------------------------------------------------


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.test", full_legal_name="Dana Applicant Smith")


@pytest.fixture
def stranger(db):
    """Another applicant, whose data the applicant must never see."""
    return UserFactory(email="stranger@example.test", full_legal_name="Sam Stranger Jones")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.test", full_legal_name="Ada Admin", roles=[Role.PROGRAM_ADMIN]
    )


@pytest.fixture
def instructor(db):
    return UserFactory(
        email="instructor@example.test", full_legal_name="Ian Instructor", roles=[Role.INSTRUCTOR]
    )


@pytest.fixture
def examiner(db):
    return UserFactory(
        email="examiner@example.test", full_legal_name="Eve Examiner", roles=[Role.EXAMINER]
    )


@pytest.fixture
def user_for_role(applicant, admin_user, instructor, examiner):
    return {
        Role.APPLICANT: applicant,
        Role.PROGRAM_ADMIN: admin_user,
        Role.INSTRUCTOR: instructor,
        Role.EXAMINER: examiner,
    }


# --- real services (services run) --------------------------------------------------------------


def _require_service(ok: bool, what: str) -> None:
    # Never a skip: a services test that cannot reach its service has failed.
    if not ok:
        pytest.fail(f"{what} is not reachable; the services run needs it.")


@pytest.fixture(scope="session")
def redis_url():
    import redis

    url = os.environ.get("REDIS_URL", "")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        ok = bool(url)
    except Exception:
        ok = False
    _require_service(ok, f"Redis at {url or '(REDIS_URL unset)'}")
    return url


def _database_url_of(connection) -> str:
    d = connection.settings_dict
    password = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return f"postgres://{d['USER']}{password}@{d['HOST']}:{d['PORT']}/{d['NAME']}"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, redis_url):
    """A real Celery worker in its own process, consuming from Redis, on the test database.

    Tests that hand it work must commit their data first (django_db(transaction=True)).
    """
    from django.db import connection

    from certification.celery import app

    env = dict(os.environ)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = _database_url_of(connection)
    # The worker's e-mails go to files, so services tests can count what it sent.
    env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    env["DJANGO_EMAIL_FILE_PATH"] = str(WORKER_MAIL_DIR)
    name = f"test-{os.getpid()}"
    command = [sys.executable, "-m", "celery", "-A", WORKER_APP, "worker", "-l", "INFO"]
    command += ["-c", "2", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"]
    (ROOT / "var").mkdir(exist_ok=True)
    process = os.environ.get("PYTEST_XDIST_WORKER", "main")
    log_path = ROOT / "var" / f"test-celery-worker-{process}.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while not any(name in host for reply in app.control.ping(timeout=1) for host in reply):
                if worker.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the Celery worker did not come up; see {log_path}")
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()


# --- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in its own browser context (its own cookies), signed in as `user` if given."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def open_page(user=None):
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def private_storage(settings, tmp_path, monkeypatch):
    """Uploaded documents go to a temporary folder, like production's private storage."""
    from django.core.files.storage import storages

    from accounts.models import MedicalLicense, SupportingCredential

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    # The document fields resolved `storages["private"]` once, when the models were imported;
    # changing the setting alone would still write to the real var/private.
    for model in (MedicalLicense, SupportingCredential):
        monkeypatch.setattr(model._meta.get_field("document"), "storage", storages["private"])
    return tmp_path / "private"


# --- a Redis of a test's own (services run) ----------------------------------------------------


class OwnRedis:
    """A redis-server started for one test on a free port, which the test may stop and start
    again (the shared Redis of REDIS_URL is never stopped: other tests and workers use it)."""

    def __init__(self, directory: Path):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process = None
        self._held = None  # the port's socket while the server is stopped (see stop)

    def start(self) -> None:
        import redis

        self.release()
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {self.port}")
                time.sleep(0.1)

    def stop(self) -> None:
        import socket

        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None
        # The port is held, bound but not listening, until the next start: clients meet
        # "connection refused", as from a Redis that is down, and no other server of a parallel
        # run (a browser test's live server) can take the port meanwhile; clients talking Redis
        # to one waited for answers that never came, seconds per cache call.
        if self._held is None:
            self._held = socket.socket()
            self._held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._held.bind(("127.0.0.1", self.port))

    def release(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed; the services run needs it.")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()
    server.release()


@pytest.fixture
def start_celery_worker(django_db_blocker, tmp_path):
    """Starts a Celery worker process on the test database against `broker_url`; stopped at
    the end of the test. Its e-mails go to files in the returned folder."""
    from django.db import connection

    workers = []
    mail_dir = tmp_path / "worker-mail"

    def start(broker_url: str):
        env = dict(os.environ, REDIS_URL=broker_url)
        if connection.vendor == "postgresql":
            env["DATABASE_URL"] = _database_url_of(connection)
            env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        env["DJANGO_EMAIL_FILE_PATH"] = str(mail_dir)
        name = f"outage-{os.getpid()}-{len(workers)}"
        command = [sys.executable, "-m", "celery", "-A", WORKER_APP, "worker", "-l", "INFO"]
        command += ["-c", "1", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"]
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the worker)
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        workers.append((worker, log))
        return worker, mail_dir, tmp_path / f"{name}.log"

    yield start
    for worker, log in workers:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
