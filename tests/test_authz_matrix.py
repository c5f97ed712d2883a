"""The generated authorization test: every URL × every kind of user × GET and POST.

The URL resolver names every page; ``SPECS`` says, once per URL name, how to build its
arguments from the world (tests/authz_world.py) and what guards it:

* ``public``: anyone, signed in or not;
* otherwise a signed-in user, and then in this order:
  ``read``  — the user may read the object the URL names (its region in scope, or a shared
              record of a region above), else **404** (decision #4: the record's existence is
              not revealed);
  ``cap``   — the capability of ``ucj.accounts.scope.ROLE_CAPS`` the page needs, in the
              object's region, else **403**;
  ``may``   — a rule beyond the table (ownership of an import job, the owner of an action
              item), else **403**;
  ``form``  — for a POST whose region or dataset is chosen in the form: what the form offers
              (the table again), else the form refuses it (2xx/3xx/400, nothing written).

The expected answer of every (URL, user, method) is computed from the spec and the
capability table, never written out per role: allowed → 2xx/3xx that is not the login page
(and an allowed POST writes: the POST data are valid); anonymous → the login page; a method
the view does not answer → 405. A refused POST changes nothing: the row counts and last
changes of every table and the audit log stay as they were (reads of protected data may be
audited).

A second test calls every write service directly with each kind of user: the table decides
whether it raises PermissionDenied (and then writes nothing), whatever the view does.

The suite fails when a URL name has no spec, when a spec names a URL that no longer exists,
and when a capability of ``Cap`` is guarded by no spec. To add a URL: add its ``Spec`` below
(one line for a page of every signed-in user). To add a capability: add it to ``Cap`` and
``ROLE_CAPS`` and name it in the spec of the URLs it guards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import get_resolver, reverse
from django.utils import translation

from tests.authz_world import (
    DENOMINATOR_KEYS,
    KINDS,
    LIST_HEADER,
    OWN_HEADER,
    PARTICIPANT_HEADER,
    PASSWORD,
    PDF,
    PEOPLE,
    PROVINCE_MARKERS,
    A,
    World,
    build_world,
    csv_bytes,
    denominators_csv,
    nik,
)
from ucj.accounts import services as account_services
from ucj.accounts.forms import UserForm
from ucj.accounts.scope import (
    DATASET_CAPS,
    Cap,
    allows,
    can_read,
    can_read_aggregates,
    can_read_shared,
    can_update_action,
    may_manage_user,
    users_within,
    within_q,
)
from ucj.api.models import ApiToken  # the API (issue 18)
from ucj.audit.models import Action, AuditEvent
from ucj.budget import services as budget_services
from ucj.budget.forms import TariffDiscountForm, TariffRateForm
from ucj.core.datasets import get_dataset
from ucj.coverage import services as coverage_services
from ucj.cycle import services as cycle_services  # budget cycle
from ucj.forums import services as forum_services
from ucj.forums.action_forms import ActionForm
from ucj.forums.forms import ChallengeForm, MeetingForm
from ucj.imports import services as import_services
from ucj.imports.models import ImportJob, ImportStatus
from ucj.indicators.services import threshold_update
from ucj.planner import services as planner_services
from ucj.policy.services import policy_set  # province policy (issue 20)
from ucj.registry import services as registry_services
from ucj.registry.models import Kind, SourceFile
from ucj.reports import services as report_services
from ucj.submissions import services as submission_services
from ucj.submissions.selectors import submission_for

MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATASETS = tuple(DATASET_CAPS)
READ_ACTIONS = {Action.VIEW, Action.EXPORT, Action.DOWNLOAD}

OK, LOGIN, REFUSED = "ok", "login", "refused"


# --- the world, once per module ------------------------------------------------------------

@pytest.fixture(scope="module")
def world_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("authz")
    return {"MEDIA_ROOT": root / "media", "REGISTRY_DIR": root / "registry"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_dirs):
    """Built once, inside a transaction rolled back after the module's last test; each test
    runs in a savepoint of it."""
    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=MD5, UCJ_REGISTRY_RETENTION_DAYS=0, **world_dirs), \
            translation.override("id"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_client():
    """One test client for the module: its handler loads the middleware once (WhiteNoise
    reads the static files when it starts)."""
    return Client()


@pytest.fixture
def client(module_client):
    """The module's client, signed out, for one test."""
    module_client.cookies.clear()
    return module_client


@pytest.fixture(autouse=True)
def _fast_settings():
    """Overrides conftest's (a media folder per test): the world's settings hold for the
    whole module, so the world's files stay where the world wrote them."""


@pytest.fixture(autouse=True, scope="module")
def _no_pdf_engine():
    """The meeting brief's PDF is drawn by WeasyPrint (a second each): this test is about who
    gets it, so the PDF engine returns a stub."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ucj.core.pdf.html_to_pdf",  # (made by the reports' task, issue 19)
                      lambda *args, **kwargs: b"%PDF-1.4 stub")
        yield


# --- what a request may change ---------------------------------------------------------------

def _fingerprint_sql() -> str:
    """One query: the row count and last change of every table of the app, and the number of
    audit events other than reads of protected data."""
    quote = connection.ops.quote_name
    parts = []
    for model in apps.get_models():
        if not model.__module__.startswith("ucj.") or model is AuditEvent:
            continue
        columns = {f.name: f.column for f in model._meta.concrete_fields}
        last = (f"CAST(MAX({quote(columns['updated_at'])}) AS TEXT)"
                if "updated_at" in columns else "NULL")
        parts.append(f"SELECT '{model._meta.label}', COUNT(*), {last} "
                     f"FROM {quote(model._meta.db_table)}")
    reads = ", ".join(f"'{action}'" for action in sorted(READ_ACTIONS))
    parts.append(f"SELECT 'audit writes', COUNT(*), NULL FROM {quote(AuditEvent._meta.db_table)} "
                 f"WHERE {quote('action')} NOT IN ({reads})")
    return " UNION ALL ".join(parts)


def fingerprint() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return {label: (count, last) for label, count, last in cursor.fetchall()}


def region_snapshot(code: str) -> dict:
    """Every value of every row of region ``code`` and below, in every table that names its
    region (realizations through their allocation); the audit log aside."""
    snapshot = {}
    for model in apps.get_models():
        if not model.__module__.startswith("ucj.") or model is AuditEvent:
            continue
        names = {f.name for f in model._meta.get_fields()}
        path = ("region" if "region" in names else
                "allocation__region" if "allocation" in names else None)
        if path is None or model._meta.get_field(path.split("__")[0]).related_model is None:
            continue
        rows = model.objects.filter(within_q(code, path=path)).order_by("pk")
        snapshot[model._meta.label] = [tuple(map(str, row)) for row in rows.values_list()]
    return snapshot


def region_a(world: World) -> dict:
    return region_snapshot(A)


def changed(before: dict, after: dict) -> dict:
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}


# --- POST data: a form's own values, as a browser would send them back ------------------------

def form_data(form: forms.BaseForm, **changes) -> dict:
    """The values an unbound form shows, as POST data, with ``changes`` applied."""
    data = {}
    for name, field_ in form.fields.items():
        if isinstance(field_, forms.FileField) or field_.disabled:
            continue
        value = form[name].value()
        if isinstance(field_, forms.BooleanField):
            if value:
                data[name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(field_.prepare_value(v)) if hasattr(v, "pk") else str(v)
                          for v in value]
            continue
        formatted = field_.widget.format_value(value)
        if isinstance(formatted, list):
            data[name] = [str(v) for v in formatted]
        else:
            data[name] = "" if formatted is None else str(formatted)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def pdf(name: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def admin_of(w: World):
    return w.user("province_admin")


def record_form(w: World, slug: str, record=None):
    ds = get_dataset(slug)
    return ds.form_class(instance=record, user=admin_of(w), dataset=ds)


NEW_KEYS = {  # a new record of each dataset in region A: the key of the world's, moved
    "denominators": {"year": "2027"}, "participation": {"month": "2025-07"},
    "commitments": {"year": "2027", "status": "planned"},
    "allocations": {"fiscal_year": "2027"}, "realizations": {"month": "2025-11"},
}
NOTE_FIELD = {"denominators": "source_note", "participation": "source_note"}


def record_create_data(w: World, slug: str) -> dict:
    data = form_data(record_form(w, slug, w.records[slug]), **NEW_KEYS[slug])
    return {**data, "confirm_warnings": "1"}


def record_edit_data(w: World, slug: str) -> dict:
    note = NOTE_FIELD.get(slug, "note")
    data = form_data(record_form(w, slug, w.records[slug]), **{note: "Diperiksa ulang."})
    return {**data, "confirm_warnings": "1"}


# --- the specs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    args: tuple = ()
    query: dict | None = None
    data: dict | None = None
    region: object = None  # the region of the object the URL names (or the form's)
    obj: object = None


Rule = Callable[[object, Case], bool]


@dataclass
class Spec:
    name: str
    methods: tuple[str, ...]
    build: Callable[[World, str], Case] = lambda w, variant: Case()
    variants: tuple[str, ...] = ("",)
    public: bool = False
    read: Rule | None = None  # False → 404
    cap: Cap | Callable[[str], Cap] | None = None  # lacking (in the case's region) → 403
    cap_region: bool = True  # ask the capability in the case's region
    may: Rule | None = None  # a rule beyond the table → 403
    form: Rule | None = None  # POST: what the form accepts; otherwise refused in the form
    writes: bool = True  # an allowed POST changes data
    login_redirect_ok: bool = False  # success is the login page (signing out)
    tasks: bool = False  # run the background tasks the request queues, as after its commit
    # A refused POST leaves this snapshot unchanged (default: the whole database); for a file
    # whose rows belong to other regions, which is kept and reported, not applied.
    keeps: Callable[[World], object] | None = None
    note: str = ""
    api: bool = False  # an endpoint of the API (issue 18): anonymous → 401, not the login page
    post_cap: Cap | None = None  # the API's writes: a POST needs it (anywhere), a GET does not

    def capability(self, variant: str) -> Cap | None:
        return self.cap(variant) if callable(self.cap) and not isinstance(self.cap, Cap) \
            else self.cap


def uses(*caps: Cap):
    """Mark a rule with the capabilities it asks, for the inventory of capabilities."""
    def mark(rule):
        rule.caps = caps
        return rule
    return mark


def in_scope(user, case: Case) -> bool:
    return can_read(user, case.region)


def aggregates(user, case: Case) -> bool:
    """A region's aggregate figures: within the user's province; anywhere for a national
    viewer (issue 21)."""
    return can_read_aggregates(user, case.region)


@uses(Cap.MANAGE_USERS)
def managed(user, case: Case) -> bool:
    """An account exists for who manages it (their province's: issue 21); for those who
    manage no account, the page is refused (403) before the account is looked for."""
    return not allows(user, Cap.MANAGE_USERS) or may_manage_user(user, case.obj)


@uses(Cap.APPROVE_SUBMISSIONS)
def approver_in_scope(user, case: Case) -> bool:
    """Approving what lies outside the approver's scope: 404 (another province's, issue 21)."""
    return not allows(user, Cap.APPROVE_SUBMISSIONS) or can_read(user, case.region)


def shared(user, case: Case) -> bool:
    return can_read_shared(user, case.region)


def cap_in(cap: Cap, *, shared_: bool = False) -> Rule:
    """The capability in the case's region (the region chosen in the form)."""
    return uses(cap)(lambda user, case: allows(user, cap, case.region, shared=shared_))


