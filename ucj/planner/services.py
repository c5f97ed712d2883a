"""Writes of budget scenarios: save, delete, and put one into the budget (a planned
commitment and draft allocations through the budget services). Each runs in one transaction
and is audited."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap, require
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget import services as budget
from ucj.budget.models import Allocation, Commitment, ContributionPackage
from ucj.core.models import FundingSource, payer_default
from ucj.planner.models import BudgetCoding, Scenario
from ucj.planner.selectors import Plan


@transaction.atomic
def scenario_create(*, actor, name: str, mode: str, inputs: dict, plan: Plan,
                    note: str = "") -> Scenario:
    require(actor, Cap.PLAN_BUDGET, plan.region)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    if Scenario.objects.filter(region=plan.region, year=plan.year, name__iexact=name).exists():
        raise ValidationError({"name": _(
            "There is already a scenario named “%(name)s” for %(region)s %(year)s."
        ) % {"name": name, "region": plan.region.short_name, "year": plan.year}})
    scenario = Scenario(region=plan.region, year=plan.year, name=name, stage=plan.stage,
                        mode=mode, inputs=inputs, result=plan.as_dict(), workers=plan.workers,
                        total_cost=plan.total_cost, note=note, created_by=actor)
    scenario.full_clean()
    scenario.save()
    audit_log(actor=actor, action=Action.CREATE, obj=scenario, changes={
        "workers": [None, plan.workers], "total_cost": [None, plan.total_cost]})
    return scenario


@transaction.atomic
def scenario_delete(*, actor, scenario: Scenario) -> None:
    require(actor, Cap.PLAN_BUDGET, scenario.region)
    audit_log(actor=actor, action=Action.DELETE, obj=scenario)
    scenario.delete()


def _target_pct(result: dict) -> Decimal:
    """The commitment's target: the scenario's coverage target, else the coverage it reaches."""
    value = result.get("target_coverage") or result.get("coverage_reached") or 0
    return min(Decimal(100), (Decimal(str(value)) * 100).quantize(Decimal("0.01")))


def _payer(scenario: Scenario, source: str) -> str:
    """Who pays the allocation a scenario's funding source becomes: the region's own money (a
    regency's DBHCHT is the regency's, the province's the province's) unless the calculator
    was told whose DBHCHT it is; the other funds imply their payer."""
    chosen = (scenario.inputs or {}).get("dbhcht_payer") if source == FundingSource.DBHCHT else ""
    return chosen or payer_default(funding_source=source, region_level=scenario.region.level)


@transaction.atomic
def scenario_promote(*, actor, scenario: Scenario) -> dict:
    """Put the scenario into the budget: a planned commitment for the region and year if it
    has none (an existing one is left as it is), and per funding source with workers an
    allocation of the scenario's stage, created or changed to the scenario's figures. The
    budget services check scope and approval locks; one refusal writes nothing."""
    region = scenario.region
    require(actor, Cap.PLAN_BUDGET, region)
    result = scenario.result
    if not scenario.workers:
        raise ValidationError(_("This scenario funds no workers: there is nothing to budget."))
    package = ContributionPackage.objects.get(code=result["package"])
    note = _("From budget scenario “%(name)s”.") % {"name": scenario.name}
    commitment = Commitment.objects.filter(region=region, year=scenario.year).first()
    created_commitment = commitment is None
    if created_commitment:
        commitment = budget.commitment_create(
            actor=actor, region=region, year=scenario.year,
            target_coverage=_target_pct(result), target_funded_workers=scenario.workers,
            status="planned", note=note, confirm_warnings=True)
    allocations = []
    for source, workers in result["workers_by_source"].items():
        if not workers:
            continue
        fields = {"amount": result["by_source"][source], "workers_planned": workers,
                  "start_month": result["first_month"], "months_covered": result["months"],
                  "package": package, "note": note}
        payer = _payer(scenario, source)
        existing = Allocation.objects.filter(region=region, fiscal_year=scenario.year,
                                             stage=scenario.stage, funding_source=source,
                                             payer=payer).first()
        if existing:
            allocations.append(budget.allocation_update(
                actor=actor, allocation=existing, confirm_warnings=True, **fields))
        else:
            allocations.append(budget.allocation_create(
                actor=actor, region=region, fiscal_year=scenario.year, stage=scenario.stage,
                funding_source=source, payer=payer, confirm_warnings=True, **fields))
    scenario.promoted_at, scenario.promoted_by = timezone.now(), actor
    scenario.save(update_fields=["promoted_at", "promoted_by"])
    audit_log(actor=actor, action=Action.PROMOTE, obj=scenario,
              note=", ".join(str(a) for a in allocations))
    return {"commitment": commitment, "created_commitment": created_commitment,
            "allocations": allocations}


# --- rka: the budget codes of a region and year (issue 17, item 5) -----------------------------

CODING_FIELDS = ("skpd_name", "program_code", "program_name", "kegiatan_code", "kegiatan_name",
                 "sub_kegiatan_code", "sub_kegiatan_name", "account_code", "account_name",
                 "note")


@transaction.atomic
def budget_coding_save(*, actor, region, fiscal_year: int, **values):
    """Create or change the budget codes of a region and fiscal year (PLAN_BUDGET in the
    region); validated (shapes, nesting), audited with what changed."""

    require(actor, Cap.PLAN_BUDGET, region)
    unknown = set(values) - set(CODING_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    clean = {k: " ".join(str(v).split()) if k != "note" else str(v).strip()
             for k, v in values.items() if v is not None}
    for key in ("program_code", "kegiatan_code", "sub_kegiatan_code", "account_code"):
        if key in clean:
            clean[key] = clean[key].replace(" ", "")
    coding = (BudgetCoding.objects.select_for_update()
              .filter(region=region, fiscal_year=fiscal_year).first())
    created = coding is None
    if coding is None:
        coding = BudgetCoding(region=region, fiscal_year=fiscal_year, created_by=actor)
    before = {k: getattr(coding, k) for k in CODING_FIELDS}
    for key, value in clean.items():
        setattr(coding, key, value)
    coding.updated_by = actor
    coding.full_clean()
    changes = {k: [None if created else before[k], getattr(coding, k)] for k in CODING_FIELDS
               if created or before[k] != getattr(coding, k)}
    coding.save()
    if changes:
        audit_log(actor=actor, action=Action.CREATE if created else Action.UPDATE, obj=coding,
                  changes=changes)
    return coding
