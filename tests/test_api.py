"""The REST API (ucj/api): every endpoint × every kind of user × region A (Lombok Timur, where
the records live) or not; tokens (made, shown once, hashed, revoked, expired, audited, rate
limited); the schema and its docs page. The property-based run of Schemathesis against the
schema is in tests/test_api_schemathesis.py (it builds the same world, ``build_world``)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from ucj.accounts.models import Role
from ucj.api.models import ApiToken
from ucj.api.throttling import TokenRateThrottle
from ucj.api.tokens import token_create, token_revoke
from ucj.audit.models import Action, AuditEvent
from ucj.forums import services as forums
from ucj.forums.models import Agency
from ucj.forums.reference import seed as seed_agencies

A = "52.03"
DATASETS = ("denominators", "participation", "commitments", "allocations", "realizations")
# The kinds of user; those that read region A's records.
KINDS = ("admin", "viewer", "op_own", "op_other", "bpjs_in", "bpjs_out")
READS_A = {"admin", "viewer", "op_own", "bpjs_in"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    return build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)


def build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs) -> dict:
    """Region A's records (conftest ``records``), a province and a region-A forum meeting with
    an action item each, the users of every kind and a token of each."""
    seed_agencies(Agency)
    users = {"admin": admin_user, "viewer": viewer, "op_own": op_a, "op_other": op_b,
             "bpjs_in": make_user("bpjs.lotim", Role.BPJS_OPERATOR, [ntb[A]]),
             "bpjs_out": bpjs}
    rakor = forums.meeting_create(actor=admin_user, title="Rakor UCJ", date=dt.date(2026, 1, 20),
                                  level="province", region=ntb["52"], place="Mataram")
    local = forums.meeting_create(actor=admin_user, title="Rapat Tim UCJ Lombok Timur",
                                  date=dt.date(2026, 2, 3), level="region", region=ntb[A],
                                  place="Selong")
    due = dt.date.today() + dt.timedelta(days=30)
    actions = {
        "a": forums.action_create(actor=admin_user, meeting=local, title="Susun SK tim",
                                  due_date=due, owner_region=ntb[A]),
        "province": forums.action_create(actor=admin_user, meeting=rakor, title="Anggarkan iuran",
                                         due_date=due, owner_region=ntb["52.02"]),
    }
    tokens = {kind: token_create(actor=user, user=user, name=f"sistem {kind}")[1]
              for kind, user in users.items()}
    return {"regions": ntb, "records": records, "users": users, "tokens": tokens,
            "actions": actions}


def api(token: str | None = None) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}") if token else Client()


def endpoints(w) -> list[tuple[str, str]]:
    """(label, URL) of every read endpoint, with region A's objects."""
    urls = [("regions", reverse("api_regions")),
            ("region", reverse("api_region", args=[A])),
            ("indicators", reverse("api_region_indicators", args=[A]) + "?period=2025-06"),
            ("submissions", reverse("api_submissions")),
            ("actions", reverse("api_actions")),
            ("action", reverse("api_action", args=[w["actions"]["a"].pk]))]
    for slug in DATASETS:
        urls += [(slug, reverse(f"api_{slug}")),
                 (f"{slug}_detail", reverse(f"api_{slug}_detail",
                                            args=[w["records"][slug].pk]))]
    return urls


@pytest.mark.parametrize("kind", KINDS)
def test_every_endpoint_answers_a_token_as_the_pages_answer_its_user(world, kind):
    client = api(world["tokens"][kind])
    reads_a = kind in READS_A
    for label, url in endpoints(world):
        response = client.get(url)
        if label.endswith("_detail") or label == "action":
            assert response.status_code == (200 if reads_a else 404), (label, kind)
            continue
        assert response.status_code == 200, (label, kind, response.content[:300])
        body = response.json()
        if label in DATASETS:
            codes = {row["region"] for row in body["results"]}
            assert codes == ({A} if reads_a else set()), (label, kind)
        elif label == "submissions":
            codes = {row["region"] for row in body["results"]}
            assert (A in codes) == reads_a, (kind, codes)
            assert codes <= ({A} if reads_a else set())
        elif label == "actions":
            titles = {row["title"] for row in body["results"]}
            # the province rakor is read from every regency; A's own meeting only within A
            assert titles == ({"Susun SK tim", "Anggarkan iuran"} if reads_a
                              else {"Anggarkan iuran"}), kind
        elif label == "indicators":  # aggregates: every signed-in user (peer comparison)
            assert body["region"] == A and body["period"] == "2025-06"
            assert body["indicators"]["active_participants"] == 54_298
        elif label == "regions":
            assert {r["code"] for r in body["results"]} >= {"52", "52.01", A}


