"""An audit log that cannot be rewritten quietly (issue 14, part 6): the database refuses to
change or remove an event (triggers; on PostgreSQL also TRUNCATE), the one deliberate way past
them (maintenance mode, used by flush), and the daily seals that show any change made anyway."""

from __future__ import annotations

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from ucj.audit import guards, seals
from ucj.audit.models import Action, AuditEvent, AuditSeal
from ucj.audit.services import audit_log

WITA = ZoneInfo("Asia/Makassar")
TABLE = AuditEvent._meta.db_table
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="PostgreSQL only")


def at(year, month, day, hour=12, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


def event(when: dt.datetime, **fields) -> AuditEvent:
    """An audit event written through the service, at a given time."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        return audit_log(actor=fields.pop("actor", None), action=fields.pop("action", Action.VIEW),
                         object_type="test.thing", object_repr=fields.pop("repr", "thing"),
                         **fields)


def refused(sql: str, params=()) -> bool:
    """Whether the database refuses the statement (and the row stays as it was)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def tamper(sql: str, params=()) -> None:
    """What someone who lifts the guard deliberately could do."""
    with guards.maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- the database refuses --------------------------------------------------------------------

def test_the_guard_triggers_are_installed_by_the_migrations(db):
    assert guards.expected(connection) <= guards.installed(connection)


def test_the_applications_connection_cannot_update_or_delete_an_event(db, admin_user):
    first = event(at(2026, 11, 2), note="as written", actor=admin_user)
    assert refused(f"UPDATE {TABLE} SET note = %s WHERE id = %s", ["rewritten", first.pk])
    assert refused(f"DELETE FROM {TABLE} WHERE id = %s", [first.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=first.pk).update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=first.pk).delete()  # a queryset delete: no save/delete
    with pytest.raises(RuntimeError):
        first.delete()
    first.refresh_from_db()
    assert first.note == "as written"
    assert AuditEvent.objects.count() == 1


def test_the_seals_cannot_be_changed_either(db):
    event(at(2026, 11, 2))
    seal = seals.seal_days(now=at(2026, 11, 4))[0]
    assert refused(f"UPDATE {AuditSeal._meta.db_table} SET digest = %s WHERE id = %s",
                   ["0" * 64, seal.pk])
    assert refused(f"DELETE FROM {AuditSeal._meta.db_table}")
    assert AuditSeal.objects.get(pk=seal.pk).digest == seal.digest


@on_postgresql
def test_on_postgresql_truncate_is_refused(db):
    event(at(2026, 11, 2))
    assert refused(f"TRUNCATE {TABLE} CASCADE")
    assert AuditEvent.objects.count() == 1


@on_postgresql
def test_on_postgresql_a_role_that_does_not_own_the_table_cannot_lift_the_guard(db):
    """Run the application under a role that does not own its tables, and even the
    maintenance setting does not let it change an event."""
    first = event(at(2026, 11, 2), note="as written")
    with connection.cursor() as cursor:  # all undone with the test's transaction
        cursor.execute("CREATE ROLE ucj_test_app")
        cursor.execute(f"GRANT SELECT, UPDATE, DELETE ON {TABLE} TO ucj_test_app")
        cursor.execute("SET ROLE ucj_test_app")
        cursor.execute(f"SET {guards.SETTING} = 'on'")
    try:
        assert refused(f"UPDATE {TABLE} SET note = 'rewritten' WHERE id = %s", [first.pk])
        assert refused(f"DELETE FROM {TABLE} WHERE id = %s", [first.pk])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            cursor.execute(f"RESET {guards.SETTING}")
    first.refresh_from_db()
    assert first.note == "as written"


def test_maintenance_mode_is_deliberate_and_ends_with_its_block(db):
    first = event(at(2026, 11, 2), note="as written")
    tamper(f"UPDATE {TABLE} SET note = 'changed under maintenance' WHERE id = %s", [first.pk])
    first.refresh_from_db()
    assert first.note == "changed under maintenance"
    assert refused(f"UPDATE {TABLE} SET note = 'again' WHERE id = %s", [first.pk])


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_log_through_maintenance_mode(admin_user):
    event(at(2026, 11, 2), actor=admin_user)
    seals.seal_days(now=at(2026, 11, 4))
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not AuditSeal.objects.exists()
    # the guard is back for the next statements, and still installed after flush
    event(at(2026, 11, 2))
    assert refused(f"DELETE FROM {TABLE}")
    assert guards.expected(connection) <= guards.installed(connection)


def test_a_user_who_acted_cannot_be_deleted_only_deactivated(db, admin_user):
    audit_log(actor=admin_user, action=Action.LOGIN, obj=admin_user)
    with pytest.raises(ProtectedError):
        admin_user.delete()
    assert AuditEvent.objects.get().actor == admin_user


# --- the daily seals -----------------------------------------------------------------------------

@pytest.fixture
def three_days(db, admin_user):
    """Events on 2 and 4 November 2026 (none on the 3rd), near the WITA day boundaries."""
    return [
        event(at(2026, 11, 2, 0, 10), actor=admin_user, note="early"),
        event(at(2026, 11, 2, 23, 50), changes={"amount": [1, 2]}),
        event(at(2026, 11, 4, 9), action=Action.LOGIN_FAILED, actor_name="",
              address="203.0.113.9"),
    ]


def test_each_complete_day_is_sealed_once_in_the_time_zone_up_to_yesterday(three_days):
    sealed = seals.seal_days(now=at(2026, 11, 5, 2))
    assert [(s.day, s.count, s.first_event_id, s.last_event_id) for s in sealed] == [
        (dt.date(2026, 11, 2), 2, three_days[0].pk, three_days[1].pk),
        (dt.date(2026, 11, 3), 0, None, None),
        (dt.date(2026, 11, 4), 1, three_days[2].pk, three_days[2].pk),
    ]
    assert sealed[0].previous_digest == seals.GENESIS
    assert [s.previous_digest for s in sealed[1:]] == [s.digest for s in sealed[:-1]]
    assert len({s.digest for s in sealed}) == 3
    # again: nothing new; a day is sealed only an hour after it ends
    assert seals.seal_days(now=at(2026, 11, 6, 0, 30)) == []
    assert [s.day for s in seals.seal_days(now=at(2026, 11, 6, 1, 30))] == [dt.date(2026, 11, 5)]


def test_a_days_digest_is_the_chained_sha256_of_its_canonical_events(three_days):
    sealed = seals.seal_days(now=at(2026, 11, 5, 2))
    import hashlib

    rows = AuditEvent.objects.filter(pk__in=[e.pk for e in three_days[:2]]).order_by("id")
    lines = "".join(seals.canonical(r) + "\n" for r in rows.values())
    expected = hashlib.sha256(
        f"ucj-audit-seal-1\n2026-11-02\n{'0' * 64}\n{lines}".encode()).hexdigest()
    assert sealed[0].digest == expected
    assert '"at":"2026-11-01T16:10:00.000000+00:00"' in lines  # 00:10 WITA, in UTC


def test_the_digest_covers_every_stored_field_of_an_event(db, admin_user, ntb):
    row = AuditEvent.objects.filter(pk=event(
        at(2026, 11, 2), actor=admin_user, region=ntb["52"], changes={"a": [1, 2]}, note="n",
        address="10.0.0.1").pk).values().get()
    fields = {f.attname for f in AuditEvent._meta.concrete_fields}
    assert set(row) == fields
    other = {"id": 999, "at": row["at"] + dt.timedelta(microseconds=1), "actor_id": 999,
             "actor_name": "x", "action": "update", "object_type": "x", "object_id": "7",
             "object_repr": "x", "region_id": 999, "changes": {"a": [1, 3]}, "note": "m",
             "client_address": "10.0.0.2"}
    assert set(other) == fields, "a new field of AuditEvent: decide how it is sealed"
    for name, value in other.items():
        assert seals.canonical({**row, name: value}) != seals.canonical(row), name
    # a field that is null is left out: adding a nullable field keeps old digests
    assert seals.canonical({**row, "new_field": None}) == seals.canonical(row)


def verify_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def test_verify_confirms_an_untouched_log_and_prints_the_last_digest(three_days):
    sealed = seals.seal_days(now=at(2026, 11, 5, 2))
    event(at(2026, 11, 5, 8))  # today: not sealed yet
    output = verify_output()
    assert "3 day(s)" in output and sealed[-1].digest in output
    assert "1 later event(s) not sealed yet" in output
    assert verify_output(f"--expect=2026-11-02={sealed[0].digest}")


def test_verify_finds_a_changed_event_and_names_its_day(three_days):
    seals.seal_days(now=at(2026, 11, 5, 2))
    tamper(f"UPDATE {TABLE} SET note = 'nothing happened' WHERE id = %s", [three_days[1].pk])
    with pytest.raises(CommandError) as failure:
        verify_output()
    message = str(failure.value)
    assert "First difference: 2026-11-02" in message
    assert "3 sealed day(s) differ" in message  # the chain carries it to every later day
    result = seals.verify()
    assert min(m.day for m in result.mismatches) == dt.date(2026, 11, 2)


def test_verify_finds_an_event_removed_from_a_sealed_day(three_days):
    seals.seal_days(now=at(2026, 11, 5, 2))
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [three_days[2].pk])
    with pytest.raises(CommandError) as failure:
        verify_output()
    assert "2026-11-04" in str(failure.value) and "now 0 events" in str(failure.value)


