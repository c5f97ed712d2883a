"""The registry's results CSV written once by the background worker and served as a file
(issue 18, item 5): the same bytes as the CSV streamed from the request before, the same role
rules (whole rows only with Cap.READ_PERSONS, coarse rows otherwise, 404 outside the scope),
an audit event for each download (none for the progress page), and the progress states
queued → being prepared → ready (or failed, asked again by opening the page again).

The list is tests/test_registry.py's LIST_A with a sixth line whose name starts like a
spreadsheet formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.test_registry import (
    LIST_A,
    NAMES_A,
    PARTICIPANTS_A,
    Desk,
    csv_bytes,
    latest_run,
    nik,
    person,
)
from ucj.audit.models import AuditEvent
from ucj.core.csvexport import neutralise
from ucj.registry import exports, selectors, services
from ucj.registry.models import ExportStatus, ResultExport, RunStatus

FORMULA_NAME = "=HYPERLINK(\"http://x\")"
LIST = [*LIST_A, person(nik(4), FORMULA_NAME)]


@pytest.fixture
def desk(client, django_capture_on_commit_callbacks):
    return Desk(client, django_capture_on_commit_callbacks)


@pytest.fixture
def bpjs_lotim(ntb):
    from tests.conftest import make_user
    from ucj.accounts.models import Role

    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb["52.03"]])


@pytest.fixture
def run(desk, bpjs_lotim, op_a):
    desk.upload_participants(bpjs_lotim, PARTICIPANTS_A)
    desk.upload_list(op_a, csv_bytes(LIST))
    run = latest_run()
    assert run.status == RunStatus.DONE, run.error
    for export in ResultExport.objects.filter(run=run):  # written ahead: see the test below
        exports.delete(export)
    return run


def test_a_finished_run_has_its_two_csvs_written_ahead(client, desk, bpjs_lotim, op_a, viewer,
                                                        queued):
    desk.upload_participants(bpjs_lotim, PARTICIPANTS_A)
    desk.upload_list(op_a, csv_bytes(LIST))
    run = latest_run()
    ahead = list(ResultExport.objects.filter(run=run).order_by("personal"))
    assert [(e.personal, e.filters, e.status) for e in ahead] == [
        (False, {}, ExportStatus.QUEUED), (True, {}, ExportStatus.QUEUED)]
    assert sorted(queued) == sorted(str(e.pk) for e in ahead)
    for export in ahead:
        exports.export_execute(str(export.pk))
    client.force_login(viewer)  # the coarse file, served at once
    body = served(client.get(reverse("registry_export", args=[run.pk])))
    assert b"Budi Santoso" not in body and len(body.splitlines()) == 7
    assert len(queued) == 2  # nothing written again


@pytest.fixture
def queued(monkeypatch):
    """The worker kept away: the ids of the export tasks enqueued."""
    ids: list[str] = []

    class Recorder:
        def enqueue(self, export_id):
            ids.append(export_id)

    monkeypatch.setattr(exports, "export_task", Recorder())
    return ids


def legacy_csv(run, *, personal: bool, filters: dict) -> bytes:
    """What the request used to stream (the view's code before issue 18)."""
    rows = selectors.export_rows(run, personal=personal, **filters)
    if personal:
        header = exports.PERSONAL_HEADER
        values = ([r["row_no"], r["nik_masked"], r["name"] or "", r["birth_date"] or "",
                   r["sex"] or "", r["village_code"] or "", r["occupation"] or "",
                   r["category"] or "", r["desil"] or "", r["outcome"], " ".join(r["reasons"]),
                   " ".join(r["flags"]), r["duplicate_of"] or "", r["conflict_region"] or ""]
                  for r in rows)
    else:
        header = exports.COARSE_HEADER
        values = ([r["row_no"], r["nik_masked"], r["regency"], r["age_band"], r["outcome"],
                   " ".join(r["reasons"]), " ".join(r["flags"]), r["duplicate_of"] or "",
                   r["conflict_region"] or ""] for r in rows)
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(header)
    for row in values:
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue().encode()


def served(response) -> bytes:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


def export_events(user):
    return AuditEvent.objects.filter(actor=user, action="export", object_type="registry.matchrun")


@pytest.mark.parametrize("slice_rows", [500_000, 2])
@pytest.mark.parametrize("query", [{}, {"outcome": "eligible"}, {"village": "52.03"},
                                   {"reason": "nik_format"}])
def test_the_file_is_the_streamed_csv_byte_for_byte(client, run, admin_user, viewer, monkeypatch,
                                                    query, slice_rows):
    monkeypatch.setattr(exports, "SLICE_ROWS", slice_rows)  # 2: three slices of the six rows
    url = reverse("registry_export", args=[run.pk])
    for user, personal in ((admin_user, True), (viewer, False)):
        client.force_login(user)
        body = served(client.get(url, query))
        filters = dict.fromkeys(("outcome", "reason", "flag", "village"), "") | query
        assert body == legacy_csv(run, personal=personal, filters=filters), user
        assert body.count("\ufeff".encode()) == 1 and body.count(b"nik_masked") == 1


def test_a_name_that_looks_like_a_formula_is_neutralised(client, run, admin_user):
    client.force_login(admin_user)
    rows = list(csv.DictReader(io.StringIO(served(client.get(
        reverse("registry_export", args=[run.pk]))).decode("utf-8-sig"))))
    assert [r["name"] for r in rows][-1] == "'" + FORMULA_NAME
    assert [r["outcome"] for r in rows] == ["eligible", "eligible", "invalid", "duplicate",
                                            "already_active", "eligible"]


def test_it_shows_being_prepared_until_the_worker_has_written_it(client, run, op_a, queued):
    client.force_login(op_a)
    url = reverse("registry_export", args=[run.pk])
    page = client.get(url, {"outcome": "eligible"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    export = ResultExport.objects.get()
    assert queued == [str(export.pk)]
    assert (export.status, export.personal, export.filters) == (
        ExportStatus.QUEUED, True, {"outcome": "eligible"})
    assert page.context["export"] == export and b'id="export-progress"' in page.content
    assert b"hx-get" in page.content  # it polls
    assert not export_events(op_a).exists()  # nothing read yet
    # asking again while it is queued does not queue it twice
    client.get(url, {"outcome": "eligible"})
    assert len(queued) == 1 and ResultExport.objects.count() == 1

    ResultExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=40)
    poll = client.get(url, {"outcome": "eligible"}, headers={"HX-Request": "true"})
    assert poll.status_code == 200 and b'value="40"' in poll.content and b"hx-get" in poll.content
    assert page.context["export"].pk == export.pk

    exports.export_execute(str(export.pk))
    export.refresh_from_db()
    assert (export.status, export.progress, export.rows) == (ExportStatus.DONE, 100, 3)
    poll = client.get(url, {"outcome": "eligible"}, headers={"HX-Request": "true"})
    assert b"hx-get" not in poll.content  # stops polling
    assert f'href="{url}?outcome=eligible"'.encode() in poll.content  # the download
    assert not export_events(op_a).exists()

    rows = served(client.get(url, {"outcome": "eligible"})).decode("utf-8-sig").splitlines()
    assert len(rows) == 4 and b"Budi Santoso" in "\n".join(rows).encode()
    event = export_events(op_a).get()
    assert event.note == "outcome=eligible" and event.region == run.region
    assert "Budi" not in event.object_repr + event.note
    assert len(queued) == 1  # served from the file, not written again


def test_the_file_lies_next_to_the_runs_parquet(client, run, admin_user):
    client.force_login(admin_user)
    served(client.get(reverse("registry_export", args=[run.pk])))
    export = ResultExport.objects.get()
    path = exports.file_of(export)
    assert path.parent == services.stored_path(run.result_path).parent / "exports"
    assert path.name == f"{export.pk}.csv" and export.size == path.stat().st_size
    assert not list(path.parent.glob("*.part"))


@pytest.mark.parametrize("who", ["viewer", "bpjs_lotim"])
def test_a_reader_without_personal_data_never_gets_the_whole_rows(client, run, admin_user,
                                                                  request, who):
    url = reverse("registry_export", args=[run.pk])
    client.force_login(admin_user)
    served(client.get(url))  # the whole-rows file exists now
    user = request.getfixturevalue(who)
    client.force_login(user)
    body = served(client.get(url, {"village": "52.03.01.2001"}))  # a village: ignored
    assert body.decode("utf-8-sig").splitlines()[0] == ",".join(exports.COARSE_HEADER)
    for text in [*NAMES_A, "1990-06-15", "52.03.01", "Petani", "miskin"]:
        assert text.encode() not in body, text
    assert sorted((e.personal, e.filters) for e in ResultExport.objects.all()) == [
        (False, {}), (True, {})]
    assert export_events(user).get().note == ""


@pytest.mark.parametrize("who", ["op_b", "bpjs"])
def test_a_user_outside_the_region_gets_404_and_nothing_is_queued(client, run, request, who,
                                                                   queued):
    client.force_login(request.getfixturevalue(who))
    url = reverse("registry_export", args=[run.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert queued == [] and not ResultExport.objects.exists()


def test_anonymous_is_sent_to_login(client, run):
    client.logout()
    response = client.get(reverse("registry_export", args=[run.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not ResultExport.objects.exists()


def test_a_poll_never_queues_a_file(client, run, op_a, queued):
    client.force_login(op_a)
    response = client.get(reverse("registry_export", args=[run.pk]),
                          headers={"HX-Request": "true"})
    assert response.status_code == 404 and queued == [] and not ResultExport.objects.exists()


def test_a_failed_file_is_shown_and_written_again_when_asked(client, run, op_a, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(f"disk full near {LIST_A[0][1]}")

    monkeypatch.setattr(exports, "write_csv", broken)
    client.force_login(op_a)
    url = reverse("registry_export", args=[run.pk])
    page = client.get(url)
    export = ResultExport.objects.get()
    assert export.status == ExportStatus.FAILED and export.error == "OSError"  # no row text
    assert page["Content-Type"].startswith("text/html") and b'role="alert"' in page.content
    assert not export_events(op_a).exists()
    assert not list(exports.export_dir(run).glob("*"))  # nothing half-written left

    monkeypatch.undo()
    body = served(client.get(url))
    assert b"Budi Santoso" in body and ResultExport.objects.get().status == ExportStatus.DONE


def test_a_file_whose_copy_is_gone_is_written_again(client, run, op_a):
    client.force_login(op_a)
    url = reverse("registry_export", args=[run.pk])
    served(client.get(url))
    exports.file_of(ResultExport.objects.get()).unlink()
    assert b"Budi Santoso" in served(client.get(url))


def test_at_most_keep_per_run_files_are_kept(client, run, op_a, monkeypatch):
    monkeypatch.setattr(exports, "KEEP_PER_RUN", 2)
    client.force_login(op_a)
    url = reverse("registry_export", args=[run.pk])
    for outcome in ("eligible", "invalid", "duplicate"):
        served(client.get(url, {"outcome": outcome}))
    kept = ResultExport.objects.order_by("created_at")
    assert [e.filters["outcome"] for e in kept] == ["invalid", "duplicate"]
    assert len(list(exports.export_dir(run).glob("*.csv"))) == 2
