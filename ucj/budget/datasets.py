from django.utils.translation import gettext_lazy as _

from ucj.budget import services
from ucj.budget.filters import AllocationFilter, CommitmentFilter, RealizationFilter
from ucj.budget.forms import AllocationForm, CommitmentForm, RealizationForm
from ucj.budget.models import PROVINCE_OR_REGENCY, Allocation, Commitment, Realization
from ucj.core.datasets import Column, Dataset, register
from ucj.coverage.datasets import REGION_COLUMNS

register(Dataset(
    slug="commitments",
    model=Commitment,
    label=_("Commitments"),
    label_singular=_("commitment"),
    description=_("Per region and year: the coverage target, the number of vulnerable workers "
                  "to fund, and the legal basis (Perkada, PKS) with its signed document."),
    region_path="region",
    region_levels=PROVINCE_OR_REGENCY,
    period_label=_("year"),
    period_field="year",
    columns=(
        *REGION_COLUMNS,
        Column("year", _("Year"), csv="year", sort="year"),
        Column("target_coverage", _("Target coverage (%)"), "decimal", csv="target_coverage",
               sort="target_coverage"),
        Column("target_funded_workers", _("Target funded workers"), "int",
               csv="target_funded_workers", sort="target_funded_workers", total=True),
        Column("perkada_number", _("Perkada"), csv="perkada_number"),
        Column("perkada_date", _("Perkada date"), "date", csv="perkada_date", in_list=False),
        Column("pks_number", _("PKS"), csv="pks_number", in_list=False),
        Column("pks_date", _("PKS date"), "date", csv="pks_date", in_list=False),
        Column("status", _("Status"), "choice", csv="status", sort="status"),
        Column("document_name", _("Signed document"), csv="document_name", in_list=False),
        Column("note", _("Note"), csv="note", in_list=False),
    ),
    form_class=CommitmentForm,
    filterset_class=CommitmentFilter,
    create=services.commitment_create,
    update=services.commitment_update,
    delete=services.commitment_delete,
    instance_kwarg="commitment",
    detail_extra_template="budget/commitment_extra.html",
    default_sort=("-year", "region__code"),
    select_related=("region",),
))

register(Dataset(
    slug="allocations",
    model=Allocation,
    label=_("Budget allocations"),
    label_singular=_("budget allocation"),
    description=_("Per region, fiscal year, budget stage, funding source and payer: the money "
                  "put in the budget for the contributions of the region's workers, for how "
                  "many workers and how many months, and whose budget pays."),
    region_path="region",
    region_levels=PROVINCE_OR_REGENCY,
    period_label=_("fiscal year"),
    period_field="fiscal_year",
    columns=(
        *REGION_COLUMNS,
        Column("fiscal_year", _("Fiscal year"), csv="fiscal_year", sort="fiscal_year"),
        Column("stage", _("Stage"), "choice", csv="stage", sort="stage"),
        Column("funding_source", _("Funding source"), "choice", csv="funding_source",
               sort="funding_source"),
        Column("payer", _("Payer"), "choice", csv="payer", sort="payer"),
        Column("amount", _("Amount"), "money", csv="amount", sort="amount", total=True),
        Column("workers_planned", _("Workers"), "int", csv="workers_planned",
               sort="workers_planned", total=True),
        Column("start_month", _("First month"), csv="start_month", in_list=False),
        Column("months_covered", _("Months"), csv="months_covered", sort="months_covered"),
        Column("package.code", _("Package"), csv="package", in_list=False),
        Column("enacted_on", _("Enacted on"), "date", csv="enacted_on", in_list=False),
        Column("note", _("Note"), csv="note", in_list=False),
    ),
    form_class=AllocationForm,
    filterset_class=AllocationFilter,
    create=services.allocation_create,
    update=services.allocation_update,
    delete=services.allocation_delete,
    instance_kwarg="allocation",
    row_key=("stage", "funding_source", "payer"),
    detail_extra_template="budget/allocation_extra.html",
    default_sort=("-fiscal_year", "region__code", "stage", "funding_source", "payer"),
    select_related=("region", "package"),
))

register(Dataset(
    slug="realizations",
    model=Realization,
    label=_("Realizations"),
    label_singular=_("realization"),
    description=_("Per allocation and month: the contributions actually paid to BPJS "
                  "Ketenagakerjaan, and for how many workers."),
    region_path="allocation__region",
    region_levels=PROVINCE_OR_REGENCY,
    period_label=_("month"),
    period_field="month",
    columns=(
        Column("allocation.region.code", _("Code"), csv="region_code",
               sort="allocation__region__code"),
        Column("allocation.region.short_name", _("Region"), csv="region_name"),
        Column("allocation.fiscal_year", _("Fiscal year"), csv="fiscal_year"),
        Column("allocation.stage", _("Stage"), "choice", csv="stage"),
        Column("allocation.funding_source", _("Funding source"), "choice", csv="funding_source"),
        Column("allocation.payer", _("Payer"), "choice", csv="payer"),
        Column("month", _("Month"), "month", csv="month", sort="month"),
        Column("amount_paid", _("Amount paid"), "money", csv="amount_paid", sort="amount_paid",
               total=True),
        Column("workers_paid", _("Workers paid"), "int", csv="workers_paid",
               sort="workers_paid", total=True),
        Column("note", _("Note"), csv="note", in_list=False),
    ),
    form_class=RealizationForm,
    filterset_class=RealizationFilter,
    create=services.realization_create,
    update=services.realization_update,
    delete=services.realization_delete,
    instance_kwarg="realization",
    row_key=("allocation.stage", "allocation.funding_source", "allocation.payer"),
    detail_extra_template="budget/realization_extra.html",
    default_sort=("-month", "allocation__region__code"),
    select_related=("allocation__region", "allocation__package"),
))
