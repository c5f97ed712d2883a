"""Imports planned at the same time keep their own row labels: the labels a plan remembers
while it names its rows (region, month, stage …, in the language of whoever uploaded) belong
to that plan, not to a cache shared with an import running beside it in another thread."""

from __future__ import annotations

import csv
import io

from django.utils import translation

from ucj.core import bulk
from ucj.imports import services

HEADER = ["region_code", "region_name", "month", "segment", "active", "new"]


def _csv(*rows: list) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def test_a_plan_made_meanwhile_in_another_language_leaves_this_plans_labels_alone(
        records, admin_user, monkeypatch):
    mine = _csv(["52.02", "", "2025-06", "PU", "1000", 0],
                ["52.02", "", "2025-06", "JAKON", "10", 0])
    theirs = _csv(["52.02", "", "2025-06", "PMI", "20", 0])
    real = bulk.Factory
    meanwhile = []

    class Interleaved(real):
        """The first record this plan builds lets another import plan in English first, as a
        second worker thread would."""

        def __call__(self, **values):
            if not meanwhile:
                meanwhile.append(1)
                with translation.override("en"):
                    other, _ = services.plan_file(actor=admin_user, dataset="participation",
                                                  data=theirs, file_name="theirs.csv")
                meanwhile.append(other)
            return super().__call__(**values)

    monkeypatch.setattr(bulk, "Factory", Interleaved)
    with translation.override("id"):
        plan, _ = services.plan_file(actor=admin_user, dataset="participation", data=mine,
                                     file_name="mine.csv")

    assert plan.is_valid and meanwhile[1].is_valid
    assert [r.label for r in plan.rows] == ["Lombok Tengah · Juni 2025 · PU",
                                            "Lombok Tengah · Juni 2025 · JAKON"]
    assert [r.label for r in meanwhile[1].rows] == ["Lombok Tengah · June 2025 · PMI"]
