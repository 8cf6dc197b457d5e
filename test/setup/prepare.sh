#!/usr/bin/env bash
# What `npm test` needs on a machine of this kind, made ready before the tests run (npm's `pretest`):
# Redis answering on 127.0.0.1:6379 (or REDIS_URL), PostgreSQL on 127.0.0.1:5432 (or KAP_TEST_POSTGRES_URL), and
# Debian's Chromium for the browser tests.
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

# PostgreSQL for the search index's contract suite (stores/postgresSearchIndex.int.test.ts).
pg_up() { psql "${KAP_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}" -Atc 'select 1' >/dev/null 2>&1; }
if ! pg_up; then
  if [ -n "${KAP_TEST_POSTGRES_URL:-}" ]; then
    echo "test setup: KAP_TEST_POSTGRES_URL=$KAP_TEST_POSTGRES_URL does not answer; start that PostgreSQL or unset it" >&2; exit 1
  fi
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    echo "test setup: starting PostgreSQL (pg_ctlcluster)"
    pg_lsclusters -h | while read -r version cluster _; do pg_ctlcluster "$version" "$cluster" start >/dev/null 2>&1; done
  elif command -v service >/dev/null 2>&1; then
    echo "test setup: starting PostgreSQL (service postgresql start)"
    service postgresql start >/dev/null 2>&1
  else
    echo "test setup: no PostgreSQL on 127.0.0.1:5432 and none to start (apt-get install postgresql)" >&2; exit 1
  fi
  for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
  # A server that answers without the `test` database: make it (the default URL's database).
  if ! pg_up && [ -z "${KAP_TEST_POSTGRES_URL:-}" ] && psql postgres://postgres@127.0.0.1:5432/postgres -Atc 'select 1' >/dev/null 2>&1; then
    echo "test setup: creating database test"
    psql postgres://postgres@127.0.0.1:5432/postgres -qc 'create database test' >/dev/null 2>&1
  fi
  pg_up || { echo "test setup: PostgreSQL does not answer on 127.0.0.1:5432 as user postgres, database test (createdb -U postgres test; trust auth for 127.0.0.1)" >&2; exit 1; }
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
