"""The one place that decides what a user may see and change.

Every view, list, export, count, service, task and command goes through these functions; no
other module compares roles or tests whether one region code lies inside another.

* **What a role may do** is the capability table ``ROLE_CAPS`` (role × ``Cap``). A capability
  is asked for with ``allows(user, cap, region)`` / ``require(...)``: the role must hold it,
  and when a region is given, the region must lie in the user's scope.
* **Where** (the region rule, written once in ucj/regions/hierarchy.py: ``code_within``/
  ``within_q``): a user is bound to
  one or more regions (``User.regions``). Their scope is those regions and everything below
  them: Kemendagri codes are hierarchical, so ``52.03.01`` lies within ``52.03`` which lies
  within ``52``.
* Records (denominators, participation, commitments, allocations, realizations, documents,
  scenarios, personal data) are visible only within scope; outside it they answer 404, never
  403, so their existence is not revealed. A page or action the role may not use answers 403.
* What a region shares with the regions below it (a forum meeting, a report) is read from
  below too (``can_read_shared``).
* Aggregate indicators are read within a province (issue 21: every province is a tenant):
  a province's users read the aggregates of every region of their province (peer comparison
  is the point of monev), never another province's (``can_read_aggregates``). A national
  viewer (a ministry, BPJS's head office) is bound to no region: it reads the aggregates of
  every province and no record (``visible()`` gives it nothing).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ucj.accounts.models import Role, User
from ucj.regions.hierarchy import (  # the region rule, used by every decision here
    ancestor_codes,
    code_within,
    province_code,
    within_q,
)
from ucj.regions.models import Region

# --- the capability table ---------------------------------------------------------------------
# What each role may do, written once. Reading records needs no capability, only the region in
# scope (``can_read``/``visible``); reading aggregates needs a signed-in user.


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
    PLAN_BUDGET = "plan_budget"  # save, delete and promote budget scenarios
    ORDER_REPORTS = "order_reports"  # order a monev report or data workbook (archived)
    UPLOAD_LISTS = "upload_lists"  # beneficiary lists, match runs, funding workers
    UPLOAD_PARTICIPANTS = "upload_participants"  # BPJS participant files (branch's regions)
    READ_PERSONS = "read_persons"  # names, birth dates, villages; full NIK on request (audited)
    # the registration file of funded workers (full NIKs, audited): the paying region's operators
    # send it to BPJS TK, and the branch pulls it for its regions (issue 18)
    PULL_REGISTRATION = "pull_registration"
    # --- budget cycle (ucj/cycle) ---
    EVALUATE_BUDGETS = "evaluate_budgets"  # the Governor's evaluation of a regency's draft APBD
    MANAGE_BUDGET_CALENDAR = "manage_budget_calendar"  # the budget cycle's due dates
    # --- end budget cycle ---
    # --- policy as data (ucj/policy, issue 20) ---
    MANAGE_POLICY = "manage_policy"  # the province's policy values (age range, …)
    # --- end policy ---
    # --- national (issue 21) ---
    READ_NATIONAL = "read_national"  # the national pages: every province's aggregates
    # --- end national ---


ROLE_CAPS: dict[str, frozenset[Cap]] = {
    # a province's admin holds everything of its province, not the national pages
    Role.PROVINSI_ADMIN: frozenset(Cap) - {Cap.READ_NATIONAL},
    Role.PROVINSI_VIEWER: frozenset({Cap.ORDER_REPORTS}),
    Role.DAERAH_OPERATOR: frozenset({
        Cap.WRITE_DENOMINATORS, Cap.WRITE_COMMITMENTS, Cap.WRITE_ALLOCATIONS,
        Cap.WRITE_REALIZATIONS, Cap.UPDATE_ACTIONS, Cap.PLAN_BUDGET, Cap.ORDER_REPORTS,
        Cap.UPLOAD_LISTS, Cap.READ_PERSONS, Cap.PULL_REGISTRATION}),
    Role.BPJS_OPERATOR: frozenset({
        Cap.WRITE_PARTICIPATION, Cap.UPDATE_ACTIONS, Cap.ORDER_REPORTS,
        Cap.UPLOAD_PARTICIPANTS, Cap.PULL_REGISTRATION}),
    Role.NASIONAL_VIEWER: frozenset({Cap.READ_NATIONAL}),
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

# A role listed here works for one agency: its users update (``Cap.UPDATE_ACTIONS``) only the
# action items owned by the agency whose ``operator_role`` is their role, in their regions (a
# BPJS branch updates BPJS TK's items, not the regency's). Which agency that is, is data.
AGENCY_ROLES: frozenset[str] = frozenset({Role.BPJS_OPERATOR})


def allows(user, cap: Cap, region: Region | None = None, *, shared: bool = False,
           system: bool = False) -> bool:
    """Whether the user's role holds ``cap`` and, when ``region`` is given, the region lies in
    the user's scope (with ``shared``: or above it, for what a region shares with the regions
    below it). The one question every view, service, task and command asks.

    With ``system``, a service accepts the actor None: the system itself (a management command
    run on the server, or a background task on its behalf), which holds every capability in
    every region. Without it, None is refused as an anonymous user is."""
    if user is None and system:  # --- the system actor (issue 20, registry) ---
        return True
    if not _is_active(user) or cap not in ROLE_CAPS.get(user.role, frozenset()):
        return False
    if region is None:
        return True
    return can_read_shared(user, region) if shared else can_read(user, region)


def require(user, cap: Cap, region: Region | None = None, *, shared: bool = False,
            system: bool = False) -> None:
    """Raise PermissionDenied unless ``allows(user, cap, region, shared=shared,
    system=system)``."""
    if not allows(user, cap, region, shared=shared, system=system):
        raise PermissionDenied


def _is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role)


# --- the region rule --------------------------------------------------------------------------
# Geography, written once in ucj/regions/hierarchy.py (issue 20); every decision below uses it.


def root_codes(user) -> tuple[str, ...]:
    """Codes of the regions the user is bound to (cached on the user object)."""
    if not _is_active(user):
        return ()
    cached = getattr(user, "_ucj_root_codes", None)
    if cached is None:
        cached = tuple(sorted(user.regions.values_list("code", flat=True)))
        user._ucj_root_codes = cached
    return cached


def province_codes(user) -> list[str]:
    """The provinces the user's regions lie in."""
    return sorted({province_code(code) for code in root_codes(user)})


