"""The participation summary the database keeps (``ParticipationMonth``, decision 186): the
triggers on ``ParticipationSnapshot`` that keep it, and their repair.

Database mechanics, not business logic: it imports no model, so the app's ``ready()`` can
connect it. Migration 0004 installed these triggers from its own literal copy; this module
holds the current ones and puts them back after a migrate when they are missing — SQLite
rebuilds a table to alter it, and its triggers go with the old one — then refills the summary
from the snapshots, since writes made without the triggers were not counted. The triggers add
deltas (the new rows' sums, less the old rows'), so concurrent writers of one region-month
both count.
"""

from __future__ import annotations

from django.db import connections, transaction

TABLE = "coverage_participationmonth"
SOURCE = "coverage_participationsnapshot"
SUMMED = ("segments", "synthetic", "active", "lapsed", "funded", "funded_regency",
          "funded_province")
COLUMNS = "region_id, month, " + ", ".join(SUMMED)
FUNDED = ("funded_apbd_prov + funded_apbd_kabkota + funded_dbhcht + funded_dbhcht_prov "
          "+ funded_dana_desa + funded_other")
REGENCY = "funded_apbd_kabkota + funded_dbhcht"
PROVINCE = "funded_apbd_prov + funded_dbhcht_prov"
ADD = ", ".join(f"{c} = {TABLE}.{c} + EXCLUDED.{c}" for c in SUMMED)


def _pg_sums(rows: str) -> str:
    """The sums of the transition table ``rows`` by region and month (PostgreSQL)."""
    return (f"SELECT region_id, month, COUNT(*) AS segments, "
            f"COUNT(*) FILTER (WHERE is_synthetic) AS synthetic, SUM(active) AS active, "
            f"SUM(lapsed) AS lapsed, SUM({FUNDED}) AS funded, SUM({REGENCY}) AS funded_regency, "
            f"SUM({PROVINCE}) AS funded_province FROM {rows} GROUP BY region_id, month")


PG_ADD = (f"INSERT INTO {TABLE} ({COLUMNS}) {_pg_sums('new_rows')} "
          f"ON CONFLICT (region_id, month) DO UPDATE SET {ADD};")
PG_TAKE = (f"UPDATE {TABLE} t SET " + ", ".join(f"{c} = t.{c} - d.{c}" for c in SUMMED)
           + f" FROM ({_pg_sums('old_rows')}) d "
           f"WHERE t.region_id = d.region_id AND t.month = d.month; "
           f"DELETE FROM {TABLE} t USING (SELECT DISTINCT region_id, month FROM old_rows) k "
           f"WHERE t.region_id = k.region_id AND t.month = k.month AND t.segments <= 0;")


def _pg_function(name: str, body: str) -> str:
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$;")


PG = [
    _pg_function("ucj_participation_month_insert", PG_ADD),
    _pg_function("ucj_participation_month_update", PG_TAKE.split("; DELETE")[0] + "; "
                 + PG_ADD + " DELETE" + PG_TAKE.split("; DELETE")[1]),
    _pg_function("ucj_participation_month_delete", PG_TAKE),
    _pg_function("ucj_participation_month_truncate", f"DELETE FROM {TABLE};"),
    f"CREATE TRIGGER participation_month_insert AFTER INSERT ON {SOURCE} "
    f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    f"EXECUTE FUNCTION ucj_participation_month_insert()",
    f"CREATE TRIGGER participation_month_update AFTER UPDATE ON {SOURCE} "
    f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    f"EXECUTE FUNCTION ucj_participation_month_update()",
    f"CREATE TRIGGER participation_month_delete AFTER DELETE ON {SOURCE} "
    f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    f"EXECUTE FUNCTION ucj_participation_month_delete()",
    f"CREATE TRIGGER participation_month_truncate AFTER TRUNCATE ON {SOURCE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION ucj_participation_month_truncate()",
]


def _sqlite_values(row: str) -> list[str]:
    """A snapshot row's contribution to each summed column (SQLite, row triggers)."""
    def total(expression: str) -> str:
        return " + ".join(f"{row}.{c.strip()}" for c in expression.split("+"))
    return ["1", f"{row}.is_synthetic", f"{row}.active", f"{row}.lapsed", total(FUNDED),
            total(REGENCY), total(PROVINCE)]


SQLITE_ADD = (f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (NEW.region_id, NEW.month, "
              + ", ".join(_sqlite_values("NEW"))
              + f") ON CONFLICT (region_id, month) DO UPDATE SET {ADD};")
SQLITE_TAKE = (f"UPDATE {TABLE} SET "
               + ", ".join(f"{c} = {c} - ({v})" for c, v in zip(SUMMED, _sqlite_values("OLD"),
                                                                 strict=True))
               + " WHERE region_id = OLD.region_id AND month = OLD.month;")
SQLITE_REMOVE = (f"DELETE FROM {TABLE} WHERE region_id = OLD.region_id AND month = OLD.month "
                 f"AND segments <= 0;")
SQLITE = [
    f"CREATE TRIGGER participation_month_insert AFTER INSERT ON {SOURCE} "
    f"BEGIN {SQLITE_ADD} END",
    f"CREATE TRIGGER participation_month_update AFTER UPDATE ON {SOURCE} "
    f"BEGIN {SQLITE_TAKE} {SQLITE_ADD} {SQLITE_REMOVE} END",
    f"CREATE TRIGGER participation_month_delete AFTER DELETE ON {SOURCE} "
    f"BEGIN {SQLITE_TAKE} {SQLITE_REMOVE} END",
]
FILL = (f"INSERT INTO {TABLE} ({COLUMNS}) SELECT region_id, month, COUNT(*), "
        f"SUM(CASE WHEN is_synthetic THEN 1 ELSE 0 END), SUM(active), SUM(lapsed), "
        f"SUM({FUNDED}), SUM({REGENCY}), SUM({PROVINCE}) FROM {SOURCE} GROUP BY region_id, month")

TRIGGERS = ("insert", "update", "delete", "truncate")


def _present(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                           "AND NOT tgisinternal", [SOURCE])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = %s", [SOURCE])
        return {row[0] for row in cursor.fetchall()}


def install(connection) -> bool:
    """Put back the summary's triggers if any is missing, and refill the summary then; True
    when it did. Nothing to do (the usual case): one query."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    tables = set(connection.introspection.table_names())
    if TABLE not in tables or SOURCE not in tables:
        return False  # before migration 0004
    wanted = {f"participation_month_{op}" for op in
              (TRIGGERS if connection.vendor == "postgresql" else TRIGGERS[:3])}
    if wanted <= _present(connection):
        return False
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for op in TRIGGERS:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS participation_month_{op} ON {SOURCE}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS participation_month_{op}")
        for statement in (PG if connection.vendor == "postgresql" else SQLITE):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(FILL)
    return True


def ensure_installed(sender, using="default", **kwargs) -> None:
    """``post_migrate``: the triggers back if a migration rebuilt the snapshots' table."""
    install(connections[using])
