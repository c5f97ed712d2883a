"""Sign-in, sign-out, throttling, password change, and the admin's user management."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from ucj.accounts.models import Role, User
from ucj.audit.models import AuditEvent


def test_login_and_logout_are_audited(client, op_a):
    response = client.post(reverse("login"), {"username": "op.lotim", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert AuditEvent.objects.filter(action="login", actor=op_a).exists()
    assert client.get(reverse("logout")).status_code == 405  # sign-out is a POST
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=op_a).exists()
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gives_an_indonesian_message(client, op_a):
    response = client.post(reverse("login"), {"username": "op.lotim", "password": "wrong"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_login_is_throttled_after_five_failures(client, op_a):
    for _ in range(5):
        client.post(reverse("login"), {"username": "op.lotim", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.1")
    response = client.post(reverse("login"), {"username": "op.lotim", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "15 menit" in response.content.decode()
    # another user on the same address is not locked out
    User.objects.create_user(username="op.other", password=PASSWORD, role=Role.DAERAH_OPERATOR)
    response = client.post(reverse("login"), {"username": "op.other", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


def test_user_changes_own_password(client, op_a):
    client.force_login(op_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "another-Long-pass-42",
        "new_password2": "another-Long-pass-42"})
    assert response.status_code == 302
    op_a.refresh_from_db()
    assert op_a.check_password("another-Long-pass-42")
    assert AuditEvent.objects.filter(action="password", actor=op_a).exists()


def test_a_weak_new_password_is_refused(client, op_a):
    client.force_login(op_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    op_a.refresh_from_db()
    assert op_a.check_password(PASSWORD)


def test_admin_creates_an_operator_bound_to_one_regency(client, ntb, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("user_create"), {
        "username": "op.mataram", "full_name": "Operator Mataram", "agency": "Disnaker Mataram",
        "role": Role.DAERAH_OPERATOR, "regions": [ntb["52.71"].pk],
        "password": "a-very-good-password-1"})
    assert response.status_code == 302
    user = User.objects.get(username="op.mataram")
    assert list(user.regions.values_list("code", flat=True)) == ["52.71"]
    assert user.check_password("a-very-good-password-1")
    event = AuditEvent.objects.get(object_type="accounts.user", action="create")
    assert event.changes["regions"] == [None, ["52.71"]]
    assert "password" not in str(event.changes)


@pytest.mark.parametrize("role, codes, message", [
    (Role.DAERAH_OPERATOR, ["52"], "kabupaten/kota"),
    (Role.DAERAH_OPERATOR, ["52.01", "52.02"], "satu"),
    (Role.PROVINSI_ADMIN, ["52.03"], "provinsi"),
])
def test_role_and_regions_must_fit(client, ntb, admin_user, role, codes, message):
    client.force_login(admin_user)
    response = client.post(reverse("user_create"), {
        "username": "someone", "role": role, "regions": [ntb[c].pk for c in codes],
        "password": "a-very-good-password-1"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["regions"]).lower()
    assert not User.objects.filter(username="someone").exists()


def test_admin_changes_role_and_regions_and_it_is_audited(client, ntb, admin_user, op_a):
    client.force_login(admin_user)
    response = client.post(reverse("user_edit", args=[op_a.pk]), {
        "full_name": "Op", "agency": "", "email": "", "role": Role.BPJS_OPERATOR,
        "regions": [ntb["52.03"].pk, ntb["52.02"].pk], "is_active": "on"})
    assert response.status_code == 302
    op_a.refresh_from_db()
    assert op_a.role == Role.BPJS_OPERATOR
    event = AuditEvent.objects.get(object_type="accounts.user", action="update")
    assert event.changes["regions"] == [["52.03"], ["52.02", "52.03"]]


def test_admin_resets_a_password(client, admin_user, op_a):
    client.force_login(admin_user)
    response = client.post(reverse("user_password", args=[op_a.pk]), {
        "password": "reset-password-2026", "password2": "reset-password-2026"})
    assert response.status_code == 302
    op_a.refresh_from_db()
    assert op_a.check_password("reset-password-2026")


def test_admin_cannot_lock_themself_out(client, ntb, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("user_edit", args=[admin_user.pk]), {
        "role": Role.PROVINSI_ADMIN, "regions": [ntb["52"].pk]})  # is_active unticked
    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_deactivated_user_sees_nothing(client, records, op_a):
    op_a.is_active = False
    op_a.save()
    response = client.post(reverse("login"), {"username": "op.lotim", "password": PASSWORD})
    assert response.status_code == 200  # refused
