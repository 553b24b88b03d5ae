"""Exit 0 when a PostgreSQL server answers at the URL given, 1 otherwise."""

import sys

import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else ""
if not url.startswith(("postgres://", "postgresql://")):
    sys.exit(1)
try:
    psycopg.connect(url, connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
