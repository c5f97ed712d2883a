from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOGOUT = "logout", _("signed out")
    PASSWORD = "password", _("password changed")
    LOAD = "load", _("loaded")
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")
    IMPORT = "import", _("imported")
    UPLOAD = "upload", _("uploaded")
    PROMOTE = "promote", _("put into the budget")


class AuditEvent(models.Model):
    """Append-only record of a change (or a read of protected data).

    Written only by ``ucj.audit.services.audit_log``; never updated or deleted (the guards
    below, database triggers, and the daily seals of ``AuditSeal``: docs/security.md).
    ``region`` is the region the object belongs to, so the audit page can be scoped.
    A user who acted is never deleted (users are deactivated): ``actor`` protects its user, so
    that removing one cannot rewrite the events that name them.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("region"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    # New fields must be nullable: a seal's digest leaves out fields that are null, so that
    # events sealed before a field existed keep their digest (ucj.audit.seals).
    client_address = models.GenericIPAddressField(
        _("client address"), null=True, blank=True,
        help_text=_("Where a sign-in (or a failed one) came from."))

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Integrity guard, not business logic: audit events are append-only.
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")


class AuditSeal(models.Model):
    """One day of the audit log, sealed: the SHA-256 digest of every event of that day (in
    ``TIME_ZONE``) chained to the previous day's digest. Whoever writes down a day's digest,
    or receives it elsewhere, can later check with ``manage.py audit_verify`` that no event of
    that day or before was changed, removed or added (``ucj.audit.seals``). Append-only too."""

    day = models.DateField(_("day"), unique=True)
    first_event_id = models.BigIntegerField(_("first event"), null=True, blank=True)
    last_event_id = models.BigIntegerField(_("last event"), null=True, blank=True)
    count = models.PositiveIntegerField(_("events"))
    digest = models.CharField(_("digest"), max_length=64)
    previous_digest = models.CharField(_("previous digest"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.digest}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit seals are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit seals are append-only.")
