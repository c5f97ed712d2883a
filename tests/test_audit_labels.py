"""The audit log and a record's history read as the record pages do (issue 19): field labels,
choice labels, region names, Indonesian dates and Rupiah; never field names or raw codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ucj.audit.labels import label_events
from ucj.audit.models import AuditEvent
from ucj.budget import services as budget

pytestmark = pytest.mark.django_db


def _changed_allocation(records, admin_user):
    allocation = records["allocations"]
    budget.allocation_update(actor=admin_user, allocation=allocation, amount=201_600_000,
                             funding_source="dbhcht", enacted_on=dt.date(2025, 9, 30),
                             confirm_warnings=True)
    return AuditEvent.objects.filter(object_type="budget.allocation", action="update").latest("id")


def test_it_labels_fields_and_values_as_the_record_page_does(records, admin_user):
    event = _changed_allocation(records, admin_user)
    [labelled] = label_events([event])
    rows = {c.label: (c.old, c.new) for c in labelled.labelled}
    [amount] = [v for k, v in rows.items() if k.startswith("Jumlah")]
    assert amount == ("Rp 151.200.000", "Rp 201.600.000"), rows
    [fund] = [v for k, v in rows.items() if k.startswith("Sumber dana")]
    assert fund[0] == "APBD kabupaten/kota" and "DBHCHT" in fund[1], fund
    [enacted] = [v for k, v in rows.items() if k == "Tanggal penetapan"]
    assert enacted == ("–", "30 September 2025")
    assert labelled.kind == "Alokasi anggaran"
    # nothing of the model's own vocabulary is left
    text = repr(labelled.labelled)
    for raw in ("amount", "funding_source", "apbd_kabkota", "2025-09-30", "budget.allocation"):
        assert raw not in text


def test_it_names_regions_not_their_codes(records, admin_user):
    event = AuditEvent.objects.filter(object_type="budget.allocation", action="create").latest("id")
    [labelled] = label_events([event])
    rows = {c.label: c.new for c in labelled.labelled}
    assert "Kabupaten Lombok Timur" in rows.values(), rows
    assert "52.03" not in rows.values()


def test_the_audit_log_page_shows_labels(
        client, records, admin_user):
    _changed_allocation(records, admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("audit_list")).content.decode()
    assert "Rp 201.600.000" in page and "30 September 2025" in page
    assert "<code>amount</code>" not in page and "apbd_kabkota" not in page
    assert "Alokasi anggaran" in page


def test_a_record_history_shows_labels(client, records, admin_user):
    allocation = records["allocations"]
    _changed_allocation(records, admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("record_detail", args=["allocations", allocation.pk])).content.decode()
    assert "Rp 151.200.000" in page and "Rp 201.600.000" in page
    assert "<code>amount</code>" not in page


def test_other_region_operator_does_not_see_the_event(client, records, admin_user, op_b):
    _changed_allocation(records, admin_user)
    client.force_login(op_b)
    page = client.get(reverse("audit_list")).content.decode()
    assert "Rp 201.600.000" not in page
