"""Helpers shared by the importer tests: uploading through the pages, reading the preview,
snapshots of every dataset table, and workbooks read back with openpyxl."""

from __future__ import annotations

import html
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ucj.audit.models import AuditEvent
from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.imports.models import ImportJob
from ucj.submissions.models import Submission

DATASET_MODELS = [WorkforceDenominator, ParticipationSnapshot, Commitment, Allocation, Realization]
RECORD_TYPES = [m._meta.label_lower for m in DATASET_MODELS]


def snapshot() -> dict[str, list[dict]]:
    """Every row and value of the five dataset tables and of the submissions."""
    return {m._meta.label: list(m.objects.order_by("pk").values())
            for m in [*DATASET_MODELS, Submission]}


def record_events():
    """Audit events about records (not about imports or submissions)."""
    return AuditEvent.objects.filter(object_type__in=RECORD_TYPES)


def upload(client, dataset: str, name: str, data: bytes, **extra):
    """POST a file to the upload page and follow to the preview; returns (response, job)."""
    before = set(ImportJob.objects.values_list("pk", flat=True))
    response = client.post(reverse("import_start"),
                            {"dataset": dataset, "file": SimpleUploadedFile(name, data)},
                            follow=True, **extra)
    new = ImportJob.objects.exclude(pk__in=before)
    return response, (new.get() if new.exists() else None)


def apply(client, job, *, confirm: bool = False):
    """Press the apply button; the queued apply runs (as the worker would, after the commit)
    and the job's page is returned."""
    data = {"confirm_warnings": "1"} if confirm else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("import_apply", args=[job.pk]), data)
    return client.get(response.url) if response.status_code == 302 else response


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_rows(content: bytes, cells: int) -> list[list[str]]:
    """The body rows of the page's tables that have exactly ``cells`` cells, as text. The error
    table of the preview has 4 (row, column, value, problem), the changes table 5."""
    page = content.decode()
    rows = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", page, re.S):
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            tds = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
            if len(tds) == cells:
                rows.append([text_of(td) for td in tds])
    return rows


def error_rows(content: bytes) -> list[list[str]]:
    return table_rows(content, 4)


def change_rows(content: bytes) -> list[list[str]]:
    """[row, record, column, now, from the file]; row and record only on a record's first line."""
    rows = table_rows(content, 5)
    for previous, row in zip(rows, rows[1:], strict=False):
        if not row[0]:
            row[0], row[1] = previous[0], previous[1]
    return rows


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def xlsx_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet_rows(data: bytes, sheet: str = "Data") -> list[list]:
    """The rows of a sheet as values, without trailing empty rows."""
    ws = workbook(data)[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    return rows
