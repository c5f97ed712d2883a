"""manage.py create_admin: the first province administrator of a new installation."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ucj.accounts.models import Role, User
from ucj.audit.models import AuditEvent

STRONG = "Kuat-sekali-2026!"


def test_it_creates_a_province_admin_from_the_environment_and_audits_it(ntb, monkeypatch,
                                                                         client):
    monkeypatch.setenv("UCJ_ADMIN_PASSWORD", STRONG)
    out = io.StringIO()
    call_command("create_admin", username="admin.ntb", region="52", full_name="Admin NTB",
                 stdout=out)
    user = User.objects.get(username="admin.ntb")
    assert user.role == Role.PROVINSI_ADMIN and [r.code for r in user.regions.all()] == ["52"]
    assert user.check_password(STRONG) and STRONG not in out.getvalue()
    event = AuditEvent.objects.get(object_type="accounts.user", action="create")
    assert event.actor_id is None and event.note == "manage.py create_admin"
    response = client.post("/masuk/", {"username": "admin.ntb", "password": STRONG})
    assert response.status_code == 302  # signed in


@pytest.mark.parametrize("kwargs, password, message", [
    ({"region": "52.03"}, STRONG, "milik provinsi"),
    ({"region": "99"}, STRONG, "No region"),
    ({"region": "52"}, "12345", "kata sandi"),
])
def test_it_refuses_a_regency_an_unknown_region_and_a_weak_password(ntb, monkeypatch, kwargs,
                                                                     password, message):
    monkeypatch.setenv("UCJ_ADMIN_PASSWORD", password)
    with pytest.raises(CommandError) as refused:
        call_command("create_admin", username="admin.x", stdout=io.StringIO(), **kwargs)
    assert message in str(refused.value).lower() or message in str(refused.value)  # Indonesian
    assert not User.objects.filter(username="admin.x").exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_name_already_taken(ntb, admin_user, monkeypatch):
    monkeypatch.setenv("UCJ_ADMIN_PASSWORD", STRONG)
    with pytest.raises(CommandError):
        call_command("create_admin", username=admin_user.username.upper(), region="52",
                     stdout=io.StringIO())