def is_province_wide(user) -> bool:
    """Whether the user is bound to a whole province (the province's own users)."""
    return any(province_code(code) == code for code in root_codes(user))


# --- aggregates: within a province; every province for a national viewer (issue 21) ----------

def is_national(user) -> bool:
    """Whether the user reads every province's aggregates (a national viewer)."""
    return allows(user, Cap.READ_NATIONAL)


def aggregate_province_codes(user) -> list[str] | None:
    """The provinces whose aggregates the user reads: None for every province (a national
    viewer); otherwise the provinces the user's regions lie in (none when signed out)."""
    if is_national(user):
        return None
    return province_codes(user)


def can_read_aggregates(user, region: Region | None) -> bool:
    """Whether the user reads the aggregate figures of ``region`` (a province, a regency and
    what lies below): within their own province, or anywhere for a national viewer."""
    if region is None or not _is_active(user):
        return False
    codes = aggregate_province_codes(user)
    return codes is None or province_code(region.code) in codes


def aggregate_province(user, wanted: str = "") -> Region | None:
    """The province a province-wide page shows the user: ``wanted`` (a code) if the user reads
    its aggregates; none asked, the user's own (a national viewer's: the first by code)."""
    provinces = Region.objects.filter(level="province").defer("geometry").order_by("code")
    if wanted:
        province = provinces.filter(code=wanted).first()
        return province if can_read_aggregates(user, province) else None
    codes = aggregate_province_codes(user)
    return provinces.first() if codes is None else provinces.filter(code__in=codes).first()


