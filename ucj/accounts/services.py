"""Writes of user accounts: create, change, set password, sign-in events. All audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ucj.accounts.models import Role, User
from ucj.accounts.scope import ROLE_CAPS, Cap, may_manage_user, require
from ucj.audit.models import Action
from ucj.audit.services import audit_log, diff
from ucj.regions.models import Level

# Which region levels each role is bound to (keyed by the role's value: a user's `role` is a str).
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.PROVINSI_ADMIN: (Level.PROVINCE,),
    Role.PROVINSI_VIEWER: (Level.PROVINCE,),
    Role.DAERAH_OPERATOR: (Level.REGENCY,),
    Role.BPJS_OPERATOR: (Level.REGENCY,),
    Role.NASIONAL_VIEWER: (),  # bound to no region (issue 21)
}


def _user_snapshot(user: User) -> dict:
    return {
        "username": user.username, "full_name": user.full_name, "agency": user.agency,
        "email": user.email, "role": user.role, "is_active": user.is_active,
        "regions": sorted(user.regions.values_list("code", flat=True)) if user.pk else [],
    }


def _check_regions(role: str, regions) -> None:
    regions = list(regions)
    if role == Role.NASIONAL_VIEWER:
        if regions:
            raise ValidationError({"regions": _("A national viewer is bound to no region.")})
        return
    if not regions:
        raise ValidationError({"regions": _("Choose at least one region.")})
    wrong = [r for r in regions if r.level not in ROLE_LEVELS[role]]
    if wrong:
        levels = ", ".join(str(Level(level).label) for level in ROLE_LEVELS[role])
        raise ValidationError({"regions": _(
            "A user with the role “%(role)s” is bound to a %(levels)s."
        ) % {"role": Role(role).label, "levels": levels}})
    if role == Role.DAERAH_OPERATOR and len(regions) > 1:
        raise ValidationError({"regions": _("A regency/city operator is bound to one region.")})


def _require_manage(actor, user, role: str, regions) -> None:
    """Province admins manage their province's accounts only, and never make a national
    viewer (the server's operator does: ``manage.py create_admin --national``)."""
    require(actor, Cap.MANAGE_USERS)
    if role == Role.NASIONAL_VIEWER or not may_manage_user(actor, user, list(regions)):
        raise PermissionDenied


@transaction.atomic
def user_create(*, actor, username: str, password: str, role: str, regions, full_name: str = "",
                agency: str = "", email: str = "") -> User:
    _require_manage(actor, None, role, regions)
    _check_regions(role, regions)
    user = User(username=username, full_name=full_name, agency=agency, email=email, role=role)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.regions.set(regions)
    audit_log(actor=actor, action=Action.CREATE, obj=user, changes=diff(None, _user_snapshot(user)))
    return user


@transaction.atomic
def admin_create_from_console(*, username: str, password: str, region, full_name: str = "",
                              national: bool = False) -> User:
    """A province admin made by the server's operator (``manage.py create_admin``): the first
    administrator of a new installation, or a way back in; with ``national`` (and no region),
    a national viewer (a ministry, BPJS's head office: issue 21), which no province admin may
    make. No actor: whoever can run commands on the server already holds the database; the
    audit row says how it was made."""
    if national:
        if region is not None:
            raise ValidationError(_("A national viewer is bound to no region."))
    elif region is None or region.level != Level.PROVINCE:
        raise ValidationError(_("A province administrator belongs to a province."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("There is already a user named %(name)s.") % {"name": username})
    user = User(username=username, full_name=full_name,
                role=Role.NASIONAL_VIEWER if national else Role.PROVINSI_ADMIN)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.regions.set([] if national else [region])
    audit_log(actor=None, action=Action.CREATE, obj=user,
              changes=diff(None, _user_snapshot(user)), note="manage.py create_admin")
    return user


@transaction.atomic
def user_update(*, actor, user: User, role: str, regions, full_name: str = "", agency: str = "",
                email: str = "", is_active: bool = True) -> User:
    _require_manage(actor, user, role, regions)
    if user == actor and (not is_active or Cap.MANAGE_USERS not in ROLE_CAPS.get(role, ())):
        raise ValidationError(_("You cannot deactivate yourself or take away your own admin role."))
    _check_regions(role, regions)
    before = _user_snapshot(user)
    user.role, user.full_name, user.agency, user.email = role, full_name, agency, email
    user.is_active = is_active
    user.full_clean(exclude=["password"])
    user.save()
    user.regions.set(regions)
    changes = diff(before, _user_snapshot(user))
    if changes:
        audit_log(actor=actor, action=Action.UPDATE, obj=user, changes=changes)
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> None:
    """A password set by the admin (reset) or by the user (change)."""
    if actor != user and not may_manage_user(actor, user):
        raise PermissionDenied
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(actor=actor, action=Action.PASSWORD, obj=user,
              note=_("by the user") if actor == user else _("reset by the administrator"))


def user_signed_in(*, user: User, address: str | None = None) -> None:
    audit_log(actor=user, action=Action.LOGIN, obj=user, address=address)


def user_signed_out(*, user: User, address: str | None = None) -> None:
    audit_log(actor=user, action=Action.LOGOUT, obj=user, address=address)


# A username as typed is kept this long in the audit log (people type passwords into it).
TYPED_USERNAME_LENGTH = 40


def user_sign_in_failed(*, username: str, address: str | None, note: str) -> None:
    """A failed or refused sign-in: the username as typed (shortened), the client address and
    why; never the password. No actor and no region, so only the province admin reads it."""
    shown = username if len(username) <= TYPED_USERNAME_LENGTH else (
        username[:TYPED_USERNAME_LENGTH - 1] + "…")
    user = User.objects.filter(username=username).first()
    audit_log(actor=None, actor_name="", action=Action.LOGIN_FAILED, obj=user,
              object_type="accounts.user", object_repr=shown, address=address, note=note)
