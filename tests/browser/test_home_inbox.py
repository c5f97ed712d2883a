"""The homes of issue 19 in a browser: the Lombok Timur operator's home lists a dataset due
and a submission the province returned, and each is one click from the place to act; the
province admin approves a waiting submission from the inbox on its home."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in, sign_out
from ucj.submissions import services
from ucj.submissions.models import State, Submission
from ucj.submissions.selectors import todo

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite",  # the suite's time budget (make test)
                       reason="the same pages on every database: checked in the SQLite pass; "
                              "tests/test_home.py and tests/test_inbox.py run on both"),
]


def test_operator_acts_on_its_home_and_the_admin_approves_from_the_inbox(
        page: Page, live_server, records, admin_user, op_a):
    base = live_server.url
    a = records["allocations"].region
    returned = services.submission_submit(actor=op_a, region=a, dataset="allocations",
                                          period="2025")
    services.submission_return(actor=admin_user, submission=returned,
                               reason="Sumber dana belum sesuai DPA.")
    services.submission_submit(actor=op_a, region=a, dataset="denominators", period="2025")
    due = next(g.latest for g in todo(op_a, today=timezone.localdate()).groups
               if g.latest.ds.slug == "allocations")

    # the operator: a returned submission, with its reason, one click from its page
    sign_in(page, base, "op.lotim")
    card = page.locator("section", has_text="Dikembalikan oleh provinsi")
    expect(card).to_contain_text("Sumber dana belum sesuai DPA.")
    card.get_by_role("link", name="Alokasi anggaran · Lombok Timur · 2025").click()
    expect(page).to_have_url(f"{base}/pengiriman/allocations/52.03/2025/")
    expect(page.locator(".reason")).to_have_text("Sumber dana belum sesuai DPA.")

    # … and the allocations due, one click from the list of its region and year
    page.goto(f"{base}/")
    row = page.locator('tr.todo-item[data-dataset="allocations"]')
    expect(row).to_contain_text(f"Alokasi anggaran · Lombok Timur · {due.period}")
    row.get_by_role("link", name=re.compile(f"Alokasi anggaran · Lombok Timur · {due.period}"))\
        .click()
    expect(page).to_have_url(f"{base}/data/allocations/?region=52.03&year={due.period}")
    sign_out(page)

    # the admin: the waiting submission first on its home, approved there
    sign_in(page, base, "admin.prov")
    item = page.locator('[data-submission="denominators|52.03|2025"]')
    expect(item).to_contain_text("Pengajuan pertama")
    expect(item).to_contain_text("453.748")
    item.get_by_role("button", name=re.compile("Setujui")).click()
    expect(page).to_have_url(f"{base}/")
    expect(page.locator(".messages")).to_contain_text("Disetujui")
    expect(page.locator('[data-submission="denominators|52.03|2025"]')).to_have_count(0)
    assert Submission.objects.get(dataset="denominators", region=a).state == State.APPROVED