def test_verify_finds_an_event_added_to_a_sealed_day(three_days):
    seals.seal_days(now=at(2026, 11, 5, 2))
    event(at(2026, 11, 3, 10), note="backdated")  # written later with an old time
    with pytest.raises(CommandError) as failure:
        verify_output()
    assert "First difference: 2026-11-03" in str(failure.value)
    assert "sealed 0 events" in str(failure.value) and "now 1 events" in str(failure.value)


def test_verify_finds_an_event_dated_before_the_first_sealed_day(three_days):
    seals.seal_days(now=at(2026, 11, 5, 2))
    event(at(2026, 10, 30))
    with pytest.raises(CommandError) as failure:
        verify_output()
    assert "before the first sealed day" in str(failure.value)


def test_a_rewritten_chain_passes_alone_but_not_against_a_noted_digest(three_days):
    """Whoever rewrites events and seals alike fools the database, not the inspector."""
    noted = seals.seal_days(now=at(2026, 11, 5, 2))[0].digest
    tamper(f"UPDATE {TABLE} SET note = 'rewritten' WHERE id = %s", [three_days[0].pk])
    tamper(f"DELETE FROM {AuditSeal._meta.db_table}")
    seals.seal_days(now=at(2026, 11, 5, 2))
    assert "matches its seals" in verify_output()
    with pytest.raises(CommandError) as failure:
        verify_output(f"--expect=2026-11-02={noted}")
    assert "not the digest noted" in str(failure.value)


