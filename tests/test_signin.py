"""Sign-in that cannot be turned against others (issue 14, part 4): the client address behind a
trusted proxy only, lockout per username + address and per address, a bounded wait per
username, every failed sign-in audited."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD
from ucj.accounts.client import client_address
from ucj.accounts.lockout import backoff_delay
from ucj.audit.models import AuditEvent

PROXY = "127.0.0.1"
OWN = "10.9.0.5"  # the province office
ATTACKER = "203.0.113.66"


@pytest.fixture
def proxy(settings):
    """The documented deployment: a reverse proxy on the same host in front of the app."""
    settings.UCJ_BEHIND_PROXY = True
    settings.UCJ_TRUSTED_PROXIES = [PROXY, "::1"]
    return settings


def via_proxy(client, username: str, password: str, address: str, spoofed: str = ""):
    """A sign-in through the proxy: it appends the address it saw to X-Forwarded-For."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def address_of(meta: dict) -> str | None:
    return client_address(RequestFactory().get("/", **meta))


# --- the client address ----------------------------------------------------------------------

def test_without_proxy_the_client_supplied_forwarded_for_is_ignored(settings):
    settings.UCJ_BEHIND_PROXY = False
    assert address_of({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == "10.0.0.1"


def test_without_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(client, settings, op_a):
    settings.UCJ_BEHIND_PROXY = False
    for n in range(5):
        client.post(reverse("login"), {"username": "op.lotim", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.post(reverse("login"), {"username": "op.lotim", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


@pytest.mark.parametrize("meta, expected", [
    # one proxy: the address it appended is the client; what the client wrote is not believed
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}, "203.0.113.9"),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
    # two proxies (a load balancer in 10.0.0.0/8, then ours): the right-most untrusted one
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9, 10.1.2.3"},
     "203.0.113.9"),
    # a connection that bypasses the proxy is its own address, whatever its headers say
    ({"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "10.9.0.5"}, "198.51.100.7"),
    # the proxy's own requests (no header): the proxy
    ({"REMOTE_ADDR": PROXY}, PROXY),
    # ports and IPv6 as some proxies write them
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9:51234"}, "203.0.113.9"),
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:443"}, "2001:db8::7"),
    # garbage where an address belongs: no address of the client's choosing
    ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, <script>"}, PROXY),
])
def test_behind_the_proxy_the_client_is_the_right_most_untrusted_address(proxy, meta, expected):
    proxy.UCJ_TRUSTED_PROXIES = [PROXY, "10.0.0.0/8"]
    assert address_of(meta) == expected


# --- nobody can lock another user out ----------------------------------------------------------

def test_failures_from_other_addresses_do_not_stop_the_owner_signing_in(client, proxy,
                                                                        admin_user):
    assert via_proxy(client, "admin.prov", PASSWORD, OWN).status_code == 302  # earlier today
    client.post(reverse("logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWN)
    for n in range(5):  # five attempts from five other addresses
        via_proxy(client, "admin.prov", f"guess-{n}", f"203.0.113.{n + 1}")
    for _ in range(5):  # and five from one
        via_proxy(client, "admin.prov", "guess", ATTACKER)

    response = via_proxy(client, "admin.prov", PASSWORD, OWN)

    assert response.status_code == 302 and response.url == reverse("home")


def test_the_attackers_own_address_is_locked(client, proxy, admin_user):
    for _ in range(5):
        via_proxy(client, "admin.prov", "guess", ATTACKER)
    # even the right password (guessed at last) does not get in from there
    response = via_proxy(client, "admin.prov", PASSWORD, ATTACKER)
    assert response.status_code == 429
    page = response.content.decode()
    assert "15 menit" in page and "perangkat ini" in page
    # a forged X-Forwarded-For through the proxy does not free it
    assert via_proxy(client, "admin.prov", PASSWORD, ATTACKER,
                     spoofed=OWN).status_code == 429


def test_an_address_guessing_many_accounts_is_locked_for_all_of_them(client, proxy, op_a):
    for n in range(20):
        via_proxy(client, f"user{n}", "guess", ATTACKER)
    response = via_proxy(client, "op.lotim", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "alamat jaringan Anda" in response.content.decode()
    # the owner, at another address, is not affected
    assert via_proxy(client, "op.lotim", PASSWORD, OWN).status_code == 302


def test_an_office_sharing_one_address_is_not_locked_by_a_few_typos(client, proxy, op_a, op_b):
    for name in ("op.lotim", "op.loteng", "admin.prov", "someone"):
        for _ in range(3):
            via_proxy(client, name, "typo", OWN)
    assert via_proxy(client, "op.loteng", PASSWORD, OWN).status_code == 302


def test_signing_in_to_ones_own_account_does_not_wipe_the_count_against_another(
        client, proxy, admin_user, op_a):
    for _ in range(4):
        via_proxy(client, "admin.prov", "guess", ATTACKER)
    assert via_proxy(client, "op.lotim", PASSWORD, ATTACKER).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    via_proxy(client, "admin.prov", "guess", ATTACKER)  # the fifth
    assert via_proxy(client, "admin.prov", PASSWORD, ATTACKER).status_code == 429


def test_a_successful_sign_in_clears_the_users_own_typos(client, proxy, op_a):
    for _ in range(4):
        via_proxy(client, "op.lotim", "typo", OWN)
    assert via_proxy(client, "op.lotim", PASSWORD, OWN).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWN)
    via_proxy(client, "op.lotim", "typo", OWN)
    assert via_proxy(client, "op.lotim", PASSWORD, OWN).status_code == 302


# --- the bounded wait per username ------------------------------------------------------------

def test_the_wait_per_username_grows_and_is_capped_at_a_minute(settings):
    delays = [backoff_delay(n) for n in range(0, 12)]
    assert delays[:3] == [0, 0, 0]
    assert delays[3:7] == [2, 4, 8, 16]
    assert max(delays) == settings.UCJ_LOGIN_BACKOFF_MAX_SECONDS == 60
    assert delays == sorted(delays)


def test_guessing_from_many_addresses_makes_a_new_address_wait_briefly_never_lock(
        client, proxy, admin_user):
    for n in range(30):  # a botnet: thirty addresses, one guess each
        via_proxy(client, "admin.prov", "guess", f"198.51.100.{n + 1}")
    counted = AccessAttempt.objects.filter(username="admin.prov").count()

    response = via_proxy(client, "admin.prov", PASSWORD, "192.0.2.44")  # the owner, travelling

    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert "Tunggu" in message and "detik" in message
    seconds = int(next(word for word in message.split() if word.isdigit()))
    assert 0 < seconds <= 60
    # the refused attempt was not counted: it cannot lengthen the wait
    assert AccessAttempt.objects.filter(username="admin.prov").count() == counted
    # a minute later the owner gets in
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.latest(
        "attempt_time").attempt_time - dt.timedelta(seconds=61))
    assert via_proxy(client, "admin.prov", PASSWORD, "192.0.2.44").status_code == 302


def test_a_known_address_does_not_wait(client, proxy, admin_user):
    assert via_proxy(client, "admin.prov", PASSWORD, OWN).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWN)
    for n in range(10):
        via_proxy(client, "admin.prov", "guess", f"198.51.100.{n + 1}")
    assert via_proxy(client, "admin.prov", PASSWORD, OWN).status_code == 302


# --- failed sign-ins are audited --------------------------------------------------------------

def test_a_failed_sign_in_writes_an_audit_event_without_the_password(client, proxy, op_a):
    via_proxy(client, "op.lotim", "secret-guess-123", ATTACKER)

    event = AuditEvent.objects.get(action="login_failed")
    assert event.object_repr == "op.lotim" and event.object_id == str(op_a.pk)
    assert event.client_address == ATTACKER
    assert event.actor is None and event.region is None
    assert "salah" in event.note.lower()
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list(
        "actor_name", "object_repr", "note", "changes", "object_type"))
    assert "secret-guess-123" not in stored


def test_refused_and_locking_attempts_are_audited_with_the_reason(client, proxy, op_a):
    for _ in range(5):
        via_proxy(client, "op.lotim", "guess", ATTACKER)
    via_proxy(client, "op.lotim", PASSWORD, ATTACKER)  # refused: locked
    notes = list(AuditEvent.objects.filter(action="login_failed").order_by("id")
                 .values_list("note", flat=True))
    assert len(notes) == 6
    assert "dikunci" in notes[4]  # the fifth failure locks
    assert "tanpa memeriksa kata sandi" in notes[5]
    assert not AuditEvent.objects.filter(action="login").exists()


def test_a_typed_username_is_shortened_and_unknown_names_are_kept_as_typed(client, proxy, db):
    typed = "x" * 100
    via_proxy(client, typed, "guess", ATTACKER)
    event = AuditEvent.objects.get(action="login_failed")
    assert len(event.object_repr) == 40 and event.object_repr.endswith("…")
    assert event.object_id == ""


def test_sign_in_and_out_record_the_address(client, proxy, op_a):
    via_proxy(client, "op.lotim", PASSWORD, OWN)
    client.post(reverse("logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWN)
    assert set(AuditEvent.objects.filter(action__in=["login", "logout"])
               .values_list("client_address", flat=True)) == {OWN}


def test_only_the_province_admin_reads_failed_sign_ins(client, proxy, ntb, admin_user, viewer,
                                                        op_a):
    via_proxy(client, "op.lotim", "guess", ATTACKER)
    client.force_login(admin_user)
    page = client.get(reverse("audit_list"), {"action": "login_failed"}).content.decode()
    assert "op.lotim" in page and ATTACKER in page
    for user in (viewer, op_a):
        client.force_login(user)
        page = client.get(reverse("audit_list"), {"action": "login_failed"}).content.decode()
        assert ATTACKER not in page


def test_an_empty_form_is_no_attempt(client, db):
    client.post(reverse("login"), {"username": "", "password": ""})
    assert not AuditEvent.objects.filter(action="login_failed").exists()

