"""The one place that decides what a user may see and change.

Every view, list, export, count and service goes through these functions.

* A user is bound to one or more regions (``User.regions``). Their scope is those regions
  and everything below them: Kemendagri codes are hierarchical, so ``52.03.01`` lies within
  ``52.03`` which lies within ``52``.
* Records (denominators, participation, commitments, allocations, realizations, documents,
  personal data) are visible only within scope.
* Aggregate indicators of every region are visible to every signed-in user: peer
  comparison is the point of monev. Those selectors do not call ``visible()``.
* Writes need both the region in scope and a role allowed to write the dataset.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ucj.accounts.models import Role
from ucj.regions.models import Region

# --- the capability table ---------------------------------------------------------------------
# What each role may do, written once. A capability is asked for with ``allows(user, cap,
# region)``: the role must hold it, and when a region is given, the region must lie in the
# user's scope (``code_within``). Reading aggregates needs no capability (every signed-in
# user); reading records of a region needs the region in scope (``can_read``/``visible``).


class Cap(StrEnum):
    WRITE_DENOMINATORS = "write_denominators"
    WRITE_PARTICIPATION = "write_participation"
    WRITE_COMMITMENTS = "write_commitments"
    WRITE_ALLOCATIONS = "write_allocations"
    WRITE_REALIZATIONS = "write_realizations"
    APPROVE_SUBMISSIONS = "approve_submissions"  # approve, return, reopen, bulk-approve
    MANAGE_USERS = "manage_users"
    MANAGE_TARIFFS = "manage_tariffs"  # contribution packages, rates, discounts
    MANAGE_THRESHOLDS = "manage_thresholds"  # status-light thresholds
    READ_ALL_AUDIT = "read_all_audit"  # every audit event (others: their regions' and own)
    MANAGE_FORUMS = "manage_forums"  # meetings, attendees, files, challenges, action items
    UPDATE_ACTIONS = "update_actions"  # progress on owned action items
    UPLOAD_LISTS = "upload_lists"  # beneficiary lists, match runs, funding workers
    UPLOAD_PARTICIPANTS = "upload_participants"  # BPJS participant files (branch's regions)
    READ_PERSONS = "read_persons"  # names, birth dates, villages; full NIK on request (audited)


ROLE_CAPS: dict[str, frozenset[Cap]] = {
    Role.PROVINSI_ADMIN: frozenset(Cap),
    Role.PROVINSI_VIEWER: frozenset(),
    Role.DAERAH_OPERATOR: frozenset({
        Cap.WRITE_DENOMINATORS, Cap.WRITE_COMMITMENTS, Cap.WRITE_ALLOCATIONS,
        Cap.WRITE_REALIZATIONS, Cap.UPDATE_ACTIONS, Cap.UPLOAD_LISTS, Cap.READ_PERSONS}),
    Role.BPJS_OPERATOR: frozenset({
        Cap.WRITE_PARTICIPATION, Cap.UPDATE_ACTIONS, Cap.UPLOAD_PARTICIPANTS}),
}

# The capability that writes each dataset (always only within the user's regions).
DATASET_CAPS: dict[str, Cap] = {
    "denominators": Cap.WRITE_DENOMINATORS,
    "participation": Cap.WRITE_PARTICIPATION,
    "commitments": Cap.WRITE_COMMITMENTS,
    "allocations": Cap.WRITE_ALLOCATIONS,
    "realizations": Cap.WRITE_REALIZATIONS,
}

# Which roles may write which dataset, derived from the table (kept for readers of it).
DATASET_WRITERS: dict[str, frozenset[str]] = {
    dataset: frozenset(role for role, caps in ROLE_CAPS.items() if cap in caps)
    for dataset, cap in DATASET_CAPS.items()
}


def allows(user, cap: Cap, region: Region | None = None) -> bool:
    """Whether the user's role holds ``cap`` and, when ``region`` is given, the region lies in
    the user's scope. The one question every view, service, task and command asks."""
    if not _is_active(user) or cap not in ROLE_CAPS.get(user.role, frozenset()):
        return False
    return region is None or can_read(user, region)


def require(user, cap: Cap, region: Region | None = None) -> None:
    """Raise PermissionDenied unless ``allows(user, cap, region)``."""
    if not allows(user, cap, region):
        raise PermissionDenied


def _is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role)


def root_codes(user) -> tuple[str, ...]:
    """Codes of the regions the user is bound to (cached on the user object)."""
    if not _is_active(user):
        return ()
    cached = getattr(user, "_ucj_root_codes", None)
    if cached is None:
        cached = tuple(sorted(user.regions.values_list("code", flat=True)))
        user._ucj_root_codes = cached
    return cached


def code_within(code: str, roots: tuple[str, ...]) -> bool:
    return any(code == r or code.startswith(r + ".") for r in roots)


def within_q(code: str, *, path: str = "region") -> Q:
    """Records whose region (reached through ``path``) is ``code`` or lies below it."""
    field = f"{path}__code" if path else "code"
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def _codes_q(roots: tuple[str, ...], path: str) -> Q:
    q = Q(pk__in=[])  # matches nothing when the user has no regions
    for root in roots:
        q |= within_q(root, path=path)
    return q