@uses(*DATASET_CAPS.values())
def any_dataset_cap(user, case: Case) -> bool:
    return any(allows(user, cap) for cap in DATASET_CAPS.values())


@uses(Cap.READ_ALL_AUDIT)
def job_reader(user, case: Case) -> bool:
    """An import job is its uploader's; whoever reads every audit event of the uploader's
    province reads it too (issue 21)."""
    return case.obj.actor_id == user.pk or (
        allows(user, Cap.READ_ALL_AUDIT)
        and users_within(user).filter(pk=case.obj.actor_id).exists())


@uses(Cap.UPDATE_ACTIONS, Cap.MANAGE_FORUMS)
def action_owner(user, case: Case) -> bool:
    return can_update_action(user, case.obj)


def job_owner(user, case: Case) -> bool:
    return case.obj.actor_id == user.pk


GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")


# --- the API (issue 18) ---
@uses(Cap.MANAGE_USERS)
def token_manager(user, case: Case) -> bool:
    """A token is revoked by its owner and by whoever manages users; for others it is not
    there (404)."""
    return case.obj.user_id == user.pk or may_manage_user(user, case.obj.user)


def token_case(w: World, variant: str) -> Case:
    from ucj.api.tokens import hash_key

    token = ApiToken.objects.create(user=w.user("operator_own"), name="SIPD", prefix="ucj_abcdef",
                                    key_hash=hash_key("ucj_matrix-token"))
    return Case(args=(token.pk,), obj=token)
# --- end API ---


# --- BPJS exchange (issue 18) ---
def participant_file_case(w: World, variant: str) -> Case:
    """The participant file the world's BPJS branch of region A sent."""
    source = SourceFile.objects.filter(kind=Kind.PARTICIPANTS,
                                       uploaded_by=w.user("bpjs_in_scope")).earliest("uploaded_at")
    return Case(args=(source.pk,), obj=source)
# --- end BPJS exchange ---


def signed_in(name: str, methods=GET, build=None, **kwargs) -> Spec:
    """A page of every signed-in user (aggregates, lists filtered to the user's scope)."""
    return Spec(name, methods, build or (lambda w, v: Case()), **kwargs)


def allocation_document(w: World):  # evidence (issue 17): the world's document of region A
    from ucj.budget.models import AllocationDocument

    return AllocationDocument.objects.get(allocation=w.records["allocations"])


def evidence_services():
    from ucj.budget import evidence

    return evidence


def region_case(w: World, variant: str) -> Case:
    return Case(args=(A,), region=w.regions[A])


def record_case(w: World, slug: str, *, data=None, deletable=False) -> Case:
    record = (w.deletable if deletable else w.records)[slug]
    return Case(args=(slug, record.pk), region=record.region, obj=record, data=data)


def submission_case(key: tuple[str, str, str], data=None) -> Callable[[World, str], Case]:
    def build(w: World, variant: str) -> Case:
        dataset, code, period = key(w) if callable(key) else key
        return Case(args=(dataset, code, period), region=w.regions[code], data=data)
    return build


def meeting_case(w: World, variant: str, data=None) -> Case:
    meeting = w.meetings[variant or "a"]
    return Case(args=(meeting.pk,), region=meeting.region, obj=meeting, data=data)


def meeting_edit_data(w: World) -> dict:
    meeting = w.meetings["a"]
    return form_data(MeetingForm(instance=meeting, user=admin_of(w)),
                     title="Rapat Tim UCJ Lombok Timur (ubah)")


def attendees_data(w: World) -> dict:
    return {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "form-0-region": A, "form-0-agency": "disnaker",
            "form-0-name": "", "form-0-position": "", "form-0-attendance": "present"}


def challenge_edit_data(w: World) -> dict:
    c = w.challenge
    return form_data(ChallengeForm(instance=c, meeting=c.meeting, user=admin_of(w)),
                     title="APBD-P belum memuat iuran (ubah)")


def action_edit_data(w: World) -> dict:
    item = w.actions["a"]
    return form_data(ActionForm(meeting=item.meeting, action=item),
                     title="Susun SK tim koordinasi (ubah)")


def action_case(w: World, variant: str, data=None) -> Case:
    item = w.actions[variant or "a"]
    return Case(args=(item.pk,), region=item.meeting.region, obj=item, data=data)


def scenario_case(w: World, variant: str, data=None) -> Case:
    scenario = w.scenarios[0]
    return Case(args=(scenario.pk,), region=scenario.region, obj=scenario, data=data)


@uses(Cap.MANAGE_FORUMS)
def report_reader(user, case: Case) -> bool:
    """A report is read where its region is shared; a meeting brief's PDF (made with its
    orderer's scope, issue 19) only by its orderer and who runs the meeting."""
    if case.obj.kind != "brief_pdf":
        return shared(user, case)
    return shared(user, case) and (case.obj.requested_by_id == user.pk
                                   or allows(user, Cap.MANAGE_FORUMS, case.region))


