"""The navigation (issue 19): five groups by task (Pantau, Anggaran, Data, Forum, Laporan)
beside Beranda, the same for every role. Every page that had its own place in the bar before
is one group away, for the province admin and for an operator; a keyboard opens a group and
Escape closes it; the bar fits at 1366 px, and a phone gets a menu button."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in, sign_out
from ucj.core.datasets import all_datasets

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = ["Pantau", "Anggaran", "Data", "Forum", "Laporan"]


def former_top_level(*, can_import: bool) -> list[str]:
    """The pages the bar named before the groups (issue 18's base.html)."""
    names = ["dashboard", "budget_calculator", "cycle_province", "reconciliation",
             "registry_home", "meeting_list", "report_list", "submission_list", "region_list"]
    if can_import:
        names.append("import_start")
    return [reverse(n) for n in names] + [reverse("record_list", args=[ds.slug])
                                          for ds in all_datasets()]


def assert_every_page_is_one_group_away(page: Page, paths: list[str]) -> None:
    nav = page.locator("#main-nav")
    expect(nav.locator("> a", has_text="Beranda")).to_be_visible()
    expect(nav.locator("> details.nav-group > summary")).to_have_text(GROUPS)
    for path in paths:
        link = nav.locator(f"details.nav-group a[href='{path}']")
        expect(link).to_have_count(1)
        page.keyboard.press("Escape")  # closes the open group
        expect(link).to_be_hidden()  # inside a closed group
        group = nav.locator("details.nav-group", has=page.locator(f"a[href='{path}']"))
        group.locator("> summary").click()
        expect(link).to_be_visible()
        expect(nav.locator("details[open]")).to_have_count(1)  # the others close


@pytest.mark.parametrize("username", ["admin.prov", "op.lotim"])
def test_every_former_top_level_page_is_one_group_away(page: Page, live_server, admin_user,
                                                       op_a, username):
    sign_in(page, live_server.url, username)
    page.goto(f"{live_server.url}/")
    assert_every_page_is_one_group_away(page, former_top_level(can_import=True))
    # the bar fits on one line at 1366 px
    page.set_viewport_size({"width": 1366, "height": 800})
    box = page.locator(".topbar").bounding_box()
    assert box["height"] < 70, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    sign_out(page)


def test_a_keyboard_opens_a_group_and_escape_closes_it(page: Page, live_server, op_a):
    sign_in(page, live_server.url, "op.lotim")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip-link")).to_be_focused()
    summary = page.locator("#main-nav summary", has_text="Data")
    while not summary.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    first = page.locator("#main-nav details[open] .menu a").first
    expect(first).to_be_visible()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#main-nav details[open]")).to_have_count(0)
    expect(summary).to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{reverse('record_list', args=['denominators'])}")


def test_a_phone_opens_the_menu_with_its_button(page: Page, live_server, op_a):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "op.lotim")
    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#main-nav")).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.locator("#main-nav summary", has_text="Forum").click()
    expect(page.locator("#main-nav").get_by_role("link", name="Rapat")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_without_javascript_the_phone_shows_the_menu_and_groups_still_open(browser, live_server,
                                                                            op_a):
    context = browser.new_context(java_script_enabled=False, locale="id-ID",
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server.url, "op.lotim")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()  # nothing to press
    expect(page.locator("#main-nav")).to_be_visible()
    page.locator("#main-nav summary", has_text="Data").click()
    expect(page.locator("#main-nav").get_by_role("link", name="Impor")).to_be_visible()
    context.close()