@pytest.mark.parametrize("kind", KINDS)
def test_it_scopes_mine_and_the_dataset_filters_to_the_users_regions(world, kind):
    client = api(world["tokens"][kind])
    mine = {r["code"] for r in client.get(reverse("api_regions"), {"mine": "true"}).json()
            ["results"]}
    assert (A in mine) == (kind in READS_A)
    # the list filter offers only regions in scope, as the page's filter does
    response = client.get(reverse("api_allocations"), {"region": A})
    assert response.status_code == (200 if kind in READS_A else 404)  # not revealed


def test_the_dataset_filters_are_the_lists_filters(world):
    client = api(world["tokens"]["admin"])
    url = reverse("api_participation")
    assert client.get(url, {"month": "2025-06"}).json()["count"] == 1
    assert client.get(url, {"month": "2025-07"}).json()["count"] == 0
    assert client.get(url, {"segment": "PU"}).json()["count"] == 0
    assert client.get(url, {"year": "2025", "sort": "-active"}).json()["count"] == 1
    assert client.get(url, {"month": "juni"}).status_code == 400
    assert client.get(url, {"year": "99999999999999999999"}).status_code == 400
    assert client.get(url, {"sort": "nik"}).status_code == 400
    alloc = client.get(reverse("api_allocations"), {"stage": "perubahan"}).json()["results"][0]
    assert alloc["amount"] == 151_200_000 and alloc["approval_state"] == "draft"
    assert client.get(reverse("api_realizations"),
                      {"allocation": world["records"]["allocations"].pk}).json()["count"] == 1


def test_indicators_answer_404_for_an_unknown_region_or_a_district(world):
    client = api(world["tokens"]["op_own"])
    assert client.get(reverse("api_region_indicators", args=["99"])).status_code == 404
    assert client.get(reverse("api_region_indicators", args=["52.03.01"])).status_code == 404
    assert client.get(reverse("api_region_indicators", args=[A]),
                      {"period": "2025-13"}).status_code == 400
    body = client.get(reverse("api_region_indicators", args=["52"]), {"period": "2025"}).json()
    assert body["period"] == "2025-06"  # the year's latest month with participation figures


@pytest.mark.parametrize("how", ["none", "garbage", "revoked", "expired", "inactive_user"])
def test_it_refuses_every_endpoint_without_a_valid_token(world, how):
    token = world["tokens"]["op_own"]
    stored = ApiToken.objects.get(user=world["users"]["op_own"])
    if how == "revoked":
        token_revoke(actor=world["users"]["op_own"], token=stored)
    elif how == "expired":
        ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now()
                                                     - dt.timedelta(seconds=1))
    elif how == "inactive_user":
        world["users"]["op_own"].is_active = False
        world["users"]["op_own"].save()
    client = api(None if how == "none" else "ucj_not-a-token" if how == "garbage" else token)
    for label, url in endpoints(world):
        response = client.get(url)
        assert response.status_code == 401, (label, how, response.status_code)
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "results" not in response.json()


def test_it_refuses_writes_on_the_read_endpoints(world):
    client = api(world["tokens"]["admin"])
    for label, url in endpoints(world):
        if label.removesuffix("_detail") in DATASETS:
            continue  # the datasets take writes: tests/test_api_writes.py
        assert client.post(url, {}, content_type="application/json").status_code == 405
        assert client.delete(url).status_code == 405


# --- tokens ------------------------------------------------------------------------------------

