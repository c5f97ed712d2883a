"""The audit tables are append-only in the database itself, not only in Python.

Triggers refuse UPDATE and DELETE of a row of ``audit_auditevent`` and ``audit_auditseal``
(and TRUNCATE on PostgreSQL), whoever sends them: the ORM, a raw query, a database shell.

The one deliberate way past them is **maintenance mode**, a setting of one database session:

* PostgreSQL: ``SET ucj.audit_maintenance = 'on'``. It is honoured only for a role that owns
  the table (or a superuser): run the application under a role that does not own its tables
  (migrations under the owner) and the application cannot lift the guard at all.
* SQLite: the function ``ucj_audit_maintenance()`` that this module registers on each of the
  application's connections, true only inside ``maintenance()``. A connection without it (the
  sqlite3 shell) cannot change the tables either: the trigger fails with "no such function".

Only ``manage.py flush`` (which empties the whole database, as the test suite does between
transactional tests) and the tests that play the attacker use it. Whoever owns the database
can still drop a trigger; the daily seals (``ucj.audit.seals``) make such a change visible.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DatabaseError, connections

TABLES = ("audit_auditevent", "audit_auditseal")
SETTING = "ucj.audit_maintenance"
SQLITE_FUNCTION = "ucj_audit_maintenance"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ucj_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{SETTING}', true) = 'on'
       AND pg_has_role(current_user,
                       (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ucj: % of % refused: the audit log is append-only', TG_OP, TG_TABLE_NAME
        USING HINT = 'docs/security.md, "Audit that cannot be rewritten quietly"';
END
$$;
"""


def _pg_statements(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION ucj_audit_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION ucj_audit_append_only()",
    ]


def _sqlite_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"WHEN NOT {SQLITE_FUNCTION}() "
        f"BEGIN SELECT RAISE(ABORT, 'ucj: {op} of {table} refused: the audit log is "
        f"append-only'); END"
        for op in ("UPDATE", "DELETE")
    ]


def installed(connection) -> set[str]:
    """The names of the guard triggers present on the audit tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                           "AND tgrelid::regclass::text = ANY(%s)", [list(TABLES)])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                           f"tbl_name IN ({', '.join('%s' for _ in TABLES)})", list(TABLES))
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def expected(connection) -> set[str]:
    if connection.vendor == "postgresql":
        return {f"{t}_{kind}" for t in TABLES for kind in ("append_only", "no_truncate")}
    if connection.vendor == "sqlite":
        return {f"{t}_no_{op}" for t in TABLES for op in ("update", "delete")}
    return set()


def install(connection) -> None:
    """Create the triggers on the audit tables that exist (idempotent)."""
    present = set(connection.introspection.table_names())
    tables = [t for t in TABLES if t in present]
    if not tables or connection.vendor not in ("postgresql", "sqlite"):
        return
    if expected(connection) <= installed(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in tables:
                for statement in _pg_statements(table):
                    cursor.execute(statement)
        else:
            for table in tables:
                for statement in _sqlite_statements(table):
                    cursor.execute(statement)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created``: give each SQLite connection of the application the function
    the triggers ask (false unless this connection is in ``maintenance()``)."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        SQLITE_FUNCTION, 0, lambda: int(getattr(connection, "ucj_audit_maintenance", False)))


def ensure_installed(sender, using="default", **kwargs) -> None:
    """``post_migrate``: put the triggers back if a migration rebuilt an audit table (SQLite
    rebuilds a table to alter it, and its triggers go with the old one)."""
    install(connections[using])


@contextmanager
def maintenance(using: str = "default"):
    """Lift the guard for this database session only, for as long as the block runs."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET {SETTING} = 'on'")
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"RESET {SETTING}")
            except DatabaseError:
                pass  # an aborted transaction: its rollback undoes the SET as well
    else:
        connection.ensure_connection()
        connection.ucj_audit_maintenance = True
        try:
            yield
        finally:
            connection.ucj_audit_maintenance = False
