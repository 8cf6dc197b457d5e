#!/usr/bin/env bash
# What `npm test` needs on a machine of this kind, made ready before the tests run (npm's `pretest`):
# Redis answering on 127.0.0.1:6379 (or REDIS_URL), and Debian's Chromium for the browser tests.
# Each step says what it does and, when it cannot, what to do; nothing here is needed by `npm start`.
set -uo pipefail

redis_up() { redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379}" ping >/dev/null 2>&1; }
if ! redis_up; then
  if [ -n "${REDIS_URL:-}" ]; then
    echo "test setup: REDIS_URL=$REDIS_URL does not answer; start that Redis or unset REDIS_URL" >&2; exit 1
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "test setup: no Redis on 127.0.0.1:6379 and no redis-server to start one (apt-get install redis-server)" >&2; exit 1
  fi
  echo "test setup: starting redis-server on 127.0.0.1:6379 (nothing kept on disk)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
  redis_up || { echo "test setup: redis-server did not answer" >&2; exit 1; }
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test setup: installing Debian's chromium for the browser tests (once)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || { echo "test setup: apt-get install chromium failed" >&2; exit 1; }
  else
    echo "test setup: the browser tests need Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2; exit 1
  fi
fi
exit 0
