from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINSI_ADMIN = "provinsi_admin", _("Province administrator")
    PROVINSI_VIEWER = "provinsi_viewer", _("Province viewer")
    DAERAH_OPERATOR = "daerah_operator", _("Regency/city operator")
    BPJS_OPERATOR = "bpjs_operator", _("BPJS Ketenagakerjaan operator")
    # a ministry or BPJS head-office viewer (issue 21): bound to no region; reads every
    # province's aggregates, no record and no personal data
    NASIONAL_VIEWER = "nasional_viewer", _("National viewer (ministry, BPJS head office)")


class User(AbstractUser):
    """A person who signs in. Their role says what they may do (the capability table of
    ``ucj.accounts.scope``, the only place that reads the role to decide access); their
    regions say where.

    A province user is bound to the province, a regency operator to one regency, a BPJS
    operator to the regencies its branch office serves. Scope = those regions and
    everything below them (``ucj.accounts.scope``). A national viewer is bound to none: it
    reads aggregates of every province and no record.
    """

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    regions = models.ManyToManyField(
        "regions.Region", related_name="users", verbose_name=_("regions")
    )
    reminder_emails = models.BooleanField(
        _("forum reminders by e-mail"), default=False,
        help_text=_("Also e-mail the list of forum action items due soon or overdue "
                    "(when the server sends e-mail)."),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
