"""The province's policy values as rows the province admin keeps (issue 20, "policy as data"):
the working-age range of a worker list, the order categories are funded in, the package the
budget need is priced with, the forums' due-soon window and default invitees. What each key
means and which values it takes is code (``ucj.policy.keys``); the values are data, seeded by
a migration that holds them literally."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyValue(models.Model):
    """One policy value: ``key`` of ``ucj.policy.keys.KEYS``, ``value`` as JSON (a number, a
    text or a list of texts)."""

    key = models.SlugField(_("key"), max_length=60)
    # None: the national default; a province: its own value (issue 21, ucj/policy/tenancy.py)
    province = models.ForeignKey("regions.Region", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("province"))
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("changed by"), db_index=False)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=models.Q(province__isnull=True),
                                    name="policy_default_key"),
            models.UniqueConstraint(fields=["province", "key"], name="policy_province_key"),
        ]
        verbose_name = _("policy value")
        verbose_name_plural = _("policy values")

    def __str__(self) -> str:
        return self.key
