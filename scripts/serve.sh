#!/usr/bin/env bash
# gunicorn in the foreground, a Celery worker and beat beside it; stopping one stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
.venv/bin/celery -A certification worker -l INFO --concurrency "${CELERY_CONCURRENCY:-2}" &
worker=$!
.venv/bin/celery -A certification beat -l INFO --schedule var/celerybeat-schedule &
beat=$!
trap 'kill $worker $beat 2>/dev/null; wait' EXIT INT TERM
.venv/bin/gunicorn certification.wsgi --bind "127.0.0.1:${PORT:-8000}" \
  --workers "${WEB_CONCURRENCY:-2}" --access-logfile - &
web=$!
wait -n $web $worker $beat
