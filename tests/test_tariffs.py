"""The tariffs page: everyone signed in reads the contribution tariffs and discounts; the
province admin adds and corrects them, every change audited; a new rate never rewrites a
past calculation.

Seeded (ucj.budget.reference): BPU JKK + JKM Rp 16.800 and BPU JKK + JKM + JHT Rp 36.800 from
1 July 2015; PU risk class I 0,24 + 0,30 + 5,7 + 3 + 0,36 = 9,60% and class V 1,74 + 9,36 =
11,10% of the wage; a 50% BPU discount (PP 50/2025) for 2026 that does not apply to APBN/APBD.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ucj.audit.models import AuditEvent
from ucj.budget import services
from ucj.budget.models import Allocation, ContributionPackage, TariffDiscount, TariffRate
from ucj.budget.selectors import discount_in_force, tariff_in_force
from ucj.budget.templatetags.tariffs import percent_text

JAN_2026 = dt.date(2026, 1, 1)


def main(response) -> str:
    return response.content.decode().split("<main", 1)[1]


def section(response, code: str) -> str:
    """The page's part about one package."""
    return main(response).split(f'id="paket-{code}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def seeded(package):
    return {p.code: p for p in ContributionPackage.objects.all()}


def rate_of(code: str) -> TariffRate:
    return TariffRate.objects.get(package__code=code, province=None)  # the national (#21)


def own_line(admin_user, package) -> TariffRate:
    """Issue 21: the province admin keeps the province's own rates, which win over the national
    ones there: here the province's own copy of the national rate of 1 July 2015."""
    return services.tariff_rate_create(actor=admin_user, package=package,
                                       valid_from=dt.date(2015, 7, 1), monthly_amount=16_800)


# --- reading ------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["admin_user", "op_a", "op_b", "viewer", "bpjs"])
def test_it_shows_every_package_with_its_rates_and_discounts_to_everyone(client, request, seeded,
                                                                          who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("tariff_list"))
    assert page.status_code == 200
    assert len(page.context["packages"]) == 7
    assert "Rp 16.800" in section(page, "bpu-jkk-jkm")
    assert "Rp 36.800" in section(page, "bpu-jkk-jkm-jht")
    bpu = section(page, "bpu-jkk-jkm")
    assert "−50%" in bpu and "PP 50/2025" in bpu and "1 Juli 2015" in bpu
    assert "31 Desember 2026" in bpu
    is_admin = who == "admin_user"
    assert ("<form" in main(page)) is is_admin
    assert (reverse("tariff_rate_edit", args=[rate_of("bpu-jkk-jkm").pk]) in bpu) is is_admin


def test_a_pu_rate_shows_as_a_percentage_of_the_wage(client, viewer, seeded):
    client.force_login(viewer)
    page = client.get(reverse("tariff_list"))
    risk_1, risk_5 = section(page, "pu-risiko-1"), section(page, "pu-risiko-5")
    # the employer's share only: JKK 0,24 + JKM 0,30 + JHT 3,7 = 4,24% of the wage, plus JP 2%
    # of the wage up to the JP wage cap
    rates = risk_1.split("<tbody>", 1)[1].split("</tbody>")[0]
    assert "4,24%" in rates and "2%" in rates and "Rp 10.042.300" in rates
    assert "5,74%" in risk_5  # JKK 1,74 + 0,30 + 3,7
    assert percent_text(Decimal("0.245")) == "0,245%"
    assert percent_text(Decimal("9.600")) == "9,60%"
    assert percent_text(Decimal("50.00"), "whole") == "50%"
    assert percent_text(Decimal("12.50"), "whole") == "12,50%"


def test_it_marks_the_rate_in_force_today(client, admin_user, seeded):
    today = timezone.localdate()
    old = rate_of("pu-risiko-1")
    services.tariff_rate_create(actor=admin_user, package=seeded["bpu-jkk-jkm"],
                                valid_from=today + dt.timedelta(days=1), monthly_amount=20_000)
    services.tariff_rate_create(actor=admin_user, package=seeded["pu-risiko-1"],
                                valid_from=today, percent_of_wage=Decimal("9.85"))
    client.force_login(admin_user)
    page = client.get(reverse("tariff_list"))
    marked = {p.code: p.rate_now for p in page.context["packages"]}
    assert marked["bpu-jkk-jkm"].monthly_amount == 16_800  # the new one starts tomorrow
    assert marked["pu-risiko-1"].percent_of_wage == Decimal("9.850")
    own_rows = re.findall(r'<tr class="own">(.*?)</tr>', section(page, "bpu-jkk-jkm"), re.S)
    rate_rows = [row for row in own_rows if "/anggaran/tarif/tarif/" in row]
    assert len(rate_rows) == 1 and "Rp 16.800" in rate_rows[0]
    old.refresh_from_db()  # issue 21: the national rate stays; the province's own wins today
    assert old.valid_to is None
    assert marked["pu-risiko-1"] != old


def test_anonymous_users_are_sent_to_sign_in(client, seeded):
    rate = rate_of("bpu-jkk-jkm")
    for url in (reverse("tariff_list"), reverse("tariff_rate_edit", args=[rate.pk]),
                reverse("tariff_rate_create", args=["bpu-jkk-jkm"])):
        assert client.get(url).status_code == 302
    assert client.post(reverse("tariff_rate_create", args=["bpu-jkk-jkm"]),
                       {"monthly_amount": "1", "valid_from": "2027-01-01"}).status_code == 302
    assert TariffRate.objects.count() == 7


@pytest.mark.parametrize("who", ["op_a", "op_b", "viewer", "bpjs"])
def test_others_get_403_on_every_form_and_change_nothing(client, request, seeded, who):
    client.force_login(request.getfixturevalue(who))
    rate = rate_of("bpu-jkk-jkm")
    discount = TariffDiscount.objects.filter(package__code="bpu-jkk-jkm").first()
    posts = {
        reverse("tariff_rate_create", args=["bpu-jkk-jkm"]):
            {"monthly_amount": "20.000", "valid_from": "2027-01-01"},
        reverse("tariff_rate_edit", args=[rate.pk]):
            {"monthly_amount": "1", "valid_from": "2015-07-01"},
        reverse("tariff_discount_create", args=["bpu-jkk-jkm"]):
            {"percent": "10", "valid_from": "2027-01-01"},
        reverse("tariff_discount_edit", args=[discount.pk]):
            {"percent": "90", "valid_from": "2026-01-01"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
        assert client.get(url).status_code == 403, url
    rate.refresh_from_db()
    discount.refresh_from_db()
    assert rate.monthly_amount == 16_800 and rate.valid_to is None
    assert discount.percent == Decimal("50.00")
    assert TariffRate.objects.count() == 7 and TariffDiscount.objects.count() == 4
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["op_a", "viewer"])
def test_the_services_refuse_anyone_but_the_province_admin(request, seeded, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.tariff_rate_create(actor=user, package=seeded["bpu-jkk-jkm"],
                                    valid_from=dt.date(2027, 1, 1), monthly_amount=20_000)
    with pytest.raises(PermissionDenied):
        services.tariff_discount_update(actor=user, discount=TariffDiscount.objects.first(),
                                        percent=Decimal(10))
    assert rate_of("bpu-jkk-jkm").valid_to is None


# --- a new rate -----------------------------------------------------------------------------------

def test_a_new_rate_closes_the_open_ended_one_and_is_in_force_from_its_date(admin_user, seeded):
    package = seeded["bpu-jkk-jkm"]
    ntb = admin_user.regions.get()
    national = rate_of("bpu-jkk-jkm")
    old = own_line(admin_user, package)  # issue 21: the province's own line
    events = AuditEvent.objects.count()
    new = services.tariff_rate_create(
        actor=admin_user, package=package, valid_from=JAN_2026, monthly_amount=20_000,
        legal_basis="PP 1/2026", source="Siaran pers BPJS Ketenagakerjaan")
    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 12, 31) and old.updated_by == admin_user
    assert new.valid_to is None and new.updated_by == admin_user
    assert tariff_in_force(package=package, on=dt.date(2025, 12, 31), province=ntb) == old
    assert tariff_in_force(package=package, on=JAN_2026, province=ntb) == new
    assert tariff_in_force(package=package, on=dt.date(2030, 6, 1), province=ntb) == new
    assert tariff_in_force(package=package, on=dt.date(2015, 6, 30), province=ntb) is None
    national.refresh_from_db()  # the national rate, in force wherever a province has none
    assert national.valid_to is None and tariff_in_force(package=package, on=JAN_2026) == national
    closed, created = AuditEvent.objects.order_by("id")[events:]
    assert (closed.action, closed.object_id) == ("update", str(old.pk))
    assert closed.changes == {"valid_to": [None, "2025-12-31"]}
    assert (created.action, created.object_id) == ("create", str(new.pk))
    assert created.object_type == "budget.tariffrate"
    assert created.changes == {
        "package": [None, "bpu-jkk-jkm"], "monthly_amount": [None, 20_000],
        "valid_from": [None, "2026-01-01"], "legal_basis": [None, "PP 1/2026"],
        "source": [None, "Siaran pers BPJS Ketenagakerjaan"], "province": [None, "52"]}
    assert created.actor == admin_user and created.region == ntb


def test_the_admin_adds_a_rate_typed_the_indonesian_way(client, admin_user, seeded):
    client.force_login(admin_user)
    response = client.post(reverse("tariff_rate_create", args=["bpu-jkk-jkm"]), {
        "monthly_amount": "Rp 20.000", "valid_from": "2026-01-01", "legal_basis": "PP 1/2026"})
    assert response.status_code == 302
    assert response["Location"] == reverse("tariff_list") + "#paket-bpu-jkk-jkm"
    new = TariffRate.objects.get(package__code="bpu-jkk-jkm", valid_from=JAN_2026)
    assert new.monthly_amount == 20_000 and new.percent_of_wage is None
    response = client.post(reverse("tariff_rate_create", args=["pu-risiko-2"]), {
        "percent_of_wage": "10,125", "valid_from": "2026-01-01"})
    assert response.status_code == 302
    assert TariffRate.objects.get(package__code="pu-risiko-2",
                                  valid_from=JAN_2026).percent_of_wage == Decimal("10.125")
    page = client.get(reverse("tariff_list"))
    assert "10,125%" in section(page, "pu-risiko-2")
    assert "Rp 20.000" in section(page, "bpu-jkk-jkm")


def test_overlapping_periods_are_refused_and_nothing_is_written(admin_user, seeded):
    package = seeded["bpu-jkk-jkm"]
    own_line(admin_user, package)  # issue 21: the province's own rates must not overlap
    services.tariff_rate_create(actor=admin_user, package=package, valid_from=JAN_2026,
                                monthly_amount=20_000)
    events = AuditEvent.objects.count()
    # Starts inside 1 July 2015 – 31 December 2025: the start date is wrong.
    with pytest.raises(ValidationError) as refused:
        services.tariff_rate_create(actor=admin_user, package=package,
                                    valid_from=dt.date(2025, 6, 1), valid_to=dt.date(2025, 8, 31),
                                    monthly_amount=18_000)
    assert list(refused.value.error_dict) == ["valid_from"]
    assert "1 Juli 2015" in str(refused.value) and "31 Desember 2025" in str(refused.value)
    # Ends after the 2015 rate starts: the end date is wrong.
    with pytest.raises(ValidationError) as refused:
        services.tariff_rate_create(actor=admin_user, package=package,
                                    valid_from=dt.date(2014, 1, 1), valid_to=dt.date(2015, 12, 31),
                                    monthly_amount=15_000)
    assert list(refused.value.error_dict) == ["valid_to"]
    # Moving the 2026 rate back into 2025 overlaps the old one.
    new = TariffRate.objects.get(package=package, valid_from=JAN_2026)
    with pytest.raises(ValidationError) as refused:
        services.tariff_rate_update(actor=admin_user, rate=new, valid_from=dt.date(2025, 10, 1))
    assert list(refused.value.error_dict) == ["valid_from"]
    assert TariffRate.objects.filter(package=package, province__code="52").count() == 2
    assert AuditEvent.objects.count() == events
    new.refresh_from_db()
    assert new.valid_from == JAN_2026


def test_a_rate_with_an_end_date_does_not_cut_the_open_ended_one_short(admin_user, seeded):
    """Closing the 2015 rate for a rate of June–August 2025 would leave no rate from September."""
    package = seeded["bpu-jkk-jkm"]
    own = own_line(admin_user, package)  # issue 21: the province's own line
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.tariff_rate_create(actor=admin_user, package=package,
                                    valid_from=dt.date(2025, 6, 1), valid_to=dt.date(2025, 8, 31),
                                    monthly_amount=18_000)
    assert list(refused.value.error_dict) == ["valid_from"]
    assert "1 Juli 2015" in str(refused.value)
    own.refresh_from_db()
    assert own.valid_to is None
    assert tariff_in_force(package=package, on=dt.date(2025, 9, 1),
                           province=own.province).monthly_amount == 16_800
    assert AuditEvent.objects.count() == events


def test_the_page_says_why_an_overlapping_rate_was_refused(client, admin_user, seeded):
    package = seeded["bpu-jkk-jkm"]
    own_line(admin_user, package)  # issue 21: the province's own line
    services.tariff_rate_create(actor=admin_user, package=package, valid_from=JAN_2026,
                                monthly_amount=20_000)
    client.force_login(admin_user)
    response = client.post(reverse("tariff_rate_create", args=["bpu-jkk-jkm"]), {
        "monthly_amount": "18.000", "valid_from": "2025-06-01", "valid_to": "2025-08-31"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["valid_from"] and "31 Desember 2025" in errors["valid_from"][0]
    assert "31 Desember 2025" in main(response)
    assert 'value="18.000"' in main(response)  # what was typed is kept
    assert TariffRate.objects.filter(package=package, province__code="52").count() == 2


def test_amount_and_percent_together_are_refused_and_the_old_rate_stays_open(client, admin_user,
                                                                             seeded):
    package = seeded["bpu-jkk-jkm"]
    with pytest.raises(ValidationError) as refused:
        services.tariff_rate_create(actor=admin_user, package=package, valid_from=JAN_2026,
                                    monthly_amount=16_800, percent_of_wage=Decimal("9.6"))
    assert "__all__" in refused.value.error_dict
    with pytest.raises(ValidationError):  # neither is refused too
        services.tariff_rate_create(actor=admin_user, package=package, valid_from=JAN_2026)
    client.force_login(admin_user)
    response = client.post(reverse("tariff_rate_create", args=["bpu-jkk-jkm"]), {
        "monthly_amount": "16.800", "percent_of_wage": "9,6", "valid_from": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'class="errorlist-box"' in main(response)
    # The rollback undid the closing of the open-ended rate as well.
    assert rate_of("bpu-jkk-jkm").valid_to is None
    assert not AuditEvent.objects.exists()


def test_the_admin_corrects_a_rate_and_only_real_changes_are_audited(client, admin_user, seeded):
    rate = rate_of("pu-risiko-1")
    client.force_login(admin_user)
    form = client.get(reverse("tariff_rate_edit", args=[rate.pk]))
    assert form.status_code == 200 and 'value="4,24"' in main(form)
    assert 'value="10.042.300"' in main(form)
    same = {"percent_of_wage": "4,24", "capped_percent_of_wage": "2", "wage_cap": "10.042.300",
            "valid_from": "2015-07-01", "legal_basis": rate.legal_basis, "source": rate.source}
    assert client.post(reverse("tariff_rate_edit", args=[rate.pk]), same).status_code == 302
    assert not AuditEvent.objects.exists()
    response = client.post(reverse("tariff_rate_edit", args=[rate.pk]),
                           {**same, "percent_of_wage": "4,49"})
    assert response.status_code == 302
    # issue 21: the correction of a national rate is the province's own copy, corrected
    rate = TariffRate.objects.get(package__code="pu-risiko-1", province__code="52")
    assert rate.percent_of_wage == Decimal("4.490") and rate.updated_by == admin_user
    event = AuditEvent.objects.get()
    assert event.action == "create" and event.changes == {
        "percent_of_wage": ["4.240", "4.490"], "province": [None, "52"]}
    # A wage of Rp 2.600.000 now costs 2.600.000 × 4,49% = 116.740 + JP 2% × 2.600.000 = 52.000:
    # Rp 168.740 a month; Rp 12.000.000 pays JP on the cap only: 538.800 + 200.846 = 739.646.
    assert rate.per_worker(wage=2_600_000) == 168_740
    assert rate.per_worker(wage=12_000_000) == 739_646


def test_an_allocation_saved_before_a_rate_change_keeps_its_amount(admin_user, ntb, seeded):
    package = seeded["bpu-jkk-jkm"]
    # 3.000 workers × Rp 16.800 × 3 months (October–December 2026) = Rp 151.200.000
    allocation = services.allocation_create(
        actor=admin_user, region=ntb["52.03"], fiscal_year=2026, stage="perubahan",
        funding_source="apbd_kabkota", amount=151_200_000, workers_planned=3_000,
        start_month=10, months_covered=3, package=package)
    services.tariff_rate_create(actor=admin_user, package=package, valid_from=JAN_2026,
                                monthly_amount=20_000)
    allocation = Allocation.objects.get(pk=allocation.pk)
    assert allocation.amount == 151_200_000
    # Checks from now on use the new rate: 3.000 × Rp 20.000 × 3 = Rp 180.000.000.
    assert services.expected_amount(package=package, fiscal_year=2026, start_month=10,
                                    workers=3_000, months=3,
                                    region_id=ntb["52.03"].pk) == 180_000_000  # its own (#21)
    assert not AuditEvent.objects.filter(object_type="budget.allocation",
                                         action="update").exists()


# --- discounts ------------------------------------------------------------------------------------

def test_the_admin_adds_and_corrects_a_discount(client, admin_user, seeded):
    package = seeded["bpu-jkk-jkm"]
    pp50 = TariffDiscount.objects.get(package=package, sector="transport")
    client.force_login(admin_user)
    response = client.post(reverse("tariff_discount_create", args=["bpu-jkk-jkm"]), {
        "percent": "25", "valid_from": "2027-04-01", "valid_to": "2027-06-30",
        "applies_to_public_funds": "on", "legal_basis": "PP 7/2027"})
    assert response.status_code == 302
    ntb = admin_user.regions.get()  # issue 21: the province's own discount
    new = discount_in_force(package=package, on=dt.date(2027, 5, 1), province=ntb)
    assert new.percent == Decimal("25.00") and new.applies_to_public_funds is True
    assert new.sector == "" and new.base_amount is None  # every sector, the whole contribution
    assert discount_in_force(package=package, on=dt.date(2027, 3, 31), province=ntb) == pp50
    assert discount_in_force(package=package, on=dt.date(2027, 7, 1), province=ntb) is None
    assert discount_in_force(package=package, on=dt.date(2027, 5, 1)) is None  # elsewhere
    created = AuditEvent.objects.get(action="create")
    assert created.object_type == "budget.tariffdiscount"
    assert created.changes["applies_to_public_funds"] == [None, True]
    assert created.changes["percent"] == [None, "25.00"]
    # PP 50/2025's transport months are shortened to the first half of 2026; its rule for
    # APBN/APBD, its sector and the part it relieves stay.
    response = client.post(reverse("tariff_discount_edit", args=[pp50.pk]), {
        "percent": "50", "valid_from": "2026-01-01", "valid_to": "2026-06-30",
        "base_amount": "16.800", "sector": "transport",
        "legal_basis": pp50.legal_basis, "source": pp50.source})
    assert response.status_code == 302
    # issue 21: the province's own copy of the national discount, corrected
    pp50 = TariffDiscount.objects.get(package=package, sector="transport", province=ntb)
    assert pp50.valid_to == dt.date(2026, 6, 30) and pp50.applies_to_public_funds is False
    assert (pp50.sector, pp50.base_amount) == ("transport", 16_800)
    assert AuditEvent.objects.filter(action="create").latest("id").changes == {
        "valid_to": ["2027-03-31", "2026-06-30"], "province": [None, "52"]}


def test_overlapping_or_reversed_discounts_are_refused(client, admin_user, seeded):
    package = seeded["bpu-jkk-jkm"]
    # issue 21: the province's own discounts must not overlap each other
    services.tariff_discount_create(actor=admin_user, package=package, valid_from=JAN_2026,
                                    valid_to=dt.date(2026, 12, 31), percent=Decimal(50))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.tariff_discount_create(actor=admin_user, package=package,
                                        valid_from=dt.date(2026, 6, 1), percent=Decimal(10))
    assert list(refused.value.error_dict) == ["valid_from"]
    assert "1 Januari 2026" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.tariff_discount_create(actor=admin_user, package=package,
                                        valid_from=dt.date(2027, 6, 1),
                                        valid_to=dt.date(2027, 1, 1), percent=Decimal(10))
    assert list(refused.value.error_dict) == ["valid_to"]
    client.force_login(admin_user)
    response = client.post(reverse("tariff_discount_create", args=["bpu-jkk-jkm"]),
                           {"percent": "150", "valid_from": "2027-01-01"})
    assert response.status_code == 200 and "percent" in response.context["form"].errors
    assert TariffDiscount.objects.filter(package=package, province=None).count() == 2
    assert TariffDiscount.objects.filter(package=package).count() == 3
    assert AuditEvent.objects.count() == events
