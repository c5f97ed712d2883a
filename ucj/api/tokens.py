"""Writes and reads of API tokens: made by their owner (or the province admin for anyone),
listed, revoked; every make and revoke audited. The token is returned once, by
``token_create``; only its hash is kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.models import User
from ucj.accounts.scope import Cap, allows, managed_users, may_manage_user
from ucj.api.models import ApiToken
from ucj.audit.models import Action
from ucj.audit.services import audit_log

PREFIX = "ucj_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def may_manage_tokens_of(actor, user) -> bool:
    """A user manages their own tokens; whoever manages users, those of the users they manage
    (their province's: issue 21)."""
    if not (actor and actor.is_authenticated and actor.is_active):
        return False
    return actor.pk == user.pk or may_manage_user(actor, user)


def tokens_for(actor) -> QuerySet[ApiToken]:
    """The tokens the actor may see: their own, or their province's users' for the province
    admin."""
    qs = ApiToken.objects.select_related("user", "created_by", "revoked_by")
    if allows(actor, Cap.MANAGE_USERS):
        return qs.filter(Q(user=actor) | Q(user__in=managed_users(actor, User.objects.all())))
    if not (actor and actor.is_authenticated):
        return qs.none()
    return qs.filter(user=actor)


@transaction.atomic
def token_create(*, actor, user, name: str, expires_in_days: int | None = None
                 ) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns (the stored token, the token text shown once)."""
    if not may_manage_tokens_of(actor, user):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError(_("This user is deactivated."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if expires_in_days is not None and not 1 <= expires_in_days <= settings.UCJ_API_TOKEN_MAX_DAYS:
        raise ValidationError({"expires_in_days": _("Between 1 and %(max)d days.") % {
            "max": settings.UCJ_API_TOKEN_MAX_DAYS}})
    key = PREFIX + secrets.token_urlsafe(32)
    expires_at = (timezone.now() + dt.timedelta(days=expires_in_days)
                  if expires_in_days else None)
    token = ApiToken.objects.create(user=user, name=name[:80], prefix=key[:len(PREFIX) + 6],
                                    key_hash=hash_key(key), created_by=actor,
                                    expires_at=expires_at)
    audit_log(actor=actor, action=Action.CREATE, obj=token,
              object_repr=f"API token {token} of {user.username}",
              changes={"user": [None, user.username], "name": [None, token.name],
                       "expires_at": [None, expires_at.isoformat() if expires_at else None]})
    return token, key


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if not may_manage_tokens_of(actor, token.user):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_log(actor=actor, action=Action.UPDATE, obj=token,
              object_repr=f"API token {token} of {token.user.username}",
              changes={"revoked_at": [None, token.revoked_at.isoformat()]},
              note="API token revoked")
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The active token of this text (its user active too), or None."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    token = (ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first())
    if token is None or not token.is_active() or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    """Record the last use, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
