"""One way into the audit log: ``audit_log`` for one event, ``audit_log_many`` for many (the
importer's changed records). Both write the same row for the same arguments, and no other
module of the application creates an audit row itself."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ucj.audit.models import Action, AuditEvent
from ucj.audit.services import audit_log, audit_log_many

ROOT = Path(__file__).resolve().parent.parent / "ucj"
ENTRY_POINT = ROOT / "audit" / "services.py"
CREATING = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _row(event: AuditEvent) -> dict:
    return {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields
            if f.name not in ("id", "at")}


def test_the_bulk_variant_writes_the_rows_audit_log_writes(records, admin_user):
    allocation, participation = records["allocations"], records["participation"]
    events = [
        {"obj": allocation, "changes": {"amount": [1, 2]}, "note": "satu"},
        {"obj": participation, "object_repr": "Peserta: Lombok Timur", "region": None,
         "changes": {"active": [3, 4]}},
        {"object_type": "demo", "object_repr": "x" * 400, "address": "10.0.0.1"},
    ]
    at = timezone.now() - dt.timedelta(days=1)
    with transaction.atomic():
        before = AuditEvent.objects.count()
        one = [audit_log(actor=admin_user, action=Action.UPDATE, **event) for event in events]
        audit_log_many(actor=admin_user, action=Action.UPDATE, events=iter(events), at=at)
    many = list(AuditEvent.objects.order_by("id")[before + len(events):])

    assert [_row(e) for e in many] == [_row(e) for e in one]
    assert {e.at for e in many} == {at}
    assert many[0].region_id == allocation.region_id and many[1].region_id == participation.region_id
    assert len(many[2].object_repr) == 300


def test_no_module_but_the_entry_point_creates_audit_rows():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or path == ENTRY_POINT:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and _creates_audit_row(node):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    assert offenders == []


def _creates_audit_row(call: ast.Call) -> bool:
    """AuditEvent(...), AuditEvent.objects.create(...) and its kin, or any call handed the
    AuditEvent model itself (bulk.insert(AuditEvent, rows))."""
    func = call.func
    if isinstance(func, ast.Name) and func.id == "AuditEvent":
        return True
    if (isinstance(func, ast.Attribute) and func.attr in CREATING
            and "AuditEvent" in ast.unparse(func.value)):
        return True
    return any(isinstance(arg, ast.Name) and arg.id == "AuditEvent" for arg in call.args)
