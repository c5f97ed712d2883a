"""Spreadsheets as offices make them (tests/fixtures/read_exactly) are read exactly: every
stored value is the one the user meant, and what the file says besides its values (a hidden
row, a region name that is not the code's) is a warning the user must confirm first."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.fixtures.read_exactly.make_corpus import CASES, HERE, Case, build, readme
from tests.import_helpers import apply, snapshot, upload
from ucj.core.datasets import get_dataset
from ucj.imports.models import ImportStatus
from ucj.regions.models import Level, Region


def test_the_corpus_is_what_the_generator_makes():
    assert len(CASES) >= 10
    assert len({case.writer for case in CASES if case.file.endswith(".xlsx")}) >= 3
    for name, data in build().items():
        assert (HERE / name).read_bytes() == data, f"{name}: run make_corpus.py again"
    assert (HERE / "README.md").read_text(encoding="utf-8") == readme()


OTHER_REGENCIES = [("52.04", "Kabupaten Sumbawa"), ("52.05", "Kabupaten Dompu"),
                   ("52.06", "Kabupaten Bima"), ("52.07", "Kabupaten Sumbawa Barat"),
                   ("52.08", "Kabupaten Lombok Utara"), ("52.72", "Kota Bima")]


@pytest.fixture
def world(records, ntb, admin_user, op_a, op_b, bpjs):
    """The records of tests/conftest.py, and NTB's other six regencies and cities."""
    for code, name in OTHER_REGENCIES:
        Region.objects.create(code=code, name=name, level=Level.REGENCY, parent=ntb["52"])
    return {"admin_user": admin_user, "op_a": op_a, "op_b": op_b, "bpjs": bpjs}


def stored_record(case: Case, stored):
    model = get_dataset(case.dataset).model
    if case.dataset == "realizations":
        return model.objects.get(allocation__region__code=stored.region, **stored.key)
    return model.objects.get(region__code=stored.region, **stored.key)


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_the_file_is_read_exactly(client, world, case):
    client.force_login(world[case.user])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    before = snapshot()
    response, job = upload(client, case.dataset, case.file, (HERE / case.file).read_bytes())
    assert response.status_code == 200 and job is not None
    assert job.status == ImportStatus.STAGED, job.report.get("errors")
    shown = {(w["row"], text) for w in job.report["warnings"] for text in w["warnings"]}
    for row, fragment in case.warnings:
        assert any(r == row and fragment in text for r, text in shown), (row, fragment, shown)
    if case.warnings:
        apply(client, job)  # without the confirmation: nothing is written
        job.refresh_from_db()
        assert job.status == ImportStatus.STAGED and snapshot() == before
    apply(client, job, confirm=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    for stored in case.stored:
        record = stored_record(case, stored)
        for name, value in stored.values.items():
            assert getattr(record, name) == value, (stored.region, name)


def test_only_the_rows_named_are_warned(client, world):
    """The warnings name the row and say why; no other row is warned."""
    for case in CASES:
        if not case.warnings:
            continue
        client.force_login(world[case.user])
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        _response, job = upload(client, case.dataset, case.file, (HERE / case.file).read_bytes())
        rows = {w["row"] for w in job.report["warnings"]}
        assert rows == {row for row, _ in case.warnings}, case.file
