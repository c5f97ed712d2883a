from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusThreshold(models.Model):
    """A threshold of the red / amber / green status (DESIGN §6), kept as data so that the
    province admin can change it. ``value`` is a fraction (0.5 = half)."""

    key = models.SlugField(_("key"), max_length=60)
    # None: the national default; a province: its own value (issue 21, ucj/policy/tenancy.py)
    province = models.ForeignKey("regions.Region", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("province"))
    label = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("meaning"), blank=True)
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=4)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("changed by"))

    class Meta:
        ordering = ["-key"]  # red first, then the amber ones
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=models.Q(province__isnull=True),
                                    name="threshold_default_key"),
            models.UniqueConstraint(fields=["province", "key"], name="threshold_province_key"),
        ]
        verbose_name = _("status threshold")
        verbose_name_plural = _("status thresholds")

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"

    @property
    def is_month(self) -> bool:
        """A due month (1–12) rather than a fraction (``perubahan-due-month``, …)."""
        return self.key.endswith("-month")


# The values the thresholds start with (migration 0002 creates them as rows; the engine falls
# back to these only if a row is missing, e.g. after a database flush).
DEFAULT_VALUES = {"red-trajectory": Decimal("0.5"), "amber-trajectory": Decimal("0.9"),
                  "amber-schedule": Decimal("0.75"), "red-projection": Decimal("0.8"),
                  "amber-projection": Decimal("0.95"), "red-schedule": Decimal("0.5"),
                  "amber-adequacy": Decimal("1"), "perubahan-due-month": Decimal("10"),
                  "murni-next-due-month": Decimal("12"), "alert-lapse-rise": Decimal("0.1")}
