#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the test suite's PostgreSQL pass and print its URL:
#   export RETORNO_TEST_DATABASE_URL=$(tools/test_postgres.sh start)
#   tools/test_postgres.sh stop
# Needs Debian's `postgresql` package (apt-get install postgresql). As root, the server runs as
# the `postgres` account (initdb refuses root). Data lives in $RETORNO_TEST_PG_DIR (/tmp by default).
set -euo pipefail
PORT="${RETORNO_TEST_PG_PORT:-55432}"
DIR="${RETORNO_TEST_PG_DIR:-/tmp/retorno-test-postgres}"
# fsync off by default: a test server's data is thrown away. The bench sets it on (a real server).
FSYNC="${RETORNO_TEST_PG_FSYNC:-off}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then
    echo "PostgreSQL server not installed: apt-get install postgresql" >&2
    exit 1
fi
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-start}" in
start)
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
        mkdir -p "$DIR"
        [ "$(id -u)" = 0 ] && chown postgres "$DIR"
        as_owner "$BIN/initdb" -D "$DIR/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # Already running (an earlier run that did not stop it): use it, as a second start would fail.
    if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o \
            "-k $DIR -p $PORT -c listen_addresses=127.0.0.1 -c fsync=$FSYNC -c max_connections=200" \
            start >/dev/null
    fi
    as_owner "$BIN/createdb" -h "$DIR" -p "$PORT" -U app retorno_test 2>/dev/null || true
    echo "postgresql+psycopg://app@127.0.0.1:$PORT/retorno_test"
    ;;
stop)
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