def aggregates_q(user, *, path: str = "region") -> Q:
    """A filter of rows (regions through ``path``) whose aggregates the user reads."""
    if not _is_active(user):
        return Q(pk__in=[])
    codes = aggregate_province_codes(user)
    return Q() if codes is None else _codes_q(tuple(codes), path)


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


# --- datasets -------------------------------------------------------------------------------

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


# --- audit ------------------------------------------------------------------------------------

def may_see_all_audit(user) -> bool:
    return allows(user, Cap.READ_ALL_AUDIT)


def visible_audit_events(user, queryset: QuerySet) -> QuerySet:
    """Audit events: the province admin sees every event of their province (its regions, its
    users' acts and what was done to its users, failed sign-ins included) and the system's own
    (no region, no actor, not about a user); others see events in their regions and their own.
    Nobody sees another province's (issue 21)."""
    if not _is_active(user):
        return queryset.none()
    mine = scope_q(user, path="region") | Q(actor=user)
    if not may_see_all_audit(user):
        return queryset.filter(mine)
    users = users_within(user)
    user_ids = [str(pk) for pk in users.values_list("pk", flat=True)]
    about_user = Q(object_type="accounts.user")
    unbound = Q(region__isnull=True) & (
        Q(actor__in=users)
        | Q(actor__isnull=True) & (~about_user | about_user & Q(object_id__in=user_ids)))
    return queryset.filter(mine | unbound)


# --- user management: within the admin's province (issue 21) ----------------------------------

def users_within(user) -> QuerySet:
    """The accounts bound to a region in the user's scope (the user's province's, for a
    province user), as a subquery of primary keys."""
    return User.objects.filter(scope_q(user, path="regions")).values("pk")


def managed_users(actor, queryset: QuerySet) -> QuerySet:
    """The accounts ``actor`` manages: who holds MANAGE_USERS manages the users bound to a
    region in their scope (and nobody else: not another province's, not a national viewer)."""
    if not allows(actor, Cap.MANAGE_USERS):
        return queryset.none()
    return queryset.filter(pk__in=users_within(actor))


def may_manage_user(actor, user, regions=()) -> bool:
    """Whether ``actor`` may create or change ``user`` (None: a new account) bound to
    ``regions``: the account, when it exists, is one of theirs, its new regions lie in their
    scope, and its role is not the national viewer's (made on the server: create_admin)."""
    if not allows(actor, Cap.MANAGE_USERS):
        return False
    if user is not None and user.pk is not None and (
            getattr(user, "role", "") == Role.NASIONAL_VIEWER
            or not managed_users(actor, User.objects.filter(pk=user.pk)).exists()):
        return False
    return all(can_read(actor, region) for region in regions)


# --- Coordination forums and reports ----------------------------------------------------------
# A meeting is read by the users of its region and of every region below it: a province
# meeting (rakor) by every regency of the province, a regency meeting by that regency and the
# province. What a meeting mapped and agreed (challenges, action items) is read with it: the
# forum holds every region to account in front of the others. Reports are read the same way.
# Those who hold MANAGE_FORUMS in the meeting's region run the forums; an action item is
# updated by its owner: a holder of UPDATE_ACTIONS whose regions hold the item's owner region
# (only its agency's items for a role in AGENCY_ROLES), and by whoever runs the forum.


def _ancestor_codes(roots: tuple[str, ...]) -> set[str]:
    return {code for root in roots for code in ancestor_codes(root)}


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
    if region is None:
        return False
    roots = root_codes(user)
    return code_within(region.code, roots) or region.code in _ancestor_codes(roots)


def can_read_meeting(user, meeting) -> bool:
    return can_read_shared(user, meeting.region)


def updatable_actions_q(user) -> Q:
    """Action items the user may update (add progress, evidence, a status)."""
    if not allows(user, Cap.UPDATE_ACTIONS):
        return Q(pk__in=[])
    readable = forum_q(user, path="meeting__region")
    managed = (scope_q(user, path="meeting__region") if allows(user, Cap.MANAGE_FORUMS)
               else Q(pk__in=[]))
    owned = scope_q(user, path="owner_region")
    if user.role in AGENCY_ROLES:
        owned &= Q(owner_agency__operator_role=user.role)
    return readable & (managed | owned)


