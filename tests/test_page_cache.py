"""Page bodies kept as HTML until the next write (ucj/core/pagecache.py, issue 18: load): the
dashboard, the region pages and the home pages. A write shows at once; a kept body is read
without computing; nothing rendered for one user, language or day is shown to another; a
form in a kept body carries the request's own CSRF token."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from ucj.core import pagecache
from ucj.coverage import services as coverage
from ucj.submissions import services as submissions


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


REGION = "/wilayah/52.03/?bulan=2025-06"


def test_a_write_shows_on_the_kept_region_page_at_once(client, records, admin_user,
                                                       django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    assert "54.298" in client.get(REGION).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coverage.participation_update(actor=admin_user, snapshot=records["participation"],
                                      active=60_000)
    page = client.get(REGION).content.decode()
    assert "60.000" in page and "54.298" not in page


def test_a_kept_body_is_read_without_computing_it_again(client, records, admin_user,
                                                        django_assert_max_num_queries):
    client.force_login(admin_user)
    for url in (REGION, reverse("dashboard") + "?bulan=2025-06", reverse("home")):
        client.get(url)
        # the session, the user and its regions, the data version, the menu's counts (the
        # approval inbox, the forum reminders): not the figures
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_the_dashboard_of_another_month_is_its_own_body(client, records, admin_user):
    client.force_login(admin_user)
    def heading(month):
        page = client.get(reverse("dashboard") + f"?bulan={month}").content.decode()
        return page.split("<h1>", 1)[1].split("</h1>", 1)[0]

    assert "Juni 2025" in heading("2025-06")
    assert "Mei 2025" in heading("2025-05")


def _part(monkeypatch, user, *, day="2026-12-06", language="id"):
    request = RequestFactory().get("/somewhere/?a=1")
    request.user = user
    template = engines["django"].from_string("{{ who }} {{ lang }} {{ day }}")
    monkeypatch.setattr(pagecache, "render_to_string",
                        lambda name, context, request=None: template.render(context, request))
    with translation.override(language):
        return str(pagecache.cached_part(request, "test", "unused.html", lambda: {
            "who": user.username, "lang": language, "day": day}))


def test_a_body_kept_for_one_user_is_never_shown_to_another(ntb, op_a, op_b, monkeypatch):
    assert _part(monkeypatch, op_a).startswith("op.lotim ")
    assert _part(monkeypatch, op_b).startswith(op_b.username + " ")
    assert _part(monkeypatch, op_a).startswith("op.lotim ")


def test_a_body_is_kept_per_language_and_per_day(ntb, op_a, monkeypatch):
    assert _part(monkeypatch, op_a, language="id").split()[1] == "id"
    assert _part(monkeypatch, op_a, language="en").split()[1] == "en"
    assert _part(monkeypatch, op_a, day="today").split()[2] == "2026-12-06"  # kept
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: dt.date(2030, 1, 2))
    assert _part(monkeypatch, op_a, day="tomorrow").split()[2] == "tomorrow"


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.split("<main", 1)[1])[1]


def test_a_form_in_a_kept_body_carries_the_requests_own_token(records, admin_user, op_a):
    """Two sessions of one admin: the second reads the body the first had kept, and approves
    with the token it carries (CSRF checked, as in a browser)."""
    submissions.submission_submit(actor=op_a, region=records["commitments"].region,
                                  dataset="commitments", period="2025")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(admin_user)
    second.force_login(admin_user)
    token_first = _token(first.get(reverse("home")).content.decode())
    page = second.get(reverse("home")).content.decode()
    assert 'data-submission="commitments|52.03|2025"' in page
    assert pagecache.CSRF_PLACEHOLDER not in page
    token_second = _token(page)
    assert token_second != token_first
    response = second.post(reverse("submission_approve", args=["commitments", "52.03", "2025"]),
                           {"next": "/", "csrfmiddlewaretoken": token_second})
    assert response.status_code == 302