def report_case(w: World, variant: str) -> Case:
    report = w.reports[variant or "a"]
    return Case(args=(report.pk,), region=report.region, obj=report)


def job_case(key: str, data=None) -> Callable[[World, str], Case]:
    def build(w: World, variant: str) -> Case:
        job = w.import_jobs[key]
        return Case(args=(job.pk,), obj=job, data=data)
    return build


def run_case(w: World, variant: str, data=None, extra=()) -> Case:
    return Case(args=(w.run.pk, *extra), region=w.run.region, obj=w.run, data=data)


def user_edit_data(w: World) -> dict:
    return form_data(UserForm(user=w.target_user), full_name="Staf Lombok Timur")


def tariff_rate_edit_data(w: World) -> dict:
    return form_data(TariffRateForm(initial=TariffRateForm.initial_from(w.rate)),
                     source="Diperiksa ulang")


def tariff_discount_edit_data(w: World) -> dict:
    return form_data(TariffDiscountForm(initial=TariffDiscountForm.initial_from(w.discount)),
                     source="Diperiksa ulang")


def participant_file() -> SimpleUploadedFile:
    """A participant file of region A's workers (NIKs issued in Lombok Timur)."""
    return SimpleUploadedFile("peserta-lotim.csv", csv_bytes(PARTICIPANT_HEADER, [
        [nik(1), "aktif", "BPU", A, "2026-01"], [nik(2, female=True), "aktif", "BPU", A,
                                                 "2026-01"]]), content_type="text/csv")


# reconciliation with BPJS (issue 17)
def region_asked(user, case: Case) -> bool:
    """A page of the user's regions: none asked for, or one in scope."""
    return case.region is None or can_read(user, case.region)


def region_query(w: World, variant: str) -> Case:
    """``?wilayah=A`` (variant "a") or no region."""
    if variant == "a":
        return Case(query={"wilayah": A, "bulan": "2025-10"}, region=w.regions[A])
    return Case(query={"bulan": "2025-10"})


TODAY = dt.date.today()
# rka: budget codes of region A as its operator types them from SIPD (test values)
RKA_CODES = {"skpd_name": "Disnakertrans Lombok Timur", "program_code": "2.07.03",
             "program_name": "Program uji", "kegiatan_code": "2.07.03.2.01",
             "kegiatan_name": "Kegiatan uji", "sub_kegiatan_code": "2.07.03.2.01.0007",
             "sub_kegiatan_name": "Sub kegiatan uji", "account_code": "5.1.02.01.01.0099",
             "account_name": "Belanja uji", "note": ""}