def test_a_user_makes_a_token_sees_it_once_and_only_its_hash_is_stored(world):
    op = world["users"]["op_own"]
    page = Client()
    page.force_login(op)
    events = AuditEvent.objects.filter(object_type="api.apitoken").count()
    response = page.post(reverse("api_tokens"), {"name": "SIPD Lombok Timur",
                                                 "expires_in_days": "30"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("ucj_") and key in response.content.decode()
    token = ApiToken.objects.get(name="SIPD Lombok Timur")
    assert token.user == op and token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiToken.objects.values_list()))
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    event = AuditEvent.objects.filter(object_type="api.apitoken").latest("pk")
    assert AuditEvent.objects.filter(object_type="api.apitoken").count() == events + 1
    assert event.action == Action.CREATE and event.actor == op and key not in str(event.changes)
    # shown once: the list shows the start of it, never the token
    listing = page.get(reverse("api_tokens")).content.decode()
    assert token.prefix in listing and key not in listing
    assert api(key).get(reverse("api_allocations")).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_owner_and_the_admin_revoke_and_another_user_cannot(world):
    op, other, admin = (world["users"][k] for k in ("op_own", "op_other", "admin"))
    token = ApiToken.objects.get(user=op)
    key = world["tokens"]["op_own"]
    outsider = Client()
    outsider.force_login(other)
    assert token.name not in outsider.get(reverse("api_tokens")).content.decode()
    assert outsider.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert api(key).get(reverse("api_regions")).status_code == 200

    province = Client()
    province.force_login(admin)
    assert token.name in province.get(reverse("api_tokens")).content.decode()
    assert province.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin
    event = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk),
                                      action=Action.UPDATE).get()
    assert event.actor == admin and "revoked_at" in event.changes
    assert api(key).get(reverse("api_regions")).status_code == 401


def test_the_admin_makes_a_token_for_another_user_and_an_operator_cannot(world):
    admin, op, other = (world["users"][k] for k in ("admin", "op_own", "op_other"))
    province = Client()
    province.force_login(admin)
    response = province.post(reverse("api_tokens"), {"name": "BPJS", "user": op.pk})
    key = response.context["new_key"]
    assert ApiToken.objects.get(name="BPJS").user == op
    # the token acts as its user: op's regions, not the admin's
    codes = {r["code"] for r in api(key).get(reverse("api_regions"), {"mine": "true"})
             .json()["results"]}
    assert "52" not in codes and A in codes
    operator = Client()
    operator.force_login(other)
    response = operator.post(reverse("api_tokens"), {"name": "curang", "user": op.pk})
    assert response.status_code == 200
    assert ApiToken.objects.get(name="curang").user == other  # the field is not offered


def test_it_refuses_a_token_without_a_name_or_with_too_long_a_life(world, settings):
    page = Client()
    page.force_login(world["users"]["viewer"])
    count = ApiToken.objects.count()
    assert page.post(reverse("api_tokens"), {"name": " "}).status_code == 200
    assert page.post(reverse("api_tokens"), {"name": "x", "expires_in_days": "99999"}
                     ).status_code == 200
    assert ApiToken.objects.count() == count


def test_the_rate_limit_answers_429_per_token(world, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    client, other = api(world["tokens"]["op_own"]), api(world["tokens"]["op_other"])
    url = reverse("api_regions")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert other.get(url).status_code == 200  # counted per token


# --- the schema and its docs -------------------------------------------------------------------

def test_the_schema_names_every_endpoint_and_the_docs_page_keeps_the_csp(world):
    schema = Client().get(reverse("api_schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/regions/{code}/indicators/", "/api/v1/allocations/{id}/",
            "/api/v1/submissions/", "/api/v1/actions/"} <= set(paths)
    assert schema.json()["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    docs = Client().get(reverse("api_docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "<script>" not in html  # no inline script: the start-up script is a file
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "//" not in "".join(part.split('"')[0] for part in html.split('src="')[1:]) \
        .replace("/static/", "")  # every script from the app itself
    script = Client().get(reverse("api_docs"), {"script": ""})
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


# --- the permission the write endpoints will use -----------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_hascap_asks_the_capability_table_in_the_records_region(world, kind):
    """``HasCap(cap)`` (ucj.api.permissions) is the table as a DRF permission: the role holds
    the capability, and for an object, its region (through the view's ``region_path``) lies in
    the user's scope, exactly as ``allows``."""
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from ucj.accounts.scope import Cap, allows
    from ucj.api.permissions import HasCap
    from ucj.api.views import RecordDetail

    user = world["users"][kind]
    realization = world["records"]["realizations"]
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    view = type("View", (RecordDetail,), {"dataset_slug": "realizations"})()
    for cap in (Cap.WRITE_REALIZATIONS, Cap.WRITE_PARTICIPATION, Cap.MANAGE_USERS):
        permission = HasCap(cap)()
        assert permission.has_permission(request, view) == allows(user, cap)
        assert permission.has_object_permission(request, view, realization) == allows(
            user, cap, realization.allocation.region)
    assert HasCap(Cap.WRITE_REALIZATIONS)().has_object_permission(request, view, realization) \
        == (kind in {"admin", "op_own"})
