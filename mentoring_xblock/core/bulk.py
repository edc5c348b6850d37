"""Inserting many rows at once, leaving out those a unique constraint already holds.

Django's ``bulk_create(..., ignore_conflicts=True)`` prepares every value of every row through its
field (most of the reminder sweep's time at 100,000 people); the rows here are plain values
prepared once, sent as one ``executemany`` with the statement Django's own backends write for
``ignore_conflicts`` (``connection.ops.insert_statement`` and ``on_conflict_suffix_sql`` with
``OnConflict.IGNORE``: ``INSERT OR IGNORE`` on SQLite, ``INSERT IGNORE`` on MySQL and MariaDB,
``ON CONFLICT DO NOTHING`` on PostgreSQL).
"""

from django.db import connection
from django.db.models.constants import OnConflict


def insert_new(model, columns, rows):
    """Insert ``rows`` (tuples of database-ready values, in the order of the field names
    ``columns``) into ``model``'s table; a row a unique constraint refuses is left out. One
    statement, however many rows (``executemany``); nothing is sent for no rows."""
    rows = list(rows)
    if not rows:
        return
    ops = connection.ops
    fields = [model._meta.get_field(name) for name in columns]
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(field.column) for field in fields)
    values = ", ".join(["%s"] * len(fields))
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None) or ""
    sql = f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {table} ({names}) VALUES ({values}) {suffix}".strip()
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def prepared(model, name, value):
    """``value`` as the database takes it in ``model``'s field ``name`` (a date, a time)."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)
