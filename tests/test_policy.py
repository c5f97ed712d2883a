"""The province's policy as data (issue 20): the values are rows seeded with what the code and
the environment said before, read through one selector, changed by the province admin only,
each change audited with its old and new value, and read by the consumers."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from ucj.audit.models import AuditEvent
from ucj.forums.models import ActionItem, Agency, Meeting
from ucj.policy import selectors
from ucj.policy.keys import KEYS
from ucj.policy.models import PolicyValue
from ucj.policy.services import policy_set

SEED = importlib.import_module("ucj.policy.migrations.0002_seed_defaults")
HOME_WINDOW = importlib.import_module("ucj.policy.migrations.0003_seed_home_window")


@pytest.fixture
def seeded(db):
    """The rows as the migration seeds them (a transactional test may have emptied them)."""
    for key, value in {**SEED.DEFAULTS, "home-due-soon-days": 31}.items():
        PolicyValue.objects.get_or_create(key=key, defaults={"value": value})


def test_the_migrations_seed_every_key_with_todays_value(db):
    assert {**SEED.DEFAULTS, "home-due-soon-days": 31} == {
        key: spec.default for key, spec in KEYS.items()}
    PolicyValue.objects.all().delete()
    SEED.seed(django_apps, None)
    HOME_WINDOW.seed(django_apps, None)
    assert dict(PolicyValue.objects.values_list("key", "value")) == {
        key: spec.default for key, spec in KEYS.items()}
    assert SEED.DEFAULTS["working-age-min"] == 15 and SEED.DEFAULTS["working-age-max"] == 64
    assert SEED.DEFAULTS["forum-due-soon-days"] == 14
    assert SEED.DEFAULTS["need-package"] == "bpu-jkk-jkm"


def test_a_missing_row_reads_as_its_default(db):
    PolicyValue.objects.all().delete()
    selectors.forget()
    assert selectors.working_age() == (15, 64)
    assert selectors.category_order() == ["miskin ekstrem", "miskin", "rentan"]
    assert selectors.province_invitees() == ("disnakertrans", "bpjs-tk")


def test_the_admin_changes_a_value_and_it_is_audited(seeded, admin_user):
    policy_set(actor=admin_user, key="working-age-min", value=18)
    assert selectors.working_age("52") == (18, 64)  # issue 21: the province's own value
    event = AuditEvent.objects.filter(object_type="policy.policyvalue").latest("id")
    assert event.actor == admin_user and event.changes == {"working-age-min": [15, 18]}
    assert PolicyValue.objects.get(key="working-age-min",
                                   province__code="52").updated_by == admin_user


def test_an_unchanged_value_writes_nothing(seeded, admin_user):
    before = AuditEvent.objects.count()
    policy_set(actor=admin_user, key="forum-due-soon-days", value=14)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["viewer", "op_a", "op_b", "bpjs"])
def test_it_refuses_a_change_from_anyone_but_the_province_admin(seeded, request, who):
    with pytest.raises(PermissionDenied):
        policy_set(actor=request.getfixturevalue(who), key="forum-due-soon-days", value=7)
    assert PolicyValue.objects.get(key="forum-due-soon-days").value == 14


@pytest.mark.parametrize("key,value,message", [
    ("working-age-min", 70,
     "Usia kerja terendah: usia kerja terendah (70) di atas usia kerja tertinggi (64)."),
    ("working-age-max", 200, "Usia kerja tertinggi: masukkan bilangan bulat dari 1 sampai 120."),
    ("forum-due-soon-days", 0, "Langkah yang segera jatuh tempo: masukkan bilangan bulat dari 1 sampai 365."),
    ("category-order", ["rentan", " Rentan "], "Urutan kategori: “Rentan” tercantum dua kali."),
    ("category-order", ["", " "], "Urutan kategori: isi paling sedikit satu."),
    ("need-package", "tidak-ada",
     "Paket untuk menghitung kebutuhan: “tidak-ada” tidak ada di antara pilihan."),
    ("regency-invitees", ["bappeda", "kantor-x"],
     "Instansi tiap kabupaten/kota yang diundang: “kantor-x” tidak ada di antara pilihan."),
])
def test_it_refuses_a_bad_value_naming_the_field(seeded, admin_user, package, agency, key,
                                                 value, message):
    before = PolicyValue.objects.get(key=key).value
    with pytest.raises(ValidationError) as error:
        policy_set(actor=admin_user, key=key, value=value)
    assert message in " ".join(error.value.messages)
    assert PolicyValue.objects.get(key=key).value == before


def test_invitees_are_kept_in_the_agencies_order(seeded, admin_user, agency):
    policy_set(actor=admin_user, key="province-invitees", value=["dprd", "bappeda", "bappeda"])
    assert selectors.province_invitees("52") == ("bappeda", "dprd")  # the province's (#21)


def test_a_commit_makes_every_process_load_the_values_again(seeded, admin_user,
                                                           django_capture_on_commit_callbacks):
    assert selectors.forum_due_soon_days() == 14
    stamp = cache.get(selectors.STAMP_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        policy_set(actor=admin_user, key="forum-due-soon-days", value=21)
    assert cache.get(selectors.STAMP_KEY) not in (None, stamp)
    assert selectors.forum_due_soon_days("52") == 21  # the province's own value (issue 21)


def test_a_rolled_back_change_is_not_remembered(seeded, admin_user):
    assert selectors.forum_due_soon_days() == 14
    with pytest.raises(RuntimeError), transaction.atomic():
        policy_set(actor=admin_user, key="forum-due-soon-days", value=30)
        assert selectors.forum_due_soon_days("52") == 30  # the writer reads its own write
        raise RuntimeError
    assert selectors.forum_due_soon_days("52") == 14


def test_a_value_is_read_without_a_query_once_loaded(seeded, django_assert_num_queries):
    selectors.forum_due_soon_days()
    with django_assert_num_queries(0):
        selectors.forum_due_soon_days()
        selectors.working_age()


# --- the consumers read the rows -----------------------------------------------------------------

def test_the_forums_due_soon_window_is_the_policy(seeded, admin_user, ntb, agency):
    from ucj.forums import services as forum_services
    from ucj.forums.selectors import due_soon_q

    today = dt.date(2026, 6, 1)
    meeting = forum_services.meeting_create(
        actor=admin_user, title="Rakor", level="province", region=ntb["52"], place="Mataram",
        date=dt.date(2026, 5, 20))
    item = forum_services.action_create(actor=admin_user, meeting=meeting, title="Langkah",
                                        due_date=today + dt.timedelta(days=20),
                                        owner_region=ntb["52.03"])
    due = ActionItem.objects.filter(pk=item.pk)
    assert not due.filter(due_soon_q(today)).exists()  # 20 days > 14
    policy_set(actor=admin_user, key="forum-due-soon-days", value=21)
    assert due.filter(due_soon_q(today, province="52")).exists()  # the province's (issue 21)


def test_a_province_meeting_invites_the_policys_agencies(seeded, admin_user, ntb, agency,
                                                       client):
    from ucj.forums import services as forum_services

    policy_set(actor=admin_user, key="province-invitees", value=["dprd"])
    policy_set(actor=admin_user, key="regency-invitees", value=["dinsos"])
    meeting = forum_services.meeting_create(
        actor=admin_user, title="Rakor", level="province", region=ntb["52"], place="Mataram",
        date=dt.date(2026, 5, 20))
    client.force_login(admin_user)
    data = {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "prefill": "1"}
    page = client.post(reverse("meeting_attendees", args=[meeting.pk]), data)
    initial = {(f.initial.get("region"), f.initial.get("agency"))
               for f in page.context["formset"].forms if f.initial.get("region")}
    assert ("52", "dprd") in initial and ("52.03", "dinsos") in initial
    assert ("52", "disnakertrans") not in initial and ("52.03", "bappeda") not in initial


def test_the_need_is_priced_with_the_policys_package(seeded, admin_user, package):
    from ucj.budget.models import ContributionPackage
    from ucj.indicators.selectors import need_package

    other = ContributionPackage.objects.create(code="paket-lain", name="Paket lain")
    assert need_package() == package
    policy_set(actor=admin_user, key="need-package", value=other.code)
    assert need_package("52") == other  # the province's own choice (issue 21)


# --- the page --------------------------------------------------------------------------------------

@pytest.mark.parametrize("who,editable", [("admin_user", True), ("viewer", False),
                                          ("op_a", False), ("op_b", False)])
def test_everyone_signed_in_reads_the_page_and_only_the_admin_gets_forms(seeded, client,
                                                                        request, who,
                                                                        editable):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("policy_list"))
    assert page.status_code == 200
    assert page.context["can_edit"] is editable
    assert (reverse("policy_edit", args=["working-age-min"]) in page.content.decode()) is editable


@pytest.mark.parametrize("who,status", [("admin_user", 302), ("viewer", 403), ("op_a", 403),
                                        ("op_b", 403)])
def test_only_the_province_admin_changes_a_value_on_the_page(seeded, client, request, who,
                                                             status):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("policy_edit", args=["forum-due-soon-days"]),
                           {"value": "10"})
    assert response.status_code == status
    assert selectors.forum_due_soon_days("52") == (10 if status == 302 else 14)  # #21


def test_the_page_says_in_indonesian_which_field_is_wrong(seeded, client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("policy_edit", args=["working-age-max"]), {"value": "enam"},
                           follow=True)
    text = response.content.decode()
    assert "Usia kerja tertinggi: masukkan bilangan bulat." in text
    assert PolicyValue.objects.get(key="working-age-max").value == 64


def test_the_page_edits_lists_and_choices(seeded, client, admin_user, agency):
    client.force_login(admin_user)
    client.post(reverse("policy_edit", args=["category-order"]),
                {"value": "rentan\r\nmiskin\r\n\r\nmiskin ekstrem\r\n"})
    client.post(reverse("policy_edit", args=["regency-invitees"]),
                {"value": ["bpkad", "disnaker"]})
    # issue 21: the province's own values
    assert selectors.category_order("52") == ["rentan", "miskin", "miskin ekstrem"]
    assert selectors.regency_invitees("52") == ("disnaker", "bpkad")
    assert Agency.objects.filter(code__in=selectors.regency_invitees("52")).count() == 2
    assert Meeting.objects.count() == 0


# --- the agency a role works for is a field, not a code in the scoping helper ---------------------

def test_bpjs_tk_is_the_agency_of_the_bpjs_branches_as_data(agency):
    assert agency["bpjs-tk"].operator_role == "bpjs_operator"
    assert {a.code for a in agency.values() if a.operator_role} == {"bpjs-tk"}


def test_the_bpjs_branch_updates_the_items_of_the_agency_that_names_its_role(
        ntb, admin_user, bpjs, agency):
    from ucj.accounts.scope import can_update_action, updatable_actions_q
    from ucj.forums import services as forum_services

    meeting = forum_services.meeting_create(
        actor=admin_user, title="Rakor", level="province", region=ntb["52"], place="Mataram",
        date=dt.date(2026, 5, 20))
    items = {code: forum_services.action_create(
        actor=admin_user, meeting=meeting, title=f"Langkah {code}", due_date=dt.date(2026, 7, 1),
        owner_region=ntb["52.71"], owner_agency=agency[code]) for code in ("bpjs-tk", "dinsos")}
    assert can_update_action(bpjs, items["bpjs-tk"]) and not can_update_action(bpjs, items["dinsos"])
    Agency.objects.filter(code="bpjs-tk").update(operator_role="")
    Agency.objects.filter(code="dinsos").update(operator_role="bpjs_operator")
    fresh = {code: ActionItem.objects.select_related("owner_agency", "meeting__region",
                                                     "owner_region").get(pk=item.pk)
             for code, item in items.items()}
    assert can_update_action(bpjs, fresh["dinsos"]) and not can_update_action(bpjs,
                                                                             fresh["bpjs-tk"])
    assert list(ActionItem.objects.filter(updatable_actions_q(bpjs))) == [fresh["dinsos"]]


def test_a_worker_list_is_checked_against_the_policys_working_age(
        seeded, admin_user, op_a, ntb, client, settings, tmp_path,
        django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_registry import csv_bytes, nik, person
    from ucj.registry.models import MatchRun

    settings.REGISTRY_DIR = tmp_path / "registry"
    settings.UCJ_REGISTRY_RETENTION_DAYS = 0
    client.force_login(op_a)

    def invalid_of(year: int) -> int:
        content = csv_bytes([person(nik(1), "Budi"), person(nik(2), "Wayan")])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("registry_list_upload"), {
                "region": "52.03", "year": str(year),
                "file": SimpleUploadedFile("daftar.csv", content, content_type="text/csv")})
        return MatchRun.objects.filter(region__code="52.03", year=year).get().counts["invalid"]

    assert invalid_of(2026) == 0  # born in 1990: 35 on 1 January 2026, within 15–64
    policy_set(actor=admin_user, key="working-age-max", value=30)
    assert invalid_of(2027) == 2
