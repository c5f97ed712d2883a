"""Which progress a meeting brief counts, and when a meeting is "today" (issue 15, item 7).

A brief counts the progress recorded and the items done from the start of the previous meeting
of its forum (its date at its start time; 00.00 of its day when it has none) up to the start of
its own meeting (docs/decisions.md 51). "Today" is the local date of TIME_ZONE (WITA, UTC+8):
from 00.00 to 24.00 WITA, i.e. from 16.00 UTC of the day before.

Moments are written in WITA and stored as the service stores them (aware, UTC in the database).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ucj.core.formatting import format_date
from ucj.forums import selectors, services
from ucj.forums.brief import meeting_brief
from ucj.forums.models import ActionUpdate

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
UTC = dt.UTC
DAY = dt.date(2026, 3, 10)  # the day of the previous meeting
NEXT = DAY + dt.timedelta(days=14)  # the next meeting
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def wita(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)


def test_the_time_zone_is_wita_and_its_midnight_is_the_utc_day_before():
    assert timezone.get_current_timezone_name() == "Asia/Makassar"
    assert wita(DAY, 0, 30).astimezone(UTC).date() == DAY - dt.timedelta(days=1)
    assert wita(DAY, 23, 30).astimezone(UTC).date() == DAY


@pytest.fixture
def forum(ntb, admin_user, agency):
    """A date-only province meeting on DAY, the next one on NEXT, and an action item of the
    first. ``record(comment, at)`` writes an update through the service, dated ``at``."""
    previous = services.meeting_create(actor=admin_user, title="Rakor Maret", date=DAY,
                                       level="province", region=ntb["52"], place="Mataram")
    upcoming = services.meeting_create(actor=admin_user, title="Rakor April", date=NEXT,
                                       level="province", region=ntb["52"], place="Mataram")
    item = services.action_create(actor=admin_user, meeting=previous, title="Usulkan iuran",
                                  due_date=NEXT, owner_region=ntb["52.03"],
                                  owner_agency=agency["bpkad"])

    def record(comment: str, at: dt.datetime, **kwargs) -> ActionUpdate:
        item.refresh_from_db()
        update = services.action_update(actor=admin_user, action=item, comment=comment,
                                        today=timezone.localdate(at), **kwargs)
        ActionUpdate.objects.filter(pk=update.pk).update(at=at)  # ``at`` is auto_now_add
        return update

    return {"previous": previous, "upcoming": upcoming, "item": item, "record": record,
            "ntb": ntb}


def comments(meeting, user, now: dt.datetime) -> list[str]:
    return [u.comment for u in meeting_brief(meeting, user, now=now).updates]


AFTER_ALL = wita(NEXT + dt.timedelta(days=30), 12)  # every meeting is past


# --- the window of a brief ------------------------------------------------------------------

class TestProgressWindow:
    def test_progress_recorded_on_the_previous_meetings_day_reaches_the_next_brief(
            self, forum, admin_user):
        forum["record"]("Dibahas di rakor", wita(DAY, 10))
        assert comments(forum["upcoming"], admin_user, wita(DAY, 11)) == ["Dibahas di rakor"]
        assert comments(forum["previous"], admin_user, wita(DAY, 11)) == []

    def test_the_day_before_the_meeting_belongs_to_its_own_brief(self, forum, admin_user):
        forum["record"]("Malam sebelum rakor", wita(DAY - dt.timedelta(days=1), 23, 30))
        assert comments(forum["previous"], admin_user, AFTER_ALL) == ["Malam sebelum rakor"]
        assert comments(forum["upcoming"], admin_user, AFTER_ALL) == []

    def test_half_past_midnight_wita_is_the_meeting_day_though_utc_is_the_day_before(
            self, forum, admin_user):
        at = wita(DAY, 0, 30)
        assert at.astimezone(UTC).date() == DAY - dt.timedelta(days=1)
        forum["record"]("Lewat tengah malam", at)
        assert comments(forum["upcoming"], admin_user, AFTER_ALL) == ["Lewat tengah malam"]
        assert comments(forum["previous"], admin_user, AFTER_ALL) == []

    def test_the_day_after_the_meeting_reaches_the_next_brief(self, forum, admin_user):
        forum["record"]("Hari berikutnya", wita(DAY + dt.timedelta(days=1), 8))
        assert comments(forum["upcoming"], admin_user, AFTER_ALL) == ["Hari berikutnya"]

    def test_a_start_time_splits_the_day_at_that_time_inclusive(self, forum, admin_user):
        forum["previous"].start_time = dt.time(9, 0)
        forum["previous"].save()
        forum["record"]("Pagi sebelum rakor", wita(DAY, 8, 59))
        forum["record"]("Saat rakor dimulai", wita(DAY, 9, 0))
        assert comments(forum["previous"], admin_user, AFTER_ALL) == ["Pagi sebelum rakor"]
        assert comments(forum["upcoming"], admin_user, AFTER_ALL) == ["Saat rakor dimulai"]

    def test_the_next_meetings_own_day_goes_to_the_meeting_after(self, forum, admin_user):
        forum["record"]("Pagi rakor April", wita(NEXT, 7))
        assert comments(forum["upcoming"], admin_user, AFTER_ALL) == []

    def test_consecutive_briefs_share_no_entry_and_miss_none(self, forum, admin_user, ntb):
        later = services.meeting_create(actor=admin_user, title="Rakor Mei", date=NEXT
                                        + dt.timedelta(days=30), start_time=dt.time(14, 0),
                                        level="province", region=ntb["52"], place="Mataram")
        forum["upcoming"].start_time = dt.time(9, 30)
        forum["upcoming"].save()
        moments = [wita(DAY - dt.timedelta(days=1), 23, 59), wita(DAY, 0, 0), wita(DAY, 0, 1),
                   wita(DAY, 23, 59), wita(NEXT, 9, 29), wita(NEXT, 9, 30), wita(NEXT, 23, 0),
                   wita(later.date, 13, 59), wita(later.date, 14, 0)]
        for n, at in enumerate(moments):
            forum["record"](f"catatan {n}", at)
        briefs = [comments(m, admin_user, AFTER_ALL + dt.timedelta(days=60))
                  for m in (forum["previous"], forum["upcoming"], later)]
        assert briefs == [["catatan 0"], [f"catatan {n}" for n in range(1, 5)],
                          [f"catatan {n}" for n in range(5, 8)]]
        # … and the last one (from the start of Rakor Mei) is for the brief after it.
        assert meeting_brief(later, admin_user, now=AFTER_ALL + dt.timedelta(days=60)).later == 1

    def test_an_item_done_on_the_meeting_day_is_done_in_the_next_brief_only(self, forum,
                                                                           admin_user):
        forum["record"]("Selesai", wita(DAY, 15), status="done",
                        evidence_file=SimpleUploadedFile("ba.pdf", PDF,
                                                         content_type="application/pdf"))
        done = lambda m: [a.title for a in meeting_brief(m, admin_user, now=AFTER_ALL).done]  # noqa: E731
        assert done(forum["upcoming"]) == ["Usulkan iuran"]
        assert done(forum["previous"]) == []

    def test_an_item_reopened_and_done_again_counts_where_it_was_last_done(self, forum,
                                                                          admin_user, ntb):
        later = services.meeting_create(actor=admin_user, title="Rakor Mei",
                                        date=NEXT + dt.timedelta(days=30), level="province",
                                        region=ntb["52"], place="Mataram")
        evidence = SimpleUploadedFile("ba.pdf", PDF, content_type="application/pdf")
        forum["record"]("Selesai", wita(DAY, 15), status="done", evidence_file=evidence)
        forum["record"]("Dibuka lagi", wita(NEXT + dt.timedelta(days=2), 9), status="in_progress")
        forum["record"]("Selesai lagi", wita(NEXT + dt.timedelta(days=3), 9), status="done")
        done = lambda m: [a.title for a in meeting_brief(m, admin_user, now=AFTER_ALL).done]  # noqa: E731
        assert done(forum["upcoming"]) == []
        assert done(later) == ["Usulkan iuran"]

    def test_a_past_meeting_viewed_today_keeps_its_window_and_says_where_the_rest_went(
            self, client, forum, admin_user):
        forum["record"]("Sebelum rakor", wita(DAY - dt.timedelta(days=2), 10))
        forum["record"]("Sesudah rakor", wita(DAY, 13))
        forum["record"]("Minggu berikutnya", wita(DAY + dt.timedelta(days=7), 10))
        brief = meeting_brief(forum["previous"], admin_user, now=AFTER_ALL)
        assert (brief.started, brief.later, [u.comment for u in brief.updates]) == (
            True, 2, ["Sebelum rakor"])
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["previous"].pk])).content.decode()
        assert "2 catatan yang dibuat sejak rapat ini dimulai dihitung di bahan rapat berikutnya" \
            in page
        assert "Sesudah rakor" not in page and "Sebelum rakor" in page

    def test_a_brief_before_its_meeting_counts_nothing_as_later(self, forum, admin_user):
        forum["record"]("Kemarin", wita(NEXT - dt.timedelta(days=1), 10))
        brief = meeting_brief(forum["upcoming"], admin_user, now=wita(NEXT - dt.timedelta(days=1), 11))
        assert (brief.started, brief.later, [u.comment for u in brief.updates]) == (
            False, 0, ["Kemarin"])

    def test_the_page_states_the_window_in_local_time(self, client, forum, admin_user):
        forum["upcoming"].start_time = dt.time(9, 30)
        forum["upcoming"].save()
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
        assert ("Dicatat sejak 10 Maret 2026, 00.00 WITA (awal rapat sebelumnya) sampai "
                "24 Maret 2026, 09.30 WITA (awal rapat ini).") in page
        assert "Rapat tanpa jam mulai dianggap mulai pukul 00.00" in page

    def test_the_update_date_shown_is_the_local_day(self, client, forum, admin_user):
        forum["record"]("Pagi buta", wita(DAY + dt.timedelta(days=1), 6))  # 22.00 UTC the day before
        client.force_login(admin_user)
        page = client.get(reverse("meeting_brief", args=[forum["upcoming"].pk])).content.decode()
        row = page.split("Pagi buta")[0].rsplit("<tr>", 1)[1]
        assert "11 Maret 2026" in row and "10 Maret 2026" not in row


class TestPreviousMeeting:
    def test_meetings_of_one_day_follow_their_start_times(self, ntb, admin_user):
        make = lambda title, time: services.meeting_create(  # noqa: E731
            actor=admin_user, title=title, date=DAY, start_time=time, level="province",
            region=ntb["52"], place="Mataram")
        afternoon = make("Sesi siang", dt.time(14, 0))
        morning = make("Sesi pagi", dt.time(9, 0))
        undated = make("Tanpa jam", None)
        assert selectors.previous_meeting(afternoon) == morning
        assert selectors.previous_meeting(morning) == undated
        assert selectors.previous_meeting(undated) is None

    def test_another_level_or_region_is_not_the_previous_meeting(self, ntb, admin_user):
        services.meeting_create(actor=admin_user, title="Rapat Lotim", date=DAY, level="region",
                                region=ntb["52.03"], place="Selong")
        later = services.meeting_create(actor=admin_user, title="Rakor", date=NEXT,
                                        level="province", region=ntb["52"], place="Mataram")
        assert selectors.previous_meeting(later) is None


# --- "today" ---------------------------------------------------------------------------------

class TestToday:
    @pytest.mark.parametrize("day, expected", [
        (DAY - dt.timedelta(days=1), "upcoming"), (DAY, "today"),
        (DAY + dt.timedelta(days=1), "past")])
    def test_a_meeting_is_upcoming_today_or_past_by_the_local_date(self, forum, day, expected):
        assert forum["previous"].timing(day) == expected

    @pytest.mark.parametrize("now, badge", [
        (wita(DAY - dt.timedelta(days=1), 23, 30), "akan datang"),  # UTC: DAY - 1
        (wita(DAY, 0, 30), "hari ini"),  # UTC: still DAY - 1
        (wita(DAY, 23, 30), "hari ini"),  # UTC: DAY
        (wita(DAY + dt.timedelta(days=1), 0, 30), None),  # UTC: still DAY, but it is past
    ])
    def test_the_list_the_page_and_the_brief_say_today_in_local_time(
            self, client, forum, admin_user, monkeypatch, now, badge):
        monkeypatch.setattr(timezone, "now", lambda: now.astimezone(UTC))
        client.force_login(admin_user)
        meeting = forum["previous"]
        pages = [client.get(reverse("meeting_list")).content.decode().split("<tbody>")[1],
                 client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
                 .split('class="meeting-facts"')[1].split("</ul>")[0],
                 client.get(reverse("meeting_brief", args=[meeting.pk])).content.decode()
                 .split("brief-facts")[1].split("</table>")[0]]
        for page in pages:
            if page is pages[0]:  # the list: the row of this meeting
                page = page.split("Rakor Maret")[1].split("</tr>")[0]
            found = [label for label in ("akan datang", "hari ini") if label in page]
            assert found == ([badge] if badge else []), page

    def test_the_next_meeting_card_says_today_until_local_midnight(self, client, forum,
                                                                   admin_user, monkeypatch):
        monkeypatch.setattr(timezone, "now", lambda: wita(DAY, 23, 30).astimezone(UTC))
        client.force_login(admin_user)
        response = client.get(reverse("meeting_list"))
        assert response.context["upcoming"] == forum["previous"]
        card = response.content.decode().split("meeting-next-label")[1].split("</div>")[0]
        assert "hari ini" in card


def test_format_date_of_an_aware_moment_is_its_local_day():
    assert format_date(wita(DAY, 0, 30).astimezone(UTC)) == "10 Maret 2026"
    assert format_date(dt.date(2026, 3, 10)) == "10 Maret 2026"
