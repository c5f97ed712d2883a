"""Settings per province (issue 21): every province is a tenant of the same deployment, with its
own status thresholds, policy values, budget and reporting calendars and tariff discounts.

A row without a province is the national default (the system's); a province's row overrides it
there alone. A province admin sees and changes only their own province's values and the
defaults they inherit: changing a default writes the province's own row. NTB is 52 (the
default fixtures), NTT is 53 with two regencies and its own admin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ucj.audit.models import AuditEvent
from ucj.budget import services as budget_services
from ucj.budget.models import TariffDiscount, TariffRate
from ucj.budget.selectors import discount_in_force, tariff_in_force
from ucj.cycle import selectors as cycle_selectors
from ucj.cycle.services import deadline_set
from ucj.indicators.dashboard import dashboard
from ucj.indicators.gather import reporting_deadline, thresholds
from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold
from ucj.indicators.selectors import STATUS_KEYS, indicators
from ucj.indicators.services import threshold_update
from ucj.policy import selectors as policy
from ucj.policy.models import PolicyValue
from ucj.policy.services import policy_set
from ucj.submissions.selectors import reporting_calendar
from ucj.submissions.services import reporting_deadline_set

JUNE = dt.date(2025, 6, 1)


@pytest.fixture
def limits(db):
    """The national thresholds as the migrations seed them."""
    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, province=None,
                                              defaults={"label": key, "value": value})
    return {t.key: t for t in StatusThreshold.objects.filter(province=None)}


@pytest.fixture
def policy_rows(db):
    from ucj.policy.keys import KEYS

    for key, spec in KEYS.items():
        PolicyValue.objects.get_or_create(key=key, province=None, defaults={"value": spec.default})
    policy.forget()


# --- status thresholds --------------------------------------------------------------------------

def test_a_province_admin_changes_their_own_thresholds_only(limits, ntb, ntt, admin_user,
                                                            admin_ntt):
    own = threshold_update(actor=admin_ntt, threshold=limits["red-trajectory"],
                           value=Decimal("0.3"))
    assert own.province == ntt["53"] and own.pk != limits["red-trajectory"].pk
    assert thresholds(ntt["53"])["red-trajectory"] == Decimal("0.3")
    assert thresholds(ntb["52"])["red-trajectory"] == Decimal("0.5")
    assert thresholds()["red-trajectory"] == Decimal("0.5")  # the national default stays
    limits["red-trajectory"].refresh_from_db()
    assert limits["red-trajectory"].value == Decimal("0.5")
    event = AuditEvent.objects.get(object_type="indicators.statusthreshold")
    assert event.actor == admin_ntt and event.region == ntt["53"]
    assert event.changes == {"value": ["0.5000", "0.3"]}
    # and the other way round: NTB's change leaves NTT's own value as it was
    threshold_update(actor=admin_user, threshold=limits["red-trajectory"], value=Decimal("0.6"))
    assert thresholds(ntb["52"])["red-trajectory"] == Decimal("0.6")
    assert thresholds(ntt["53"])["red-trajectory"] == Decimal("0.3")
    # a second change updates the province's own row, not a new one
    threshold_update(actor=admin_ntt, threshold=own, value=Decimal("0.35"))
    assert StatusThreshold.objects.filter(key="red-trajectory").count() == 3


def test_the_lights_of_a_province_use_its_own_thresholds(limits, records, ntb, ntt, admin_user,
                                                         admin_ntt):
    region = ntb["52.03"]
    before = indicators(region, JUNE)
    for threshold in limits.values():
        if not threshold.is_month:  # NTT's admin makes every light as strict as it goes
            threshold_update(actor=admin_ntt, threshold=threshold, value=Decimal(2))
    assert indicators(region, JUNE) == before  # NTB's figures and lights are unchanged
    assert dashboard(province=ntb["52"], month=JUNE).limits == thresholds(ntb["52"])
    for threshold in limits.values():
        if not threshold.is_month:  # NTB's admin makes them as lenient as they go
            threshold_update(actor=admin_user, threshold=threshold, value=Decimal(0))
    after = indicators(region, JUNE)
    assert {k: after[k] for k in STATUS_KEYS} != {k: before[k] for k in STATUS_KEYS}
    assert dashboard(province=ntb["52"], month=JUNE).limits["red-trajectory"] == 0


def test_each_admin_lists_their_own_thresholds_and_the_defaults(client, limits, ntb, ntt,
                                                               admin_user, admin_ntt):
    ntt_row = threshold_update(actor=admin_ntt, threshold=limits["amber-schedule"],
                               value=Decimal("0.777"))
    client.force_login(admin_user)
    page = client.get(reverse("threshold_list"))
    rows = page.context["thresholds"]
    assert [t.key for t in rows] == [t.key for t in limits.values()]  # each key once
    assert all(t.province_id is None for t in rows)  # NTB has none of its own yet
    assert "77,7" not in page.content.decode()
    client.force_login(admin_ntt)
    rows = client.get(reverse("threshold_list")).context["thresholds"]
    assert ntt_row in rows and limits["amber-schedule"] not in rows


def test_another_provinces_threshold_answers_404_and_changes_nothing(client, limits, ntb, ntt,
                                                                    admin_user, admin_ntt):
    ntt_row = threshold_update(actor=admin_ntt, threshold=limits["amber-schedule"],
                               value=Decimal("0.8"))
    client.force_login(admin_user)
    response = client.post(reverse("threshold_edit", args=[ntt_row.pk]), {"value": "10"})
    assert response.status_code == 404
    ntt_row.refresh_from_db()
    assert ntt_row.value == Decimal("0.8")
    with pytest.raises(PermissionDenied):  # called directly, the service refuses it too
        threshold_update(actor=admin_user, threshold=ntt_row, value=Decimal("0.1"))
    with pytest.raises(PermissionDenied):  # nor may NTB's admin write NTT's on purpose
        threshold_update(actor=admin_user, threshold=limits["amber-schedule"],
                         value=Decimal("0.1"), province=ntt["53"])
    assert not StatusThreshold.objects.filter(province=ntb["52"]).exists()


def test_the_system_keeps_the_national_defaults(limits, ntb, ntt, admin_ntt, national):
    threshold_update(actor=admin_ntt, threshold=limits["amber-adequacy"], value=Decimal("0.9"))
    threshold_update(actor=None, threshold=limits["amber-adequacy"], value=Decimal("0.95"))
    assert thresholds(ntb["52"])["amber-adequacy"] == Decimal("0.95")  # inherits the default
    assert thresholds(ntt["53"])["amber-adequacy"] == Decimal("0.9")  # keeps its own
    with pytest.raises(PermissionDenied):  # a national viewer reads, never writes
        threshold_update(actor=national, threshold=limits["amber-adequacy"], value=Decimal(1))


# --- policy values ------------------------------------------------------------------------------

def test_a_province_admin_changes_their_own_policy_only(client, policy_rows, ntb, ntt,
                                                       admin_user, admin_ntt):
    policy_set(actor=admin_ntt, key="working-age-min", value=18)
    assert policy.working_age(ntt["53"]) == (18, 64)
    assert policy.working_age(ntt["53.01"]) == (18, 64)  # a regency reads its province's
    assert policy.working_age(ntb["52"]) == (15, 64) == policy.working_age()
    assert PolicyValue.objects.get(key="working-age-min", province=None).value == 15
    policy_set(actor=admin_user, key="forum-due-soon-days", value=30)
    assert policy.forum_due_soon_days("52") == 30 and policy.forum_due_soon_days("53") == 14
    client.force_login(admin_user)
    page = client.get(reverse("policy_list")).content.decode()
    assert 'name="value" inputmode="numeric" value="15"' in page
    client.force_login(admin_ntt)
    page = client.get(reverse("policy_list")).content.decode()
    assert 'name="value" inputmode="numeric" value="18"' in page
    # the range is checked against the province's own other end
    policy_set(actor=admin_ntt, key="working-age-max", value=20)
    assert policy.working_age("53") == (18, 20) and policy.working_age("52") == (15, 64)


# --- the reporting calendar and the budget calendar ---------------------------------------------

def test_a_province_admin_changes_their_own_reporting_calendar_only(client, ntb, ntt,
                                                                   admin_user, admin_ntt):
    reporting_deadline_set(actor=admin_ntt, dataset="participation", months_after=1,
                           due_day=25, first_period="2025-01", note="SE Kadis NTT")
    assert reporting_deadline(JUNE, ntt["53"]) == dt.date(2025, 7, 25)
    assert reporting_deadline(JUNE, ntb["52"]) == dt.date(2025, 7, 15)
    assert reporting_calendar("52")["participation"].province_id is None
    assert reporting_calendar("53")["participation"].note == "SE Kadis NTT"
    client.force_login(admin_user)
    page = client.get(reverse("reporting_calendar")).content.decode()
    assert "SE Kadis NTT" not in page and "tanggal 15, 1 bulan" in page
    client.force_login(admin_ntt)
    assert "SE Kadis NTT" in client.get(reverse("reporting_calendar")).content.decode()


def test_a_province_admin_changes_their_own_budget_calendar_only(client, ntb, ntt, admin_user,
                                                                admin_ntt):
    deadline_set(actor=admin_ntt, fiscal_year=2026, stage="murni", kind="dpa",
                 due_date=dt.date(2026, 2, 20), legal_basis="Pergub NTT")
    ntt_dpa = next(d for d in cycle_selectors.calendar(2026, "murni", "53") if d.kind == "dpa")
    ntb_dpa = next(d for d in cycle_selectors.calendar(2026, "murni", ntb["52"])
                   if d.kind == "dpa")
    assert (ntt_dpa.date, ntt_dpa.is_own) == (dt.date(2026, 2, 20), True)
    assert (ntb_dpa.date, ntb_dpa.is_own) == (dt.date(2026, 1, 31), False)
    client.force_login(admin_user)
    assert "Pergub NTT" not in client.get(reverse("cycle_calendar"),
                                          {"tahun": "2026"}).content.decode()
    client.force_login(admin_ntt)
    assert "Pergub NTT" in client.get(reverse("cycle_calendar"),
                                      {"tahun": "2026"}).content.decode()


# --- tariffs ------------------------------------------------------------------------------------

def test_a_province_admins_discount_is_their_province_alone(client, package, ntb, ntt,
                                                            admin_user, admin_ntt):
    relief = budget_services.tariff_discount_create(
        actor=admin_ntt, package=package, valid_from=dt.date(2027, 1, 1),
        valid_to=dt.date(2027, 12, 31), percent=Decimal(30), applies_to_public_funds=True,
        legal_basis="Pergub NTT 9/2026")
    assert relief.province == ntt["53"]
    assert discount_in_force(package=package, on=dt.date(2027, 5, 1), province=ntt["53"]) == relief
    assert discount_in_force(package=package, on=dt.date(2027, 5, 1), province=ntb["52"]) is None
    assert discount_in_force(package=package, on=dt.date(2027, 5, 1)) is None
    client.force_login(admin_user)
    page = client.get(reverse("tariff_list"))
    assert "Pergub NTT 9/2026" not in page.content.decode()
    assert client.get(reverse("tariff_discount_edit", args=[relief.pk])).status_code == 404
    assert client.post(reverse("tariff_discount_edit", args=[relief.pk]),
                       {"percent": "90", "valid_from": "2027-01-01"}).status_code == 404
    client.force_login(admin_ntt)
    assert "Pergub NTT 9/2026" in client.get(reverse("tariff_list")).content.decode()
    relief.refresh_from_db()
    assert relief.percent == Decimal(30)


def test_a_province_admins_correction_of_a_national_rate_is_their_own(client, package, ntb, ntt,
                                                                       admin_user, admin_ntt):
    national = TariffRate.objects.get(package=package, province=None)
    own = budget_services.tariff_rate_update(actor=admin_ntt, rate=national,
                                             monthly_amount=18_000)
    national.refresh_from_db()
    assert national.monthly_amount == 16_800 and own.province == ntt["53"]
    on = dt.date(2026, 3, 1)
    assert tariff_in_force(package=package, on=on, province=ntt["53"]).monthly_amount == 18_000
    assert tariff_in_force(package=package, on=on, province=ntb["52"]).monthly_amount == 16_800
    client.force_login(admin_user)
    assert client.get(reverse("tariff_rate_edit", args=[own.pk])).status_code == 404
    assert client.get(reverse("tariff_rate_edit", args=[national.pk])).status_code == 200
    with pytest.raises(PermissionDenied):
        budget_services.tariff_rate_update(actor=admin_user, rate=own, monthly_amount=1)
    assert TariffDiscount.objects.filter(province__isnull=False).count() == 0


def test_the_system_sets_a_default_or_a_provinces_value_by_command(limits, policy_rows, ntb,
                                                                    ntt, admin_ntt):
    from django.core.management import CommandError, call_command

    policy_set(actor=admin_ntt, key="home-due-soon-days", value=10)
    call_command("settings_default", "policy", "home-due-soon-days", "45")
    call_command("settings_default", "threshold", "red-schedule", "0.4", "--province", "52")
    assert policy.home_due_soon_days("52") == 45 and policy.home_due_soon_days("53") == 10
    assert thresholds(ntb["52"])["red-schedule"] == Decimal("0.4")
    assert thresholds(ntt["53"])["red-schedule"] == thresholds()["red-schedule"] == Decimal("0.5")
    events = AuditEvent.objects.filter(actor=None, actor_name="system")
    assert events.count() == 2
    with pytest.raises(CommandError, match="bilangan bulat"):
        call_command("settings_default", "policy", "home-due-soon-days", "0")
    with pytest.raises(CommandError):
        call_command("settings_default", "threshold", "red-schedule", "0.4", "--province", "99")