SPECS: list[Spec] = [
    # --- public --------------------------------------------------------------------------------
    Spec("login", BOTH, public=True, writes=False,
         note="signed-in users are sent home; a failed sign-in may be audited"),
    Spec("logout", POST, public=True, writes=False, login_redirect_ok=True),
    Spec("public_page", GET, public=True),
    Spec("public_csv", GET, public=True),
    Spec("set_language", BOTH, public=True, writes=False,
         build=lambda w, v: Case(data={"language": "en", "next": "/"}),
         note="Django's language switcher: a cookie, no data"),
    Spec("health", GET, public=True, note="ok/fail per part (issue 18; tests/test_health.py)"),
    Spec("ready", GET, public=True, note="ok/fail per part (issue 18; tests/test_health.py)"),

    # --- every signed-in user --------------------------------------------------------------------
    signed_in("home"),
    Spec("password_change", BOTH, build=lambda w, v: Case(data={
        "old_password": PASSWORD, "new_password1": "Another-long-pass-456",
        "new_password2": "Another-long-pass-456"})),
    signed_in("region_list"),
    Spec("region_detail", GET, read=aggregates, build=region_case),
    Spec("region_history_export", GET, read=aggregates, build=region_case),
    Spec("region_realization_export", GET, read=aggregates, build=region_case),
    signed_in("audit_list"),
    signed_in("audit_export"),
    signed_in("record_list", variants=DATASETS, build=lambda w, v: Case(args=(v,))),
    signed_in("record_export", variants=DATASETS, build=lambda w, v: Case(args=(v,))),
    signed_in("submission_list"),
    signed_in("submission_export"),
    signed_in("dashboard"),
    signed_in("dashboard_export"),
    signed_in("dashboard_trend_export"),
    signed_in("budget_calculator", build=lambda w, v: Case(query={
        "region": A, "year": "2026", "stage": "murni", "mode": "workers",
        "target_workers": "500"})),
    signed_in("budget_province"),
    signed_in("scenario_list"),
    signed_in("scenario_compare", build=lambda w, v: Case(
        query={"id": [s.pk for s in w.scenarios]}),
        note="fewer than two readable scenarios: back to the list"),
    signed_in("tariff_list"),
    signed_in("threshold_list"),
    signed_in("meeting_list"),
    signed_in("challenge_list"),
    signed_in("action_list"),
    signed_in("reminder_list"),
    signed_in("report_list"),
    signed_in("registry_home"),
    signed_in("registry_enrollments"),
    # --- reconciliation with BPJS (issue 17): every signed-in user, in scope; a region asked
    # for outside it → 404
    *[Spec(name, GET, variants=("", "a"), read=region_asked, build=region_query)
      for name in ("reconciliation", "reconciliation_export", "reconciliation_lapsing",
                   "reconciliation_lapsing_export")],
    # --- end reconciliation

    # --- user management -----------------------------------------------------------------------
    Spec("user_list", GET, cap=Cap.MANAGE_USERS),
    Spec("user_create", BOTH, cap=Cap.MANAGE_USERS, cap_region=False,
         form=cap_in(Cap.MANAGE_USERS), build=lambda w, v: Case(region=w.regions[A], data={
        "username": "staf.baru", "full_name": "Staf Baru", "agency": "Disnaker",
        "email": "", "role": "daerah_operator", "regions": [str(w.regions[A].pk)],
        "password": "Initial-long-pass-789"})),
    Spec("user_edit", BOTH, read=managed, cap=Cap.MANAGE_USERS, build=lambda w, v: Case(
        args=(w.target_user.pk,), obj=w.target_user, data=user_edit_data(w))),
    Spec("user_password", POST, read=managed, cap=Cap.MANAGE_USERS, build=lambda w, v: Case(
        args=(w.target_user.pk,), obj=w.target_user, data={"password": "Reset-long-pass-321",
                                        "password2": "Reset-long-pass-321"})),

    # --- records of the five datasets -----------------------------------------------------------
    Spec("record_detail", GET, variants=DATASETS, read=in_scope,
         build=lambda w, v: record_case(w, v)),
    Spec("record_create", BOTH, variants=DATASETS, cap=lambda v: DATASET_CAPS[v],
         cap_region=False, form=lambda u, c: allows(u, DATASET_CAPS[c.args[0]], c.region),
         build=lambda w, v: Case(args=(v,), region=w.regions[A],
                                 data=record_create_data(w, v))),
    Spec("record_edit", BOTH, variants=DATASETS, read=in_scope, cap=lambda v: DATASET_CAPS[v],
         build=lambda w, v: record_case(w, v, data=record_edit_data(w, v))),
    Spec("record_delete", BOTH, variants=DATASETS, read=in_scope,
         cap=lambda v: DATASET_CAPS[v],
         build=lambda w, v: record_case(w, v, deletable=True, data={})),
    Spec("commitment_document", GET, read=in_scope, build=lambda w, v: Case(
        args=(w.records["commitments"].pk,), region=w.regions[A])),
    # --- evidence of allocations (issue 17) ---
    Spec("allocation_document_upload", POST, read=in_scope, cap=Cap.WRITE_ALLOCATIONS,
         build=lambda w, v: Case(args=(w.records["allocations"].pk,), region=w.regions[A],
                                 data={"kind": "invoice", "file": pdf("tagihan.pdf")})),
    Spec("allocation_document_download", GET, read=in_scope, build=lambda w, v: Case(
        args=(allocation_document(w).pk,), region=w.regions[A])),
    Spec("allocation_document_delete", POST, read=in_scope, cap=Cap.WRITE_ALLOCATIONS,
         build=lambda w, v: Case(args=(allocation_document(w).pk,), region=w.regions[A],
                                 data={})),
    # --- end evidence ---

    # --- submissions ------------------------------------------------------------------------------
    Spec("submission_detail", GET, read=in_scope, build=submission_case(("allocations", A, "2025"))),
    Spec("submission_submit", POST, read=in_scope, cap=Cap.WRITE_DENOMINATORS,
         build=submission_case(("denominators", A, "2025"), data={})),
    Spec("submission_approve", POST, read=in_scope, cap=Cap.APPROVE_SUBMISSIONS,
         build=submission_case(lambda w: w.submitted, data={})),
    Spec("submission_return", POST, read=in_scope, cap=Cap.APPROVE_SUBMISSIONS,
         build=submission_case(lambda w: w.submitted, data={"reason": "Periksa kembali."})),
    Spec("submission_reopen", POST, read=in_scope, cap=Cap.APPROVE_SUBMISSIONS,
         build=submission_case(lambda w: w.approved, data={"reason": "Ada koreksi BPJS."})),
    Spec("submission_bulk_approve", POST, read=approver_in_scope, cap=Cap.APPROVE_SUBMISSIONS,
         cap_region=False,
         build=lambda w, v: Case(region=w.regions[A],
                                 data={"items": "|".join(w.draft)})),

    # --- imports ----------------------------------------------------------------------------------
    Spec("import_start", BOTH, may=any_dataset_cap, tasks=True,
         form=uses(Cap.WRITE_DENOMINATORS)(lambda u, c: allows(u, Cap.WRITE_DENOMINATORS)),
         build=lambda w, v: Case(data={"dataset": "denominators", "file": SimpleUploadedFile(
             "denominator.csv", csv_bytes(DENOMINATOR_KEYS, [
                 [A, "", 2021, 430_000, "", "", "", "BPS"]]))})),
    Spec("import_template", GET, cap=Cap.WRITE_DENOMINATORS, cap_region=False,
         build=lambda w, v: Case(query={"dataset": "denominators", "period": "2025"})),
    Spec("import_detail", GET, read=job_reader, build=job_case("staged")),
    Spec("import_progress", GET, read=job_reader, build=job_case("staged")),
    Spec("import_apply", POST, read=job_reader, may=job_owner,
         build=job_case("staged", data={})),
    Spec("import_discard", POST, read=job_reader, may=job_owner,
         build=job_case("staged", data={})),
    Spec("import_errors", GET, read=job_reader, build=job_case("invalid")),

    # --- the budget planner, tariffs, thresholds ------------------------------------------------
    Spec("scenario_save", POST, cap=Cap.PLAN_BUDGET, cap_region=False,
         form=cap_in(Cap.PLAN_BUDGET), build=lambda w, v: Case(region=w.regions[A], data={
             "region": A, "year": "2026", "stage": "murni", "mode": "workers",
             "target_workers": "700", "name": "Skenario 700 pekerja"})),
    Spec("scenario_detail", GET, read=in_scope, build=scenario_case),
    Spec("scenario_export", GET, read=in_scope, build=scenario_case),
    Spec("scenario_promote", POST, read=in_scope, cap=Cap.PLAN_BUDGET,
         build=lambda w, v: scenario_case(w, v, data={})),
    Spec("scenario_delete", POST, read=in_scope, cap=Cap.PLAN_BUDGET,
         build=lambda w, v: scenario_case(w, v, data={})),
    # --- rka: SIPD budget codes and the DPA rincian (issue 17) ---
    signed_in("budget_coding_list"),
    Spec("budget_coding", GET, read=in_scope, build=lambda w, v: Case(
        args=(A, 2027), region=w.regions[A])),
    Spec("budget_coding_save", POST, read=in_scope, cap=Cap.PLAN_BUDGET, build=lambda w, v: Case(
        args=(A, 2027), region=w.regions[A], data=dict(RKA_CODES))),
    Spec("allocation_dpa", GET, read=in_scope, build=lambda w, v: Case(
        args=(w.records["allocations"].pk,), region=w.regions[A])),
    # --- end rka ---
    Spec("tariff_rate_create", BOTH, cap=Cap.MANAGE_TARIFFS, build=lambda w, v: Case(
        args=(w.package.code,), data={"monthly_amount": "17.000", "valid_from": "2030-01-01",
                                      "legal_basis": "Rancangan", "source": "Uji"})),
    Spec("tariff_rate_edit", BOTH, cap=Cap.MANAGE_TARIFFS, build=lambda w, v: Case(
        args=(w.rate.pk,), data=tariff_rate_edit_data(w))),
    Spec("tariff_discount_create", BOTH, cap=Cap.MANAGE_TARIFFS, build=lambda w, v: Case(
        args=(w.package.code,), data={"percent": "25", "valid_from": "2030-01-01",
                                      "legal_basis": "Rancangan", "source": "Uji"})),
    Spec("tariff_discount_edit", BOTH, cap=Cap.MANAGE_TARIFFS, build=lambda w, v: Case(
        args=(w.discount.pk,), data=tariff_discount_edit_data(w))),
    Spec("threshold_edit", POST, cap=Cap.MANAGE_THRESHOLDS, build=lambda w, v: Case(
        args=(w.threshold.pk,), data={"value": "33,3"})),
    # --- province policy as data (issue 20) ---
    signed_in("policy_list"),
    Spec("policy_edit", POST, cap=Cap.MANAGE_POLICY, build=lambda w, v: Case(
        args=("forum-due-soon-days",), data={"value": "21"})),
    # --- end policy ---

    # --- the beneficiary registry ---------------------------------------------------------------
    Spec("registry_list_upload", POST, form=cap_in(Cap.UPLOAD_LISTS), tasks=True,
         build=lambda w, v: Case(region=w.regions[A], data={
             "region": A, "year": "2027", "file": SimpleUploadedFile(
                 "daftar-2027.csv", csv_bytes(LIST_HEADER, PEOPLE), content_type="text/csv")})),
    Spec("registry_participants_upload", POST, cap=Cap.UPLOAD_PARTICIPANTS, cap_region=False,
         form=cap_in(Cap.UPLOAD_PARTICIPANTS), tasks=True, keeps=region_a,
         note="a branch's file is kept and processed; rows of other regions are set aside",
         build=lambda w, v: Case(region=w.regions[A], data={"file": participant_file()})),
    Spec("registry_mapping", BOTH, read=in_scope, cap=Cap.UPLOAD_LISTS,
         build=lambda w, v: Case(args=(w.pending_source.pk,), region=w.pending_source.region,
                                 data=dict(zip(LIST_HEADER, OWN_HEADER, strict=True)))),
    Spec("registry_run", GET, read=in_scope, build=run_case),
    Spec("registry_progress", GET, read=in_scope, build=run_case),
    Spec("registry_export", GET, read=in_scope, build=run_case),
    Spec("registry_row", GET, read=in_scope, build=lambda w, v: run_case(w, v, extra=(2,))),
    Spec("registry_cancel", POST, read=in_scope, cap=Cap.UPLOAD_LISTS, writes=False,
         build=lambda w, v: run_case(w, v, data={}), note="a finished run: nothing to cancel"),
    Spec("registry_fund", POST, read=in_scope, cap=Cap.UPLOAD_LISTS, writes=False,
         build=lambda w, v: run_case(w, v, data={"allocation": w.allocation_2026.pk}),
         note="the allocation's workers are funded already"),
    Spec("registry_registration_file", GET, read=in_scope, cap=Cap.PULL_REGISTRATION,
         build=lambda w, v: Case(args=(w.allocation_2026.pk,), region=w.regions[A])),

    # --- coordination forums --------------------------------------------------------------------
    Spec("meeting_create", BOTH, cap=Cap.MANAGE_FORUMS, cap_region=False,
         form=cap_in(Cap.MANAGE_FORUMS), build=lambda w, v: Case(region=w.regions[A], data={
             "title": "Rapat evaluasi", "date": "2026-03-02", "level": "region",
             "region": str(w.regions[A].pk), "place": "Selong"})),
    Spec("meeting_detail", GET, variants=("province", "a"), read=shared, build=meeting_case),
    Spec("meeting_edit", BOTH, read=shared, cap=Cap.MANAGE_FORUMS,
         build=lambda w, v: meeting_case(w, v, data=meeting_edit_data(w))),
    Spec("meeting_attendees", BOTH, read=shared, cap=Cap.MANAGE_FORUMS,
         build=lambda w, v: meeting_case(w, v, data=attendees_data(w))),
    Spec("attachment_upload", POST, read=shared, cap=Cap.MANAGE_FORUMS,
         build=lambda w, v: meeting_case(w, v, data={"file": pdf("daftar-hadir.pdf"),
                                                     "description": "Daftar hadir"})),
    Spec("attachment_download", GET, read=shared, build=lambda w, v: Case(
        args=(w.attachment.pk,), region=w.attachment.meeting.region)),
    Spec("attachment_delete", POST, read=shared, cap=Cap.MANAGE_FORUMS,
         build=lambda w, v: Case(args=(w.attachment.pk,), region=w.attachment.meeting.region,
                                 data={})),
    Spec("meeting_brief", GET, variants=("province", "a"), read=shared, build=meeting_case),
    # (a redirect since issue 19: to the reader's newest ready PDF, or to the brief page)
    Spec("meeting_brief_pdf", GET, read=shared, build=meeting_case),
    Spec("meeting_brief_pdf_order", POST, variants=("province", "a"), read=shared,
         build=meeting_case),
    Spec("challenge_create", BOTH, read=shared, cap=Cap.MANAGE_FORUMS,
         build=lambda w, v: Case(query={"rapat": w.meetings["a"].pk},
                                 region=w.meetings["a"].region, data={
                                     "region": str(w.regions[A].pk), "category": "data",
                                     "title": "Data peserta belum padan", "status": "open"})),
    Spec("challenge_edit", BOTH, read=shared, cap=Cap.MANAGE_FORUMS, build=lambda w, v: Case(
        args=(w.challenge.pk,), region=w.challenge.meeting.region,
        data=challenge_edit_data(w))),
    Spec("action_create", BOTH, read=shared, cap=Cap.MANAGE_FORUMS,
         build=lambda w, v: Case(query={"rapat": w.meetings["a"].pk},
                                 region=w.meetings["a"].region, data={
                                     "title": "Padankan data peserta", "owner_region": A,
                                     "due_date": f"{TODAY + dt.timedelta(days=20):%Y-%m-%d}"})),
    Spec("action_detail", GET, variants=("a", "province"), read=shared, build=action_case),
    Spec("action_edit", BOTH, read=shared, cap=Cap.MANAGE_FORUMS,
         build=lambda w, v: action_case(w, v, data=action_edit_data(w))),
    Spec("action_update", POST, variants=("a", "bpjs", "province"), read=shared,
         cap=Cap.UPDATE_ACTIONS, cap_region=False,
         may=action_owner,
         build=lambda w, v: action_case(w, v, data={
             "status": w.actions[v].status, "progress": "40",
             "comment": "Kemajuan dilaporkan."})),
    Spec("evidence_download", GET, read=shared, build=lambda w, v: Case(
        args=(w.evidence.pk,), region=w.evidence.action.meeting.region)),
    Spec("reminder_email_toggle", POST, cap=Cap.UPDATE_ACTIONS,
         build=lambda w, v: Case(data={"enabled": "1"})),

    # --- reports ----------------------------------------------------------------------------------
    Spec("report_create", POST, cap=Cap.ORDER_REPORTS, cap_region=False,
         form=cap_in(Cap.ORDER_REPORTS, shared_=True),
         build=lambda w, v: Case(region=w.regions[A], data={
             "kind": "workbook", "period": "2025-Q2", "region": A})),
    Spec("report_detail", GET, variants=("a", "province", "brief"), read=report_reader,
         build=report_case),
    Spec("report_download", GET, variants=("a", "province", "brief"), read=report_reader,
         build=report_case),

    # --- budget cycle (ucj/cycle) -------------------------------------------------------------
    signed_in("cycle_province", build=lambda w, v: Case(query={"tahun": "2026",
                                                               "tahap": "murni"})),
    signed_in("cycle_followthrough"),
    signed_in("cycle_calendar"),
    Spec("cycle_region", GET, read=in_scope, build=region_case),
    Spec("cycle_record", BOTH, variants=("rapbd", "evaluasi"), read=in_scope,
         cap=lambda v: Cap.EVALUATE_BUDGETS if v == "evaluasi" else Cap.WRITE_ALLOCATIONS,
         build=lambda w, v: Case(args=(A, 2026, "murni", v), region=w.regions[A], data={
             "date": "2025-09-20", "note": "Diuji", "outcome": "sesuai",
             "province_note": "Sesuai komitmen."})),
    Spec("cycle_document", GET, read=in_scope, build=lambda w, v: Case(
        args=(w.extra["milestone"].pk,), region=w.regions[A])),
    Spec("cycle_deadline_edit", BOTH, cap=Cap.MANAGE_BUDGET_CALENDAR, build=lambda w, v: Case(
        args=(2026, "murni", "rapbd"), data={"due_date": "2025-10-01",
                                             "legal_basis": "Ditetapkan provinsi"})),
    # --- end budget cycle ---

    # --- approval inbox, reporting calendar, completeness (issue 19) ---
    Spec("submission_inbox", GET, cap=Cap.APPROVE_SUBMISSIONS),
    signed_in("reporting_calendar"),
    Spec("reporting_deadline_edit", BOTH, cap=Cap.APPROVE_SUBMISSIONS, build=lambda w, v: Case(
        args=("participation",), data={"months_after": "1", "due_day": "20",
                                       "first_period": "2025-01", "note": "Diuji"})),
    signed_in("completeness", build=lambda w, v: Case(query={"year": "2025"})),
    signed_in("completeness_export", build=lambda w, v: Case(query={"year": "2025"})),
    # --- end issue 19 ---

    # --- the API (issue 18): tests/test_api.py (every endpoint × role × region) ---------------
    Spec("api_schema", GET, public=True),
    Spec("api_docs", GET, public=True),
    signed_in("api_tokens", BOTH, build=lambda w, v: Case(data={"name": "Sistem uji"})),
    Spec("api_token_revoke", POST, read=token_manager, build=token_case),
    signed_in("api_regions", api=True),
    Spec("api_region", GET, read=aggregates, build=region_case, api=True),
    Spec("api_region_indicators", GET, read=aggregates, api=True, build=lambda w, v: Case(
        args=(A,), query={"period": "2025-06"}, region=w.regions[A])),
    signed_in("api_submissions", api=True),
    signed_in("api_actions", api=True),
    Spec("api_action", GET, variants=("a", "province"), read=shared, build=action_case,
         api=True),
    # --- BPJS exchange (tests/test_api_exchange.py: real files × role × region): a POST
    # without a file is refused by the form (400) for who may send one, 403 for the others;
    # a participant file's state is its uploader's (404 for anyone else)
    signed_in("api_registry_participants", BOTH, api=True, post_cap=Cap.UPLOAD_PARTICIPANTS,
              form=lambda u, c: False),
    Spec("api_registry_participant", GET, api=True, build=participant_file_case,
         read=lambda u, c: c.obj.uploaded_by_id == u.pk),
    Spec("api_registry_registration", GET, read=in_scope, cap=Cap.PULL_REGISTRATION, api=True,
         build=lambda w, v: Case(args=(w.allocation_2026.pk,), region=w.regions[A])),
    # --- end BPJS exchange ---
    # POST creates (tests/test_api_writes.py); an empty body is refused by the form (400)
    *[signed_in(f"api_{slug}", BOTH, api=True, post_cap=cap, form=lambda u, c: False)
      for slug, cap in DATASET_CAPS.items()],
    *[Spec(f"api_{slug}_detail", GET, read=in_scope, api=True,
           build=lambda w, v, slug=slug: Case(args=(w.records[slug].pk,),
                                              region=w.records[slug].region))
      for slug in DATASET_CAPS],
    # a commitment's signed document: read by its readers, replaced by its writers (multipart)
    Spec("api_commitment_document", BOTH, read=in_scope, api=True,
         post_cap=Cap.WRITE_COMMITMENTS, build=lambda w, v: Case(
             args=(w.records["commitments"].pk,), region=w.regions[A],
             data={"file": pdf("perbup-2.pdf"), "confirm_warnings": "true"})),
    # --- end API ---
    # --- bulk imports through the API (tests/test_api_imports.py: every endpoint × role) ---
    # staging needs the dataset's write capability (another region's operator gets an invalid
    # job, which is written: the attempt is recorded); a job is its uploader's (and the
    # province's to read); only the uploader applies it
    signed_in("api_imports", BOTH, api=True, post_cap=Cap.WRITE_DENOMINATORS,
              build=lambda w, v: Case(data={"dataset": "denominators", "file": SimpleUploadedFile(
                  "denominator.csv", csv_bytes(DENOMINATOR_KEYS, [
                      [A, "", 2021, 430_000, "", "", "", "BPS"]]))})),
    Spec("api_import", GET, read=job_reader, build=job_case("staged"), api=True),
    Spec("api_import_apply", POST, read=job_reader, may=job_owner,
         build=job_case("staged", data={}), api=True),
    # --- end bulk imports ---
    # issue 21: national views (every province's aggregates: national viewers; the public page
    # shows every province's aggregates to anyone, by design)
    Spec("national_dashboard", GET, cap=Cap.READ_NATIONAL, cap_region=False),
    Spec("national_export", GET, cap=Cap.READ_NATIONAL, cap_region=False),
    Spec("national_report", GET, cap=Cap.READ_NATIONAL, cap_region=False),
    Spec("national_regency_map", GET, cap=Cap.READ_NATIONAL, cap_region=False),
    Spec("public_national", GET, public=True),
    Spec("public_national_csv", GET, public=True),
]

