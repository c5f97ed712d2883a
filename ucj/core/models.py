from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class FundingSource(models.TextChoices):
    """Who pays the contributions of government-funded workers (DESIGN §4)."""

    APBD_PROVINSI = "apbd_prov", _("APBD provinsi")
    APBD_KABKOTA = "apbd_kabkota", _("APBD kabupaten/kota")
    DBHCHT = "dbhcht", _("DBHCHT")
    DANA_DESA = "dana_desa", _("Dana Desa/APBDes")
    OTHER = "other", _("CSR/other")


class Payer(models.TextChoices):
    """Whose money pays (DESIGN §6, "who pays is not which fund"): the province, the
    regency/city, a village, or someone else (a company's CSR, a donor). The fund
    (``FundingSource``) says which budget line; the payer says whose budget it is. A regency
    has budgeted only with its own money; province money spent on its workers counts for its
    coverage and for the province's budgeting."""

    # A context: "village" alone is already a registry field (desa/kelurahan), and a
    # kelurahan has no budget of its own.
    PROVINCE = "province", pgettext_lazy("payer", "province")
    REGENCY = "regency", pgettext_lazy("payer", "regency/city")
    VILLAGE = "village", pgettext_lazy("payer", "village")
    OTHER = "other", pgettext_lazy("payer", "other")


# The payer a fund implies; DBHCHT is transferred to both provinces and regencies, so its payer
# is given (by default the level of the region the allocation is recorded on).
PAYER_OF_FUND = {"apbd_prov": "province", "apbd_kabkota": "regency", "dana_desa": "village",
                 "other": "other"}


def payer_default(*, funding_source: str, region_level: str) -> str:
    """The payer of an allocation when none is given: the one its fund implies, else (DBHCHT)
    the level of the region it is recorded on."""
    return PAYER_OF_FUND.get(funding_source) or (
        "province" if region_level == "province" else "regency")


# Money of APBN/APBD (Dana Desa is an APBN transfer): PP 50/2025's BPU discount does not
# apply to contributions paid from it.
PUBLIC_FUNDING_SOURCES = frozenset({FundingSource.APBD_PROVINSI, FundingSource.APBD_KABKOTA,
                                    FundingSource.DBHCHT, FundingSource.DANA_DESA})


class TrackedModel(models.Model):
    """Who created and last changed a record, and whether it is synthetic demo data."""

    is_synthetic = models.BooleanField(
        _("synthetic"), default=False,
        help_text=_("Generated demonstration data, not a published figure."),
    )
    flags = models.JSONField(
        _("confirmed warnings"), default=list, blank=True,
        help_text=_("Implausible values the user confirmed at the last save."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Bookkeeping references, never searched by: no index (they would slow bulk imports).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("created by"), db_index=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("changed by"), db_index=False,
    )
    import_job = models.ForeignKey(
        "imports.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("last import"), db_index=False,
        help_text=_("The spreadsheet import that last created or changed this record."),
    )

    class Meta:
        abstract = True


def region_level_error(region, levels: tuple[str, ...]):
    """A validation message when records of this kind may not be kept at the region's level."""
    if region is None or region.level in levels:
        return None
    # the labels from the region model's own choices: core imports no domain app
    label = dict(type(region)._meta.get_field("level").flatchoices)
    names = ", ".join(str(label[level]) for level in levels)
    return _("Records of this kind are kept per %(levels)s, not per %(level)s.") % {
        "levels": names, "level": label[region.level],
    }


class WorkerHeartbeat(models.Model):
    """A background worker's last sign of life (ucj/core/worker.py), kept in the database every
    machine shares: a task left running by a worker whose heartbeat is stale is taken back,
    whichever machine the worker ran on."""

    worker_id = models.CharField(max_length=100, primary_key=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id
