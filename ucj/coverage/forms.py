from django import forms
from django.utils.translation import gettext_lazy as _

from ucj.accounts.scope import writable_regions
from ucj.core.fields import MonthField, WholeNumberField, YearField
from ucj.core.forms import ServiceForm
from ucj.coverage.models import FUNDED_FIELDS, ParticipationSnapshot, WorkforceDenominator


class RegionScopedForm(ServiceForm):
    """The region field offers only the regions where the user may write this dataset."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            regions = writable_regions(
                self.user, dataset=self.dataset.slug, levels=self.dataset.region_levels
            )
            self.fields["region"].queryset = regions
            if self.instance.pk is None and len(regions) == 1:
                self.initial.setdefault("region", regions[0].pk)  # an operator's one region


class DenominatorForm(RegionScopedForm):
    year = YearField(label=_("year"))
    workforce_potential = WholeNumberField(label=_("workforce potential"))
    employed = WholeNumberField(label=_("employed population"), required=False)
    informal = WholeNumberField(label=_("informal workers"), required=False)
    vulnerable_target = WholeNumberField(label=_("vulnerable-worker target population"),
                                         required=False)

    class Meta:
        model = WorkforceDenominator
        fields = ["region", "year", "workforce_potential", "employed", "informal",
                  "vulnerable_target", "source_note"]
        widgets = {"source_note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"workforce_potential": _(
            "Potensi tenaga kerja: the UCJ denominator, as published.")}


class ParticipationForm(RegionScopedForm):
    month = MonthField(label=_("month"))
    active = WholeNumberField(label=_("active participants"))
    new = WholeNumberField(label=_("new participants"), initial=0)
    lapsed = WholeNumberField(label=_("lapsed participants"), initial=0)
    funded_apbd_prov = WholeNumberField(label=_("APBD provinsi"), initial=0)
    funded_apbd_kabkota = WholeNumberField(label=_("APBD kabupaten/kota"), initial=0)
    funded_dbhcht = WholeNumberField(label=_("DBHCHT of the regency/city"), initial=0)
    funded_dbhcht_prov = WholeNumberField(label=_("DBHCHT of the province"), initial=0)
    funded_dana_desa = WholeNumberField(label=_("Dana Desa/APBDes"), initial=0)
    funded_other = WholeNumberField(label=_("CSR/other"), initial=0)

    funded_fields = FUNDED_FIELDS

    class Meta:
        model = ParticipationSnapshot
        fields = ["region", "month", "segment", "active", "new", "lapsed", *FUNDED_FIELDS,
                  "source_note"]
        widgets = {"source_note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        for name in ("new", "lapsed", *FUNDED_FIELDS):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data