SPEC_BY_NAME = {spec.name: spec for spec in SPECS}


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


# --- the expected answer, from the spec and the capability table ----------------------------

def expected(spec: Spec, variant: str, case: Case, user, method: str) -> object:
    if user is None:
        if spec.api and not spec.public:  # the API (issue 18)
            return 401
        if not spec.public:
            return LOGIN
        return OK if method in spec.methods else 405
    if method not in spec.methods:
        return 405
    if spec.read is not None and not spec.read(user, case):
        return 404
    cap = spec.capability(variant)
    if cap is not None and not allows(user, cap, case.region if spec.cap_region else None):
        return 403
    if spec.may is not None and not spec.may(user, case):
        return 403
    if method == "POST" and spec.post_cap is not None and not allows(user, spec.post_cap):
        return 403
    if method == "POST" and spec.form is not None and not spec.form(user, case):
        return REFUSED
    return OK


def _form_errors(response) -> str:
    context = getattr(response, "context", None) or {}
    found = {}
    for key in ("form", "formset", "filter"):
        form = context.get(key) if hasattr(context, "get") else None
        errors = getattr(form, "errors", None)
        if errors:
            found[key] = errors
    return f" form errors: {found}" if found else ""


def _is_login(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def _request(client, spec: Spec, case: Case, method: str):
    url = reverse(spec.name, args=case.args)
    if method == "GET":
        return client.get(url, case.query or {})
    if case.query:

        url = f"{url}?{urlencode(case.query, doseq=True)}"
    if spec.api and not any(hasattr(v, "read") for v in (case.data or {}).values()):
        return client.post(url, case.data or {}, content_type="application/json")  # JSON
    # (an API upload, e.g. a commitment's document: multipart, as the pages)
    return client.post(url, case.data or {})


# --- tenancy (issue 21): what a page shows a user of another province, or a national viewer --

PERSON_MARKERS = tuple(m for row in PEOPLE for m in (row[0], row[1]))
NTB_KINDS = {"province_admin", "province_viewer", "operator_own", "operator_other",
             "bpjs_in_scope", "bpjs_out_of_scope"}


def _body(response) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
        response.streaming_content = [data]  # (read once; kept for later reads)
    else:
        data = response.content
    return data.decode("utf-8", "replace")


def _leaks(kind: str, response) -> list[str]:
    """What ``response`` shows that a user of ``kind`` may not see: the other province's
    regions (its records and aggregates all name them) or, to a national viewer, a person."""
    if kind in NTB_KINDS:
        forbidden = PROVINCE_MARKERS["53"]
    elif kind.startswith("province2_"):
        forbidden = PROVINCE_MARKERS["52"]
    elif kind == "national_viewer":
        forbidden = PERSON_MARKERS
    else:
        return []
    body = _body(response)
    return [marker for marker in forbidden if marker in body]


CASES = [(spec.name, variant) for spec in SPECS for variant in spec.variants]


def _case_id(value) -> str:
    name, variant = value
    return f"{name}[{variant}]" if variant else name


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("url", CASES, ids=[_case_id(c) for c in CASES])
def test_url_answers_as_the_capability_table_says(client, world, db, url, kind, method,
                                                  django_capture_on_commit_callbacks):
    name, variant = url
    spec = SPEC_BY_NAME[name]
    case = spec.build(world, variant)
    user = world.user(kind)
    want = expected(spec, variant, case, user, method)
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[kind]
    kept = spec.keeps(world) if spec.keeps else None
    before = fingerprint()
    with django_capture_on_commit_callbacks(execute=spec.tasks):
        response = _request(client, spec, case, method)
    after = fingerprint()
    status = response.status_code
    where = f"{_case_id(url)} {kind} {method}: expected {want}, got {status}"
    if method == "GET" and status == 200 and not spec.public:  # (public: for everyone)
        leaked = _leaks(kind, response)
        assert not leaked, f"{_case_id(url)} {kind}: shows {leaked}"
    reads_only = method == "GET"
    if want == OK:
        assert 200 <= status < 400, where
        if not spec.login_redirect_ok:
            assert not _is_login(response), where
        if reads_only:
            assert not changed(before, after), f"{where}, but it wrote: {changed(before, after)}"
        elif spec.writes and user is not None:
            assert changed(before, after), (f"{where}, but the allowed POST wrote nothing"
                                            f"{_form_errors(response)}")
        return
    if want == LOGIN:
        assert _is_login(response), where
    elif want == REFUSED:
        assert status in (200, 302, 400) and not _is_login(response), where
    else:
        assert status == want, where
    if spec.keeps and want == REFUSED:
        assert spec.keeps(world) == kept, f"{where}: the region's data changed"
    else:
        assert not changed(before, after), f"{where}; changed: {changed(before, after)}"


# --- the inventory: the specs follow the URLs and the capability table -----------------------

def test_every_url_has_a_spec_and_every_spec_a_url():
    names = url_names()
    assert names - SPEC_BY_NAME.keys() == set(), "URLs without an authorization spec"
    assert SPEC_BY_NAME.keys() - names == set(), "specs of URLs that no longer exist"
    assert len(SPECS) == len(SPEC_BY_NAME), "a URL with two specs"


# Capabilities that shape what a page shows rather than whether it answers; each has its own
# tests (READ_PERSONS: whole person rows or coarse ones, tests/test_privacy.py and
# tests/test_registry.py).
SHAPING_CAPS = {Cap.READ_PERSONS}


def test_every_capability_guards_a_url():
    used = set(SHAPING_CAPS)
    for spec in SPECS:
        for variant in spec.variants:
            if spec.capability(variant) is not None:
                used.add(spec.capability(variant))
        for rule in (spec.read, spec.may, spec.form):
            used.update(getattr(rule, "caps", ()))
    assert set(Cap) - used == set(), "capabilities no URL spec checks"



# --- the BPJS branch of other regions and region A's records -----------------------------------

def _post(client, django_capture_on_commit_callbacks, url: str, data: dict):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data)


