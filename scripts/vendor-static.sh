#!/usr/bin/env bash
# Installs the front-end assets (Bootstrap, Bootstrap Icons) from the npm registry at the exact
# versions in package-lock.json and copies the files the pages use into static/vendor, which
# whitenoise serves. No page loads anything from another host.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=static/vendor/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "npm is missing: installing Debian's nodejs and npm" >&2
    apt-get install -y -q nodejs npm >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q nodejs npm >/dev/null; }
  else
    echo "npm is needed to install Bootstrap from the npm registry: install Node.js (with npm) and run this again." >&2
    exit 1
  fi
fi
npm ci --no-audit --no-fund --loglevel=error
rm -rf static/vendor
mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons/fonts
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css static/vendor/bootstrap-icons/
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff static/vendor/bootstrap-icons/fonts/
touch "$stamp"
