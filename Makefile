# Two commands for a newcomer: `make run` (the app with demo data) and `make test` (the suite).
# Both create .venv, install requirements.txt, the front-end assets and the system libraries.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test worker beat serve install system-deps lint clean benchmark

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv --clear $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

static/vendor/.installed: package-lock.json
	scripts/vendor-static.sh

system-deps:
	@scripts/system-deps.sh

install: $(VENV)/.installed static/vendor/.installed system-deps

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	@scripts/system-deps.sh --test
	$(PY) -m pytest -n auto

worker: install
	$(VENV)/bin/celery -A certification worker -l INFO

beat: install
	$(VENV)/bin/celery -A certification beat -l INFO --schedule var/celerybeat-schedule

# The services mode: gunicorn plus a Celery worker and beat against DATABASE_URL and REDIS_URL.
serve: install
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make serve needs DATABASE_URL and REDIS_URL (see README)"; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	scripts/serve.sh

# Speed figures (BENCHMARKS.md): gunicorn against DATABASE_URL, a database filled beforehand by
# `manage.py seed_large --yes-i-mean-it`. Never part of `make test`.
benchmark: install
	@test -n "$$DATABASE_URL" || { echo "make benchmark needs DATABASE_URL (a database seeded by seed_large)"; exit 1; }
	$(PY) scripts/benchmark.py $(BENCHMARK_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
