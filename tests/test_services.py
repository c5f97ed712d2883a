"""Writes go through services: validated, atomic, audited; implausible values need
confirmation; other regions' records cannot be written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ucj.audit.models import AuditEvent
from ucj.budget import services as budget
from ucj.budget.models import Allocation, Realization
from ucj.core.services import ConfirmationRequired
from ucj.coverage import services as coverage
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator


def allocation_kwargs(region, package, **overrides):
    kwargs = dict(region=region, fiscal_year=2026, stage="murni", funding_source="apbd_kabkota",
                  amount=201_600_000, workers_planned=1_000, start_month=1, months_covered=12,
                  package=package)
    return kwargs | overrides


def test_create_writes_an_audit_event_with_the_new_values(ntb, op_a, package):
    allocation = budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    event = AuditEvent.objects.get(object_type="budget.allocation", object_id=str(allocation.pk))
    assert event.action == "create" and event.actor == op_a and event.region == ntb["52.03"]
    assert event.changes["amount"] == [None, 201_600_000]
    assert event.changes["region"] == [None, "52.03"]
    assert allocation.created_by == op_a


def test_update_audits_old_and_new_values_and_only_what_changed(ntb, op_a, package):
    allocation = budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    budget.allocation_update(actor=op_a, allocation=allocation, amount=100_800_000,
                             workers_planned=500)
    event = AuditEvent.objects.filter(action="update").get()
    assert event.changes == {"amount": [201_600_000, 100_800_000],
                             "workers_planned": [1_000, 500]}


def test_an_update_that_changes_nothing_writes_nothing(ntb, op_a, package):
    allocation = budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    before = Allocation.objects.get().updated_at
    budget.allocation_update(actor=op_a, allocation=allocation, amount=201_600_000)
    assert not AuditEvent.objects.filter(action="update").exists()
    assert Allocation.objects.get().updated_at == before


def test_delete_keeps_the_old_values_in_the_audit_log(ntb, op_a, package):
    allocation = budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    pk = allocation.pk
    budget.allocation_delete(actor=op_a, allocation=allocation)
    assert not Allocation.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.object_id == str(pk) and event.changes["amount"] == [201_600_000, None]


def test_it_refuses_to_delete_an_allocation_with_realizations(records, admin_user):
    with pytest.raises(ValidationError, match="realisasi"):
        budget.allocation_delete(actor=admin_user, allocation=records["allocations"])
    assert Allocation.objects.filter(pk=records["allocations"].pk).exists()


def test_audit_events_are_append_only(records):
    event = AuditEvent.objects.first()
    event.note = "rewritten"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


# --- permissions -----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["op_b", "viewer", "bpjs"])
def test_it_rejects_writes_by_others(request, ntb, package, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        budget.allocation_create(actor=user, **allocation_kwargs(ntb["52.03"], package))
    assert not Allocation.objects.exists() and not AuditEvent.objects.exists()


def test_it_rejects_moving_a_record_to_another_region(ntb, op_a, package):
    allocation = budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    with pytest.raises(PermissionDenied):
        budget.allocation_update(actor=op_a, allocation=allocation, region=ntb["52.02"])
    assert Allocation.objects.get().region == ntb["52.03"]


def test_bpjs_operator_writes_participation_of_its_branch_only(ntb, bpjs):
    kwargs = dict(month=dt.date(2025, 6, 1), segment="PU", active=10_000)
    with pytest.raises(PermissionDenied):
        coverage.participation_create(actor=bpjs, region=ntb["52.03"], confirm_warnings=True,
                                      **kwargs)
    coverage.participation_create(actor=bpjs, region=ntb["52.71"], confirm_warnings=True, **kwargs)
    assert ParticipationSnapshot.objects.get().region == ntb["52.71"]


# --- validation ------------------------------------------------------------------------------

def test_one_record_per_natural_key(ntb, op_a, package):
    budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    with pytest.raises(ValidationError) as exc:
        budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    assert "Sudah ada" in str(exc.value)
    assert Allocation.objects.count() == 1


def test_months_must_fit_in_the_fiscal_year(ntb, op_a, package):
    with pytest.raises(ValidationError) as exc:
        budget.allocation_create(actor=op_a, **allocation_kwargs(
            ntb["52.03"], package, stage="perubahan", start_month=10, months_covered=6,
            amount=100_800_000))
    assert "months_covered" in exc.value.error_dict
    assert not Allocation.objects.exists()


def test_negative_counts_are_refused(ntb, admin_user):
    with pytest.raises(ValidationError) as exc:
        coverage.denominator_create(actor=admin_user, region=ntb["52.03"], year=2025,
                                    workforce_potential=-5)
    assert "workforce_potential" in exc.value.error_dict
    assert not WorkforceDenominator.objects.exists()


def test_denominators_are_kept_per_regency(ntb, admin_user):
    for code in ("52", "52.03.01"):
        with pytest.raises(ValidationError) as exc:
            coverage.denominator_create(actor=admin_user, region=ntb[code], year=2025,
                                        workforce_potential=1_000)
        assert "region" in exc.value.error_dict


def test_informal_cannot_exceed_employed(ntb, admin_user):
    with pytest.raises(ValidationError) as exc:
        coverage.denominator_create(actor=admin_user, region=ntb["52.03"], year=2025,
                                    workforce_potential=1_000, employed=900, informal=901)
    assert "informal" in exc.value.error_dict


def test_government_funded_cannot_exceed_active(ntb, admin_user):
    with pytest.raises(ValidationError):
        coverage.participation_create(actor=admin_user, region=ntb["52.03"],
                                      month=dt.date(2025, 6, 1), segment="BPU", active=100,
                                      funded_apbd_kabkota=80, funded_dbhcht=21,
                                      confirm_warnings=True)
    assert not ParticipationSnapshot.objects.exists()


def test_realization_month_must_be_in_the_fiscal_year(records, admin_user):
    with pytest.raises(ValidationError) as exc:
        budget.realization_create(actor=admin_user, allocation=records["allocations"],
                                  month=dt.date(2026, 1, 1), amount_paid=16_800, workers_paid=1)
    assert "month" in exc.value.error_dict


def test_commitment_target_is_a_percentage(ntb, admin_user):
    with pytest.raises(ValidationError) as exc:
        budget.commitment_create(actor=admin_user, region=ntb["52.03"], year=2026,
                                 target_coverage=Decimal("120"))
    assert "target_coverage" in exc.value.error_dict


# --- plausibility warnings -------------------------------------------------------------------

def test_active_above_workforce_potential_needs_confirmation(records, admin_user):
    kwargs = dict(actor=admin_user, region=records["denominators"].region,
                  month=dt.date(2025, 6, 1), segment="PU", active=500_000)
    with pytest.raises(ConfirmationRequired) as exc:
        coverage.participation_create(**kwargs)
    assert "melebihi potensi tenaga kerja" in exc.value.warnings[0]
    assert ParticipationSnapshot.objects.count() == 1
    snapshot = coverage.participation_create(confirm_warnings=True, **kwargs)
    assert snapshot.flags and "melebihi" in snapshot.flags[0]
    event = AuditEvent.objects.get(object_type="coverage.participationsnapshot",
                                   object_id=str(snapshot.pk))
    assert "melebihi" in event.note


def test_realization_above_allocation_needs_confirmation(records, admin_user):
    allocation = records["allocations"]  # Rp 151.200.000, Rp 50.400.000 already paid
    kwargs = dict(actor=admin_user, allocation=allocation, month=dt.date(2025, 11, 1),
                  amount_paid=110_000_000, workers_paid=3_000)
    with pytest.raises(ConfirmationRequired) as exc:
        budget.realization_create(**kwargs)
    assert any("melebihi alokasi" in w for w in exc.value.warnings)
    assert Realization.objects.count() == 1
    budget.realization_create(confirm_warnings=True, **kwargs)
    assert Realization.objects.count() == 2


def test_amount_far_from_workers_times_tariff_needs_confirmation(ntb, op_a, package):
    kwargs = allocation_kwargs(ntb["52.03"], package, amount=500_000_000)  # expected 201,6 jt
    with pytest.raises(ConfirmationRequired) as exc:
        budget.allocation_create(actor=op_a, **kwargs)
    assert "Rp 201.600.000" in exc.value.warnings[0]
    assert not Allocation.objects.exists()


def test_an_amount_that_matches_the_tariff_needs_no_confirmation(ntb, op_a, package):
    allocation = budget.allocation_create(actor=op_a, **allocation_kwargs(ntb["52.03"], package))
    assert allocation.flags == []
