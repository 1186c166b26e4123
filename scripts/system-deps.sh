#!/usr/bin/env bash
# Checks the system libraries the app needs and installs the missing ones where we are root on
# Debian; elsewhere it says what to install. With --test it also wants Debian's Chromium, which
# the browser tests drive (Playwright cannot download a browser here).
#   WeasyPrint: Pango (text layout) and libharfbuzz-subset0 (font subsetting; without it every
#   certificate renders about 5x slower), plus a font.
set -euo pipefail

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

libraries=$(ldconfig -p 2>/dev/null || true)
fonts=$(fc-list 2>/dev/null || true)
# Here-strings, not pipes: grep -q closing a pipe early fails the pipeline under pipefail.
has_lib() { grep -q "$1" <<<"$libraries"; }

missing=()
has_lib libpango-1.0.so.0 || missing+=(libpango-1.0-0)
has_lib libpangoft2-1.0.so.0 || missing+=(libpangoft2-1.0-0)
has_lib libharfbuzz-subset.so.0 || missing+=(libharfbuzz-subset0)
grep -qi dejavu <<<"$fonts" || missing+=(fonts-dejavu-core)
if $want_test; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}" >&2
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
  exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "On Debian or Ubuntu: sudo apt-get install ${missing[*]}" >&2
for package in "${missing[@]}"; do
  case "$package" in
    libharfbuzz-subset0)
      echo "Without libharfbuzz-subset0 certificates still render, about 5x slower." >&2 ;;
    *) exit 1 ;;
  esac
done