def can_update_action(user, action) -> bool:
    if not allows(user, Cap.UPDATE_ACTIONS) or not can_read_meeting(user, action.meeting):
        return False
    if allows(user, Cap.MANAGE_FORUMS, action.meeting.region):
        return True
    if not can_read(user, action.owner_region):
        return False
    return user.role not in AGENCY_ROLES or (action.owner_agency is not None
                                             and action.owner_agency.operator_role == user.role)


# --- beneficiary registry (ucj/registry; issue 20) ----------------------------------------------
# Who sends which kind of file (``ucj.registry.models.Kind``): beneficiary and deceased lists with
# UPLOAD_LISTS in their region; BPJS participant files with UPLOAD_PARTICIPANTS. A participant
# file's rows count only in its uploader's regions, so it is read, mapped and processed by its
# uploader alone (``UPLOADER_ONLY``). A person's data (names, birth dates, villages, full NIKs) is
# READ_PERSONS in the region; the registration file of funded workers, PULL_REGISTRATION.

UPLOAD_CAPS: dict[str, Cap] = {"beneficiaries": Cap.UPLOAD_LISTS, "deceased": Cap.UPLOAD_LISTS,
                               "participants": Cap.UPLOAD_PARTICIPANTS}
UPLOADER_ONLY = frozenset({"participants"})


def can_read_upload(user, upload) -> bool:
    """Whether an uploaded file exists for the user at all (else it answers 404): a list of a
    region in the user's scope; a participant file only for its uploader."""
    if upload.kind in UPLOADER_ONLY:
        return upload.uploaded_by_id is not None and upload.uploaded_by_id == user.pk
    return can_read(user, upload.region)


def may_map_upload(user, upload) -> bool:
    """The column mapping of a file: a list's by who may upload lists in its region; a
    participant file's by its uploader, while it may still send participant files."""
    region = None if upload.kind in UPLOADER_ONLY else upload.region
    return can_read_upload(user, upload) and allows(user, UPLOAD_CAPS[upload.kind], region)


def may_process_upload(actor, upload) -> bool:
    """Whether ``actor`` (None: the system) may process a file processed in its uploader's
    regions: the system, its uploader, or anyone when it has none (a file given on the
    command line)."""
    return (actor is None or upload.kind not in UPLOADER_ONLY
            or upload.uploaded_by_id in (None, actor.pk))
# --- end beneficiary registry ---


# --- imports (ucj/imports) -------------------------------------------------------------------
# A staged import is its uploader's: only they apply, discard or download it (what it would write
# was checked against their rights, and its file may hold what others may not see).

def require_own_import(actor, job) -> None:
    if job.actor_id != actor.pk:
        raise PermissionDenied
# --- end imports ---


# --- reports (ucj/reports) ---------------------------------------------------------------------
# A report is read like a meeting (``visible_forum``). A report made with its orderer's scope (a
# meeting brief's PDF: ``orderer_only`` selects them) is read by its orderer only, and by who
# runs the forums in its region (their scope then holds all the orderer's).


def visible_reports(user, queryset: QuerySet, *, orderer_only: Q) -> QuerySet:
    """The reports of ``queryset`` the user reads."""
    reports = visible_forum(user, queryset)
    others = orderer_only & ~Q(requested_by=user)
    if allows(user, Cap.MANAGE_FORUMS):
        return reports.exclude(others & ~scope_q(user, path="region"))
    return reports.exclude(others)


def can_read_brief(user, report) -> bool:
    """Whether ``user`` may see and fetch a meeting brief's PDF: who may read the meeting, and
    of them only who ordered it (it holds what their scope shows) or who runs the meeting."""
    if not can_read_meeting(user, report.meeting):
        return False
    return report.requested_by_id == user.pk or allows(user, Cap.MANAGE_FORUMS,
                                                         report.meeting.region)
# --- end reports ---