def scope_q(user, *, path: str = "region") -> Q:
    """A filter selecting records whose region (reached through ``path``) is in scope."""
    return _codes_q(root_codes(user), path)


def visible(user, queryset: QuerySet, *, path: str = "region") -> QuerySet:
    """Restrict a queryset of records to the user's scope."""
    if not _is_active(user):
        return queryset.none()
    return queryset.filter(scope_q(user, path=path))


def readable_regions(user) -> QuerySet[Region]:
    return visible(user, Region.objects.defer("geometry"), path="")


def can_read(user, region: Region | None) -> bool:
    return region is not None and code_within(region.code, root_codes(user))


def may_write_dataset(user, dataset: str) -> bool:
    """Whether the user's role writes this dataset at all (e.g. to show an 'add' button)."""
    cap = DATASET_CAPS.get(dataset)
    return cap is not None and allows(user, cap)


def can_write(user, region: Region | None, *, dataset: str) -> bool:
    return may_write_dataset(user, dataset) and can_read(user, region)


def writable_regions(user, *, dataset: str, levels: tuple[str, ...]) -> QuerySet[Region]:
    if not may_write_dataset(user, dataset):
        return Region.objects.none()
    return readable_regions(user).filter(level__in=levels)


def require_write(user, region: Region | None, *, dataset: str) -> None:
    """Raise PermissionDenied unless the user may write this dataset in this region."""
    if not can_write(user, region, dataset=dataset):
        raise PermissionDenied


def may_manage_users(user) -> bool:
    return allows(user, Cap.MANAGE_USERS)


def may_approve(user) -> bool:
    """Approve, return and reopen submissions (the province's monev secretariat)."""
    return allows(user, Cap.APPROVE_SUBMISSIONS)


def may_see_all_audit(user) -> bool:
    return allows(user, Cap.READ_ALL_AUDIT)


def visible_audit_events(user, queryset: QuerySet) -> QuerySet:
    """Audit events: the admin sees all; others see events in their regions and their own."""
    if not _is_active(user):
        return queryset.none()
    if may_see_all_audit(user):
        return queryset
    return queryset.filter(scope_q(user, path="region") | Q(actor=user))


# --- Coordination forums -------------------------------------------------------------------
# A meeting is read by the users of its region and of every region below it: a province
# meeting (rakor) by every regency of the province, a regency meeting by that regency and the
# province. What a meeting mapped and agreed (challenges, action items) is read with it: the
# forum holds every region to account in front of the others. The province admin runs the
# forums; an action item is updated by its owner: the operator of its region, the BPJS
# operator for BPJS TK's items in its regions, the province admin for all.

BPJS_AGENCY = "bpjs-tk"


def _ancestor_codes(roots: tuple[str, ...]) -> set[str]:
    codes = set()
    for root in roots:
        parts = root.split(".")
        codes.update(".".join(parts[:n]) for n in range(1, len(parts)))
    return codes


def forum_q(user, *, path: str = "region") -> Q:
    """Records (reached through ``path`` to their meeting's region) the user may read."""
    roots = root_codes(user)
    return _codes_q(roots, path) | Q(**{f"{path}__code__in": sorted(_ancestor_codes(roots))})


def visible_forum(user, queryset: QuerySet, *, path: str = "region") -> QuerySet:
    if not _is_active(user):
        return queryset.none()
    return queryset.filter(forum_q(user, path=path))


def can_read_shared(user, region) -> bool:
    """Whether the user reads what belongs to this region and is shared with the regions below
    it (a forum meeting, a report): the region is in scope or above it."""
    roots = root_codes(user)
    return code_within(region.code, roots) or region.code in _ancestor_codes(roots)


def can_read_meeting(user, meeting) -> bool:
    return can_read_shared(user, meeting.region)


def may_manage_forums(user) -> bool:
    """Create and change meetings, challenges and action items (the monev secretariat)."""
    return allows(user, Cap.MANAGE_FORUMS)


def may_update_actions(user) -> bool:
    """Whether the role updates action items at all (to show the reminders link)."""
    return allows(user, Cap.UPDATE_ACTIONS)


def updatable_actions_q(user) -> Q:
    """Action items the user may update (add progress, evidence, a status)."""
    if not may_update_actions(user):
        return Q(pk__in=[])
    if user.role == Role.PROVINSI_ADMIN:
        return forum_q(user, path="meeting__region")
    owned = _codes_q(root_codes(user), "owner_region")
    if user.role == Role.BPJS_OPERATOR:
        owned &= Q(owner_agency__code=BPJS_AGENCY)
    return owned & forum_q(user, path="meeting__region")


def can_update_action(user, action) -> bool:
    if not may_update_actions(user) or not can_read_meeting(user, action.meeting):
        return False
    if user.role == Role.PROVINSI_ADMIN:
        return True
    if action.owner_region is None or not can_read(user, action.owner_region):
        return False
    if user.role == Role.BPJS_OPERATOR:
        return action.owner_agency is not None and action.owner_agency.code == BPJS_AGENCY
    return True
