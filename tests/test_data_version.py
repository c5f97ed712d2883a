"""Figures cached until the next write (ucj/core/dataversion.py, issue 18): the per-province
inputs of the dashboard and region pages, and the map's boundaries. A write shows at once —
through a service (audited), a plain save (a signal, once the transaction commits) or a bulk
write that sends no signal but is audited — and reads do not throw the cache away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core import dataversion
from ucj.coverage import services as coverage
from ucj.coverage.models import ParticipationSnapshot
from ucj.indicators import selectors as ind

JUNE = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def active_of(ntb, code="52.03") -> int | None:
    _total, rows = ind.inputs_for(ntb["52"], JUNE)
    return rows[ntb[code].pk].active


def test_inputs_are_computed_once_until_a_write(records, ntb, django_assert_max_num_queries):
    assert active_of(ntb) == 54_298
    with django_assert_max_num_queries(2):  # the version only, not a dozen tables
        assert active_of(ntb) == 54_298


def test_a_write_through_a_service_shows_at_once(records, ntb, admin_user,
                                                 django_capture_on_commit_callbacks):
    assert active_of(ntb) == 54_298
    with django_capture_on_commit_callbacks(execute=True):
        coverage.participation_update(actor=admin_user, snapshot=records["participation"],
                                      active=60_000)
    assert active_of(ntb) == 60_000


def test_a_plain_save_shows_at_once(records, ntb):
    assert active_of(ntb) == 54_298
    row = ParticipationSnapshot.objects.get(pk=records["participation"].pk)
    row.active = 61_000
    row.save()
    assert active_of(ntb) == 61_000


def test_an_audited_write_changes_the_version_when_it_commits(records, ntb, admin_user):
    """What another request cached between a write and its commit is keyed by the version
    before the commit: the write's audit event, visible once committed, moves it on."""
    before = dataversion.current().split(".")[1]
    audit_log(actor=admin_user, action=Action.UPDATE, object_type="coverage.participation",
              object_repr="a change")
    assert dataversion.current().split(".")[1] != before


def test_an_audited_bulk_write_without_signals_shows_at_once(records, ntb, admin_user):
    assert active_of(ntb) == 54_298
    ParticipationSnapshot.objects.filter(pk=records["participation"].pk).update(active=62_000)
    audit_log(actor=admin_user, action=Action.IMPORT, object_type="coverage.participation",
              object_repr="bulk")  # as the import pipeline does after its bulk writes
    assert active_of(ntb) == 62_000


def test_reads_do_not_change_the_version(records, ntb, admin_user, client,
                                         django_capture_on_commit_callbacks):
    client.force_login(admin_user)  # (its last_login is a write)
    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True):
        audit_log(actor=admin_user, action=Action.VIEW, object_type="registry.matchrun",
                  object_repr="rows page 1")
        assert client.get(reverse("dashboard")).status_code == 200
    assert dataversion.current() == before


def test_the_dashboard_shows_a_new_figure_at_once(records, ntb, admin_user, client,
                                                  django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    url = reverse("region_detail", args=["52.03"]) + "?bulan=2025-06"
    first = client.get(url)
    assert first.status_code == 200 and b"54.298" in first.content
    with django_capture_on_commit_callbacks(execute=True):
        coverage.participation_update(actor=admin_user, snapshot=records["participation"],
                                      active=70_123)
    second = client.get(url)
    assert b"70.123" in second.content and b"54.298" not in second.content


def test_the_map_boundaries_change_with_the_regions(ntb, django_capture_on_commit_callbacks):
    from ucj.indicators.views import _boundaries

    square = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    assert _boundaries(ntb["52"]) == {}
    region = ntb["52.03"]
    region.geometry = square
    with django_capture_on_commit_callbacks(execute=True):
        region.save()
    assert set(_boundaries(ntb["52"])) == {"52.03"}
