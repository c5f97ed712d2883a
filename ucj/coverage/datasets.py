from django.utils.translation import gettext_lazy as _

from ucj.core.datasets import Column, Dataset, register
from ucj.coverage import services
from ucj.coverage.filters import DenominatorFilter, ParticipationFilter
from ucj.coverage.forms import DenominatorForm, ParticipationForm
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.regions.models import Level

REGION_COLUMNS = (
    Column("region.code", _("Code"), csv="region_code", sort="region__code"),
    Column("region.short_name", _("Region"), csv="region_name"),
)

denominators = register(Dataset(
    slug="denominators",
    model=WorkforceDenominator,
    label=_("Workforce denominators"),
    label_singular=_("workforce denominator"),
    description=_("Per region and year: the workforce potential that UCJ coverage is measured "
                  "against, and the populations around it."),
    region_path="region",
    region_levels=(Level.REGENCY,),
    period_label=_("year"),
    period_field="year",
    columns=(
        *REGION_COLUMNS,
        Column("year", _("Year"), csv="year", sort="year"),
        Column("workforce_potential", _("Workforce potential"), "int", csv="workforce_potential",
               sort="workforce_potential", total=True),
        Column("employed", _("Employed"), "int", csv="employed", total=True),
        Column("informal", _("Informal"), "int", csv="informal", total=True),
        Column("vulnerable_target", _("Vulnerable-worker target"), "int",
               csv="vulnerable_target", total=True),
        Column("source_note", _("Source"), csv="source_note", in_list=False),
    ),
    form_class=DenominatorForm,
    filterset_class=DenominatorFilter,
    create=services.denominator_create,
    update=services.denominator_update,
    delete=services.denominator_delete,
    instance_kwarg="denominator",
    default_sort=("-year", "region__code"),
    select_related=("region",),
))

participation = register(Dataset(
    slug="participation",
    model=ParticipationSnapshot,
    label=_("Participation"),
    label_singular=_("participation snapshot"),
    description=_("Per region, month and segment: active, new and lapsed BPJS "
                  "Ketenagakerjaan participants, and those funded by government budgets."),
    region_path="region",
    region_levels=(Level.REGENCY,),
    period_label=_("month"),
    period_field="month",
    columns=(
        *REGION_COLUMNS,
        Column("month", _("Month"), "month", csv="month", sort="month"),
        Column("segment", _("Segment"), "choice", csv="segment", sort="segment"),
        Column("active", _("Active"), "int", csv="active", sort="active", total=True),
        Column("new", _("New"), "int", csv="new", total=True),
        Column("lapsed", _("Lapsed"), "int", csv="lapsed", total=True),
        Column("funded_total", _("Government-funded"), "int", in_list=True),
        Column("funded_apbd_prov", _("Funded: APBD provinsi"), "int", csv="funded_apbd_prov",
               in_list=False, total=True),
        Column("funded_apbd_kabkota", _("Funded: APBD kabupaten/kota"), "int",
               csv="funded_apbd_kabkota", in_list=False, total=True),
        Column("funded_dbhcht", _("Funded: DBHCHT of the regency/city"), "int",
               csv="funded_dbhcht", in_list=False, total=True),
        Column("funded_dbhcht_prov", _("Funded: DBHCHT of the province"), "int",
               csv="funded_dbhcht_prov", in_list=False, total=True),
        Column("funded_dana_desa", _("Funded: Dana Desa/APBDes"), "int", csv="funded_dana_desa",
               in_list=False, total=True),
        Column("funded_other", _("Funded: CSR/other"), "int", csv="funded_other",
               in_list=False, total=True),
        Column("source_note", _("Source"), csv="source_note", in_list=False),
    ),
    form_class=ParticipationForm,
    filterset_class=ParticipationFilter,
    create=services.participation_create,
    update=services.participation_update,
    delete=services.participation_delete,
    instance_kwarg="snapshot",
    row_key=("segment",),
    default_sort=("-month", "region__code", "segment"),
    select_related=("region",),
))