def test_the_seal_command_seals_and_says_so(three_days):
    from io import StringIO

    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert "Sealed" in out.getvalue() and AuditSeal.objects.filter(
        day=dt.date(2026, 11, 2)).exists()
    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert "Nothing to seal" in out.getvalue()


def test_the_seal_command_on_the_day_the_log_begins_says_nothing_is_complete_yet(db):
    """The same day as the first event (a fresh installation): no day is over, none sealed,
    and the command does not claim that every day is sealed."""
    from io import StringIO

    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert out.getvalue().strip() == "Nothing to seal: the audit log is empty."
    today = timezone.localdate()
    event(timezone.now())
    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert not AuditSeal.objects.exists()
    assert out.getvalue().strip() == (f"Nothing to seal yet: the audit log begins on "
                                      f"{today:%Y-%m-%d}, which is sealed 1 h after it ends.")


def test_the_worker_seals_in_its_housekeeping():
    from ucj.core.housekeeping import JOBS

    assert "ucj.audit.seals.seal_complete_days" in JOBS


# --- the audit page -------------------------------------------------------------------------------

def test_the_province_admin_sees_the_last_sealed_day_and_its_digest(client, three_days,
                                                                     admin_user, viewer, op_a):
    client.force_login(admin_user)
    assert "Belum ada hari yang disegel" in client.get(reverse("audit_list")).content.decode()
    last = seals.seal_days(now=at(2026, 11, 5, 2))[-1]
    page = client.get(reverse("audit_list")).content.decode()
    assert last.digest in page and "4 November 2026" in page
    for user in (viewer, op_a):
        client.force_login(user)
        assert last.digest not in client.get(reverse("audit_list")).content.decode()
