#!/usr/bin/env bash
# The services mode: gunicorn, a Celery worker and beat, each kept running by a small supervisor.
# A process that exits is restarted (a broker outage must not take the site down with it; the
# worker itself reconnects, see CELERY_BROKER_CONNECTION_* in settings); the others go on.
# A process that keeps dying right after start waits longer before each new try (up to 60 s).
# Ctrl-C or TERM stops all three.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

run_web() {
  # gunicorn's own request limits: the request line (URL + query), the number and size of
  # header fields. It has no body limit: certification.middleware.RequestBodyLimitMiddleware
  # refuses an oversized Content-Length (413) before Django reads the body.
  exec .venv/bin/gunicorn certification.wsgi --bind "127.0.0.1:${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-2}" --access-logfile - \
    --limit-request-line 8190 --limit-request-fields 64 --limit-request-field_size 8190 \
    --timeout 60 --graceful-timeout 20
}
run_worker() {
  exec .venv/bin/celery -A certification worker -l INFO --concurrency "${CELERY_CONCURRENCY:-2}"
}
run_beat() {
  exec .venv/bin/celery -A certification beat -l INFO --schedule var/celerybeat-schedule
}

declare -A pid started failures
stopping=0

start() {
  "run_$1" &
  pid[$1]=$!
  started[$1]=$SECONDS
  echo "serve.sh: started $1 (pid ${pid[$1]})" >&2
}

stop_all() {
  stopping=1
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null; done
  wait
  exit 0
}
trap stop_all INT TERM

for name in web worker beat; do start "$name"; done
while true; do
  wait -n
  ((stopping)) && break
  for name in "${!pid[@]}"; do
    kill -0 "${pid[$name]}" 2>/dev/null && continue
    wait "${pid[$name]}"
    code=$?
    if ((SECONDS - started[$name] < 30)); then
      failures[$name]=$((${failures[$name]:-0} + 1))
    else
      failures[$name]=0
    fi
    delay=$((2 ** ${failures[$name]}))
    ((delay > 60)) && delay=60
    echo "serve.sh: $name exited with status $code; restarting it in ${delay} s" >&2
    sleep "$delay" &
    wait $! || true
    ((stopping)) && break 2
    start "$name"
  done
done
