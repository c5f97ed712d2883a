"""Every province a tenant of one deployment (issue 21): a second province's users see none of
NTB's records or aggregates and NTB's users none of theirs; a national viewer reads every
province's aggregates and no record. The generated matrix (tests/test_authz_matrix.py) checks
every URL for these users; these tests check what the main pages and services show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD
from ucj.accounts import services as accounts
from ucj.accounts.models import Role, User
from ucj.accounts.scope import (
    aggregate_province,
    aggregate_province_codes,
    can_read_aggregates,
    is_national,
    managed_users,
    visible_audit_events,
)
from ucj.audit.models import AuditEvent
from ucj.coverage import services as coverage


@pytest.fixture
def both(ntb, ntt, admin_user, admin_ntt, op_a, op_ntt):
    """A record in each province, written by its own operator."""
    coverage.denominator_create(actor=op_a, region=ntb["52.03"], year=2025,
                                workforce_potential=450_000, source_note="BPS NTB")
    coverage.denominator_create(actor=op_ntt, region=ntt["53.01"], year=2025,
                                workforce_potential=200_000, source_note="BPS NTT")
    return ntb, ntt


def test_the_aggregate_rule_is_the_province(both, admin_user, admin_ntt, op_a, national):
    ntb, ntt = both
    assert aggregate_province_codes(admin_user) == ["52"]
    assert aggregate_province_codes(op_a) == ["52"]  # an operator reads its peers' aggregates
    assert aggregate_province_codes(national) is None
    assert can_read_aggregates(op_a, ntb["52.02"]) and not can_read_aggregates(op_a, ntt["53.01"])
    assert not can_read_aggregates(admin_ntt, ntb["52"])
    assert can_read_aggregates(national, ntb["52.03"]) and can_read_aggregates(national,
                                                                               ntt["53"])
    assert is_national(national) and not is_national(admin_user)
    assert aggregate_province(national).code == "52"  # the first by code, none asked
    assert aggregate_province(national, "53").code == "53"
    assert aggregate_province(admin_ntt).code == "53"
    assert aggregate_province(admin_ntt, "52") is None


def test_it_rejects_another_provinces_dashboard_and_regions(client, both, admin_ntt, op_a):
    client.force_login(admin_ntt)
    assert client.get(reverse("dashboard"), {"provinsi": "52"}).status_code == 404
    assert client.get(reverse("region_detail", args=["52.03"])).status_code == 404
    assert client.get(reverse("api_region", args=["52.03"])).status_code == 404
    regions = client.get(reverse("region_list"))
    assert b"Kupang" in regions.content and b"Lombok" not in regions.content
    client.force_login(op_a)
    assert client.get(reverse("dashboard"), {"provinsi": "53"}).status_code == 404
    assert client.get(reverse("region_detail", args=["53.01"])).status_code == 404
    listing = client.get(reverse("record_list", args=["denominators"]))
    assert listing.context["count"] == 1 and b"Kupang" not in listing.content


def test_a_national_viewer_reads_every_provinces_aggregates_and_no_record(client, both,
                                                                          national):
    client.force_login(national)
    for code in ("52", "53"):
        assert client.get(reverse("dashboard"), {"provinsi": code}).status_code == 200
    for code in ("52.03", "53.01"):
        assert client.get(reverse("region_detail", args=[code])).status_code == 200
    regions = client.get(reverse("region_list"))
    assert b"Kupang" in regions.content and b"Lombok" in regions.content
    for slug in ("denominators", "participation", "commitments", "allocations",
                 "realizations"):
        listing = client.get(reverse("record_list", args=[slug]))
        assert listing.status_code == 200 and listing.context["count"] == 0
    assert client.get(reverse("registry_home")).status_code == 200
    assert client.get(reverse("user_list")).status_code == 403


def test_a_province_admin_manages_only_its_provinces_accounts(client, both, admin_user,
                                                              admin_ntt, op_a, op_ntt,
                                                              national):
    assert set(managed_users(admin_ntt, User.objects.all())) == {admin_ntt, op_ntt}
    assert national not in managed_users(admin_user, User.objects.all())
    client.force_login(admin_ntt)
    page = client.get(reverse("user_list"))
    assert b"op.kupang" in page.content and b"admin.prov" not in page.content
    assert client.get(reverse("user_edit", args=[op_a.pk])).status_code == 404
    assert client.post(reverse("user_password", args=[op_a.pk]), {
        "password": "Reset-long-pass-321", "password2": "Reset-long-pass-321"}).status_code == 404
    form = client.get(reverse("user_create")).context["form"]
    assert {r.code for r in form.fields["regions"].queryset} == {"53", "53.01", "53.02"}
    assert Role.NASIONAL_VIEWER not in dict(form.fields["role"].choices)
    with pytest.raises(PermissionDenied):  # binding a user to NTB from NTT
        accounts.user_create(actor=admin_ntt, username="penyusup", password=PASSWORD,
                             role=Role.DAERAH_OPERATOR, regions=[both[0]["52.03"]])
    with pytest.raises(PermissionDenied):  # a national viewer is made on the server only
        accounts.user_create(actor=admin_ntt, username="pusat", password=PASSWORD,
                             role=Role.NASIONAL_VIEWER, regions=[])
    with pytest.raises(PermissionDenied):
        accounts.user_update(actor=admin_ntt, user=op_a, role=Role.DAERAH_OPERATOR,
                             regions=[both[1]["53.01"]])
    assert not User.objects.filter(username__in=["penyusup", "pusat"]).exists()
    assert list(op_a.regions.values_list("code", flat=True)) == ["52.03"]


def test_a_province_admin_reads_only_its_provinces_audit_events(both, admin_user, admin_ntt):
    mine = visible_audit_events(admin_ntt, AuditEvent.objects.all())
    assert mine.filter(object_repr__contains="Kupang").exists()
    assert not mine.filter(object_repr__contains="Lombok").exists()
    assert not mine.filter(actor__username="op.lotim").exists()
    theirs = visible_audit_events(admin_user, AuditEvent.objects.all())
    assert theirs.filter(object_repr__contains="Lombok").exists()
    assert not theirs.filter(object_repr__contains="Kupang").exists()


def test_a_failed_sign_in_is_read_by_the_users_province_only(client, both, admin_user,
                                                             admin_ntt, op_ntt):
    client.post(reverse("login"), {"username": "op.kupang", "password": "wrong-password"})
    failed = AuditEvent.objects.filter(action="login_failed")
    assert failed.count() == 1
    assert visible_audit_events(admin_ntt, failed).count() == 1
    assert visible_audit_events(admin_user, failed).count() == 0


def test_the_server_operator_makes_a_national_viewer(db, monkeypatch, capsys):
    monkeypatch.setenv("UCJ_ADMIN_PASSWORD", "A-long-national-pass-1")
    call_command("create_admin", "--username", "kemnaker", "--national")
    user = User.objects.get(username="kemnaker")
    assert user.role == Role.NASIONAL_VIEWER and not user.regions.exists()
    assert "National viewer kemnaker" in capsys.readouterr().out
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert event.actor is None and event.note == "manage.py create_admin"


def test_the_reports_offered_are_of_ones_own_province(client, both, admin_ntt, viewer):
    from ucj.reports.selectors import orderable_regions

    assert {r.code for r in orderable_regions(admin_ntt)} == {"53", "53.01", "53.02"}
    assert "53" not in {r.code for r in orderable_regions(viewer)}


def test_january_dashboard_of_the_other_province_is_still_refused(client, both, op_ntt):
    """As of any month: the rule is about the province, not the time."""
    client.force_login(op_ntt)
    month = f"{dt.date(2026, 1, 1):%Y-%m}"
    assert client.get(reverse("dashboard"), {"provinsi": "52", "bulan": month}).status_code == 404
    assert client.get(reverse("dashboard"), {"provinsi": "53", "bulan": month}).status_code == 200


def test_a_national_viewer_lands_on_the_national_dashboard(client, both, national, admin_ntt):
    client.force_login(national)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("national_dashboard")
    client.force_login(admin_ntt)  # a province's own land on their province's pages
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("national_dashboard")).status_code == 403


def test_the_month_form_keeps_the_province_a_national_viewer_opened(client, both, national,
                                                                    admin_ntt):
    coverage.participation_create(actor=admin_ntt, region=both[1]["53.01"],
                                  month=dt.date(2025, 6, 1), segment="BPU", active=21_000)
    client.force_login(national)
    page = client.get(reverse("dashboard"), {"provinsi": "53"}).content.decode()
    assert 'name="provinsi" value="53"' in page and "Nusa Tenggara Timur" in page