def _participant_sources():
    return SourceFile.objects.filter(kind=Kind.PARTICIPANTS)


def test_bpjs_out_of_scope_cannot_change_region_a_through_any_url(
        client, world, db, django_capture_on_commit_callbacks):
    """The branch serving Lombok Barat and Kota Mataram sends a participant file of Lombok
    Timur's workers and posts to every participation, import and registry URL of Lombok
    Timur: each is refused (or its rows set aside), and nothing of Lombok Timur changes."""
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["bpjs_out_of_scope"]
    before = region_a(world)
    participation, run = world.records["participation"], world.run
    known_files = set(_participant_sources().values_list("pk", flat=True))

    response = _post(client, django_capture_on_commit_callbacks,
                     reverse("registry_participants_upload"), {"file": participant_file()})
    assert response.status_code == 302
    new_file = _participant_sources().exclude(pk__in=known_files).get()
    assert new_file.processed_at is not None, new_file.error
    assert A not in new_file.summary["regions"], new_file.summary
    assert new_file.summary["outside_scope"] == 2  # both rows set aside and reported

    edit = record_edit_data(world, "participation")
    create = record_create_data(world, "participation")
    participation_csv = csv_bytes(["region_code", "region_name", "month", "segment", "active",
                                   "new"], [[A, "", "2025-08", "BPU", 55_000, 100]])
    refused = [
        (reverse("record_create", args=["participation"]), create, {200}),
        (reverse("record_edit", args=["participation", participation.pk]), edit, {404}),
        (reverse("record_delete", args=["participation", participation.pk]), {}, {404}),
        (reverse("submission_submit", args=["participation", A, "2025-06"]), {}, {404}),
        (reverse("submission_reopen", args=["participation", A, "2025-05"]),
         {"reason": "Koreksi"}, {404}),
        (reverse("import_start"), {"dataset": "participation", "file": SimpleUploadedFile(
            "peserta-lotim.csv", participation_csv)}, {302}),
        (reverse("registry_list_upload"), {"region": A, "year": "2027", "file": SimpleUploadedFile(
            "daftar.csv", csv_bytes(LIST_HEADER, PEOPLE), content_type="text/csv")}, {302}),
        (reverse("registry_mapping", args=[world.pending_source.pk]),
         dict(zip(LIST_HEADER, OWN_HEADER, strict=True)), {403, 404}),
        (reverse("registry_cancel", args=[run.pk]), {}, {404}),
        (reverse("registry_fund", args=[run.pk]), {"allocation": world.allocation_2026.pk},
         {404}),
    ]
    for url, data, statuses in refused:
        response = _post(client, django_capture_on_commit_callbacks, url, data)
        assert response.status_code in statuses, (url, response.status_code)
        assert not _is_login(response), url

    job = ImportJob.objects.filter(actor=world.user("bpjs_out_of_scope")).get()
    assert job.status == ImportStatus.INVALID  # its row lies outside the branch's regions
    response = _post(client, django_capture_on_commit_callbacks,
                     reverse("import_apply", args=[job.pk]), {"confirm_warnings": "1"})
    assert response.status_code == 302
    assert client.get(reverse("registry_registration_file",
                              args=[world.allocation_2026.pk])).status_code in (403, 404)
    assert region_a(world) == before


