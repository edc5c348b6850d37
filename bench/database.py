"""A fresh database for the benchmark, chosen before Django starts.

``BENCH_DB=sqlite`` (the default): a new SQLite file ``var/bench/workbench.db``.
``BENCH_DB=mariadb``: the private server of ``.ci/mariadb.sh`` (started if it is not running,
stopped again afterwards if this run started it), database ``mentoring_bench`` dropped and
created anew.
"""

import json
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "var" / "bench"
MARIADB_NAME = "mentoring_bench"


def configure(backend=None, var=VAR, mariadb_name=MARIADB_NAME):
    """Set the environment the workbench settings read; returns the backend's name.

    ``backend`` defaults to ``BENCH_DB``; ``var`` is the folder of the SQLite file (and the
    workbench's log), ``mariadb_name`` the database created anew on the MariaDB server (the load
    test passes its own). Must run before ``django.setup()``.
    """
    backend = backend or os.environ.get("BENCH_DB", "sqlite")
    if backend not in ("sqlite", "mariadb"):
        raise SystemExit(f"BENCH_DB must be sqlite or mariadb, not {backend!r}")
    var.mkdir(parents=True, exist_ok=True)
    os.environ["MENTORING_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_xblock.workbench.settings")
    os.environ.pop("WORKBENCH_DATABASES", None)
    if backend == "sqlite":
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{var / 'workbench.db'}{suffix}").unlink(missing_ok=True)
    else:
        os.environ["WORKBENCH_DATABASES"] = json.dumps(_mariadb_databases(mariadb_name))
    return backend


def _mariadb_databases(name):
    script = str(REPO / ".ci" / "mariadb.sh")
    running = subprocess.run(["bash", script, "status"], capture_output=True, check=False).returncode == 0
    if not running:
        subprocess.run(["bash", script, "start"], check=True)
        os.environ["BENCH_STOP_MARIADB"] = "1"
    databases = json.loads(subprocess.run(["bash", script, "env"], capture_output=True, text=True, check=True).stdout)
    server = dict(databases["default"])
    _recreate(server, name)
    databases["default"]["NAME"] = name
    return databases


def _recreate(server, name):
    import MySQLdb  # the mysqlclient driver (setup.py extra "mysql")

    connection = MySQLdb.connect(
        host=server["HOST"], port=int(server["PORT"]), user=server["USER"], password=server["PASSWORD"]
    )
    try:
        cursor = connection.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        connection.close()


def finish():
    """Stop the MariaDB server if this run started it."""
    if os.environ.get("BENCH_STOP_MARIADB"):
        subprocess.run(["bash", str(REPO / ".ci" / "mariadb.sh"), "stop"], check=False)


def describe(connection):
    """The database as the notes name it, e.g. ``SQLite 3.40.1`` or ``MariaDB 10.11.6``."""
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT VERSION()")
        version = cursor.fetchone()[0]
    return f"MariaDB {version.split('-')[0]}"