def test_the_same_participant_file_from_the_branch_of_region_a_is_applied(
        client, world, db, django_capture_on_commit_callbacks):
    """The control of the test above: the branch serving Lombok Timur sends the same file and
    Lombok Timur's participant data change (so an unchanged region is not an idle check)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["bpjs_in_scope"]
    before = region_a(world)
    response = _post(client, django_capture_on_commit_callbacks,
                     reverse("registry_participants_upload"), {"file": participant_file()})
    assert response.status_code == 302
    assert region_a(world) != before


# --- every write service asks the table itself, not only its view -----------------------------

def fresh(obj):
    """The object as stored (the world's instances are shared by every test)."""
    return type(obj).objects.get(pk=obj.pk)


def _record_update(service, slug: str, kwarg: str, field: str):
    return lambda w, u: service(actor=u, **{kwarg: fresh(w.records[slug])},
                                **{field: "Diperiksa ulang."}, confirm_warnings=True)


def _in_a(cap: Cap):
    return lambda w, u: allows(u, cap, w.regions[A])


SERVICE_CHECKS: dict[str, tuple[Callable, Callable]] = {
    "budget_coding_save": (lambda w, u: planner_services.budget_coding_save(  # rka
        actor=u, region=w.regions[A], fiscal_year=2028, **RKA_CODES), _in_a(Cap.PLAN_BUDGET)),
    "denominator_update": (_record_update(coverage_services.denominator_update, "denominators",
                                          "denominator", "source_note"),
                           _in_a(Cap.WRITE_DENOMINATORS)),
    "participation_update": (_record_update(coverage_services.participation_update,
                                            "participation", "snapshot", "source_note"),
                             _in_a(Cap.WRITE_PARTICIPATION)),
    "commitment_update": (_record_update(budget_services.commitment_update, "commitments",
                                         "commitment", "note"), _in_a(Cap.WRITE_COMMITMENTS)),
    "allocation_update": (_record_update(budget_services.allocation_update, "allocations",
                                         "allocation", "note"), _in_a(Cap.WRITE_ALLOCATIONS)),
    "realization_update": (_record_update(budget_services.realization_update, "realizations",
                                          "realization", "note"), _in_a(Cap.WRITE_REALIZATIONS)),
    "realization_delete": (lambda w, u: budget_services.realization_delete(
        actor=u, realization=fresh(w.records["realizations"])), _in_a(Cap.WRITE_REALIZATIONS)),
    # --- evidence (issue 17) ---
    "allocation_document_add": (lambda w, u: evidence_services().allocation_document_add(
        actor=u, allocation=fresh(w.records["allocations"]), kind="sp2d",
        upload=pdf("sp2d.pdf")), _in_a(Cap.WRITE_ALLOCATIONS)),
    "allocation_document_delete": (lambda w, u: evidence_services().allocation_document_delete(
        actor=u, document=allocation_document(w)), _in_a(Cap.WRITE_ALLOCATIONS)),
    # --- end evidence ---
    "allocation_create": (lambda w, u: budget_services.allocation_create(
        actor=u, region=w.regions[A], fiscal_year=2028, stage="murni",
        funding_source="apbd_kabkota", amount=201_600_000, workers_planned=1_000,
        months_covered=12, package=w.package, confirm_warnings=True),
        _in_a(Cap.WRITE_ALLOCATIONS)),
    "tariff_rate_update": (lambda w, u: budget_services.tariff_rate_update(
        actor=u, rate=fresh(w.rate), source="Diperiksa"),
        lambda w, u: allows(u, Cap.MANAGE_TARIFFS)),
    "tariff_discount_update": (lambda w, u: budget_services.tariff_discount_update(
        actor=u, discount=fresh(w.discount), source="Diperiksa"),
        lambda w, u: allows(u, Cap.MANAGE_TARIFFS)),
    "threshold_update": (lambda w, u: threshold_update(
        actor=u, threshold=fresh(w.threshold), value=Decimal("0.333")),
        lambda w, u: allows(u, Cap.MANAGE_THRESHOLDS)),
    "policy_set": (lambda w, u: policy_set(  # province policy (issue 20)
        actor=u, key="forum-due-soon-days", value=21), lambda w, u: allows(u, Cap.MANAGE_POLICY)),
    "user_update": (lambda w, u: account_services.user_update(
        actor=u, user=fresh(w.target_user), role="daerah_operator", regions=[w.regions[A]],
        full_name="Staf Lombok Timur"),
        lambda w, u: may_manage_user(u, w.target_user, [w.regions[A]])),
    "user_set_password": (lambda w, u: account_services.user_set_password(
        actor=u, user=fresh(w.target_user), password="Reset-long-pass-321"),
        lambda w, u: may_manage_user(u, w.target_user)),
    "meeting_update": (lambda w, u: forum_services.meeting_update(
        actor=u, meeting=fresh(w.meetings["a"]), title="Rapat (ubah)"),
        lambda w, u: allows(u, Cap.MANAGE_FORUMS, w.regions[A])),
    "meeting_update[province]": (lambda w, u: forum_services.meeting_update(
        actor=u, meeting=fresh(w.meetings["province"]), title="Rakor (ubah)"),
        lambda w, u: allows(u, Cap.MANAGE_FORUMS, w.regions["52"])),
    "attendees_set": (lambda w, u: forum_services.attendees_set(
        actor=u, meeting=fresh(w.meetings["a"]), attendees=[]),
        lambda w, u: allows(u, Cap.MANAGE_FORUMS, w.regions[A])),
    "attachment_delete": (lambda w, u: forum_services.attachment_delete(
        actor=u, attachment=fresh(w.attachment)),
        lambda w, u: allows(u, Cap.MANAGE_FORUMS, w.regions[A])),
    "challenge_update": (lambda w, u: forum_services.challenge_update(
        actor=u, challenge=fresh(w.challenge), title="Tantangan (ubah)"),
        lambda w, u: allows(u, Cap.MANAGE_FORUMS, w.regions[A])),
    "action_edit": (lambda w, u: forum_services.action_edit(
        actor=u, action=fresh(w.actions["a"]), title="Langkah (ubah)"),
        lambda w, u: allows(u, Cap.MANAGE_FORUMS, w.regions[A])),
    **{f"action_update[{key}]": (
        lambda w, u, key=key: forum_services.action_update(
            actor=u, action=fresh(w.actions[key]), comment="Kemajuan."),
        lambda w, u, key=key: can_update_action(u, fresh(w.actions[key])))
       for key in ("a", "bpjs", "province")},
    "reminder_emails_set": (lambda w, u: forum_services.reminder_emails_set(
        actor=u, user=fresh(u), enabled=True), lambda w, u: allows(u, Cap.UPDATE_ACTIONS)),
    "scenario_promote": (lambda w, u: planner_services.scenario_promote(
        actor=u, scenario=fresh(w.scenarios[0])), _in_a(Cap.PLAN_BUDGET)),
    "scenario_delete": (lambda w, u: planner_services.scenario_delete(
        actor=u, scenario=fresh(w.scenarios[1])), _in_a(Cap.PLAN_BUDGET)),
    "report_request": (lambda w, u: report_services.report_request(
        actor=u, kind="workbook", period="2025-Q2", region=w.regions[A], enqueue=False),
        lambda w, u: allows(u, Cap.ORDER_REPORTS, w.regions[A], shared=True)),
    "report_request[province]": (lambda w, u: report_services.report_request(
        actor=u, kind="workbook", period="2025-Q2", region=w.regions["52"], enqueue=False),
        lambda w, u: allows(u, Cap.ORDER_REPORTS, w.regions["52"], shared=True)),
    "brief_request": (lambda w, u: report_services.brief_request(  # issue 19: whoever reads it
        actor=u, meeting=fresh(w.meetings["a"]), enqueue=False),
        lambda w, u: can_read_shared(u, w.meetings["a"].region)),
    "submission_submit": (lambda w, u: submission_services.submission_submit(
        actor=u, region=w.regions[A], dataset="denominators", period="2025"),
        _in_a(Cap.WRITE_DENOMINATORS)),
    "submission_approve": (lambda w, u: submission_services.submission_approve(
        actor=u, region=w.regions[A], dataset=w.submitted[0], period=w.submitted[2]),
        _in_a(Cap.APPROVE_SUBMISSIONS)),
    "submission_return": (lambda w, u: submission_services.submission_return(
        actor=u, submission=submission_for(
            region=w.regions[A], dataset=w.submitted[0], period=w.submitted[2]),
        reason="Periksa."), _in_a(Cap.APPROVE_SUBMISSIONS)),
    "submission_reopen": (lambda w, u: submission_services.submission_reopen(
        actor=u, submission=submission_for(
            region=w.regions[A], dataset=w.approved[0], period=w.approved[2]),
        reason="Koreksi."), _in_a(Cap.APPROVE_SUBMISSIONS)),
    "submission_bulk_approve": (lambda w, u: submission_services.submission_bulk_approve(
        actor=u, items=[(w.regions[A], w.draft[0], w.draft[2])]),
        _in_a(Cap.APPROVE_SUBMISSIONS)),
    # the paths that take files: imports and the registry
    "import_stage": (lambda w, u: import_services.import_stage(
        actor=u, dataset="denominators", file_name="d.csv",
        data=denominators_csv([A, "", 2021, 430_000, "", "", "", "BPS"])),
        lambda w, u: allows(u, Cap.WRITE_DENOMINATORS)),
    "import_apply": (lambda w, u: import_services.import_apply(
        actor=u, job=fresh(w.import_jobs["staged"]), confirm_warnings=True),
        lambda w, u: u.pk == w.import_jobs["staged"].actor_id
        and allows(u, Cap.WRITE_DENOMINATORS)),
    "import_discard": (lambda w, u: import_services.import_discard(
        actor=u, job=fresh(w.import_jobs["staged"])),
        lambda w, u: u.pk == w.import_jobs["staged"].actor_id),
    "file_upload": (lambda w, u: registry_services.file_upload(
        actor=u, kind=Kind.BENEFICIARIES, region=w.regions[A], year=2027,
        upload=SimpleUploadedFile("daftar.csv", csv_bytes(LIST_HEADER, PEOPLE))),
        _in_a(Cap.UPLOAD_LISTS)),
    "file_upload[participants]": (lambda w, u: registry_services.file_upload(
        actor=u, kind=Kind.PARTICIPANTS, upload=participant_file()),
        lambda w, u: allows(u, Cap.UPLOAD_PARTICIPANTS)),
    "mapping_set": (lambda w, u: registry_services.mapping_set(
        actor=u, source=fresh(w.pending_source),
        mapping=dict(zip(LIST_HEADER, OWN_HEADER, strict=True))), _in_a(Cap.UPLOAD_LISTS)),
    "run_start": (lambda w, u: registry_services.run_start(
        actor=u, source=fresh(w.pending_source), enqueue=False), _in_a(Cap.UPLOAD_LISTS)),
    "run_cancel": (lambda w, u: registry_services.run_cancel(actor=u, run=fresh(w.run)),
                   _in_a(Cap.UPLOAD_LISTS)),
    "enrollment_fund": (lambda w, u: registry_services.enrollment_fund(
        actor=u, run=fresh(w.run), allocation=fresh(w.allocation_2026), workers=1),
        _in_a(Cap.UPLOAD_LISTS)),
    # --- budget cycle (ucj/cycle) ---
    "milestone_record": (lambda w, u: cycle_services.milestone_record(
        actor=u, region=w.regions[A], fiscal_year=2026, stage="murni", kind="rapbd",
        date=dt.date(2025, 9, 20)), _in_a(Cap.WRITE_ALLOCATIONS)),
    "milestone_record[evaluasi]": (lambda w, u: cycle_services.milestone_record(
        actor=u, region=w.regions[A], fiscal_year=2026, stage="murni", kind="evaluasi",
        date=dt.date(2025, 12, 10), outcome="sesuai"), _in_a(Cap.EVALUATE_BUDGETS)),
    "deadline_set": (lambda w, u: cycle_services.deadline_set(
        actor=u, fiscal_year=2026, stage="murni", kind="rapbd", due_date=dt.date(2025, 10, 1),
        legal_basis="Ditetapkan provinsi"), lambda w, u: allows(u, Cap.MANAGE_BUDGET_CALENDAR)),
    # --- end budget cycle ---
    "reporting_deadline_set": (lambda w, u: submission_services.reporting_deadline_set(  # #19
        actor=u, dataset="participation", months_after=1, due_day=20, first_period="2025-01"),
        lambda w, u: allows(u, Cap.APPROVE_SUBMISSIONS)),
    "participants_process": (lambda w, u: registry_services.participants_process(
        actor=u, source=_participant_sources().earliest("uploaded_at")),
        lambda w, u: allows(u, Cap.UPLOAD_PARTICIPANTS)
        and u.pk == _participant_sources().earliest("uploaded_at").uploaded_by_id),
}


@pytest.mark.parametrize("kind", KINDS[1:])
@pytest.mark.parametrize("service", list(SERVICE_CHECKS))
def test_every_write_service_asks_the_table_itself(world, db, service, kind):
    """Called directly (as a command, a task or a future view would), a write service refuses
    a user the table refuses, writing nothing, and lets through one it allows."""
    call, allowed = SERVICE_CHECKS[service]
    user = world.user(kind)
    before = fingerprint()
    if allowed(world, user):
        try:
            call(world, user)
        except ValidationError:
            pass  # a rule of the data, after the permission was granted
        return
    with pytest.raises(PermissionDenied):
        call(world, user)
    assert fingerprint() == before
