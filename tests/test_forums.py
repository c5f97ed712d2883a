"""Coordination forums: who may do what, status transitions, overdue computation, reminders.
(The pages have their own tests: test_forum_meetings, test_forum_actions, test_forum_brief.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ucj.audit.models import AuditEvent
from ucj.forums import selectors, services
from ucj.forums.models import ActionItem, ActionStatus, Challenge, ChallengeStatus

TODAY = dt.date(2026, 11, 30)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="bukti.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def rakor(ntb, admin_user):
    return services.meeting_create(
        actor=admin_user, title="Rakor UCJ Triwulan IV", date=dt.date(2026, 11, 10),
        level="province", region=ntb["52"], place="Kantor Gubernur NTB")


@pytest.fixture
def item_a(rakor, ntb, admin_user, agency):
    """An action item of region A (Lombok Timur), owned by its BPKAD."""
    return services.action_create(
        actor=admin_user, meeting=rakor, title="Anggarkan iuran 17.000 pekerja rentan",
        due_date=dt.date(2026, 12, 10), owner_region=ntb["52.03"], owner_agency=agency["bpkad"])


class TestMeetings:
    def test_it_creates_a_meeting_with_an_audit_event(self, rakor, admin_user):
        assert rakor.pk and rakor.created_by == admin_user
        assert AuditEvent.objects.filter(object_type="forums.meeting", action="create").count() == 1

    def test_it_refuses_operators_and_viewers(self, ntb, op_a, viewer):
        for user in (op_a, viewer):
            with pytest.raises(PermissionDenied):
                services.meeting_create(actor=user, title="x", date=TODAY, level="region",
                                        region=ntb["52.03"], place="x")

    def test_it_wants_a_place_or_a_link(self, ntb, admin_user):
        with pytest.raises(ValidationError) as exc:
            services.meeting_create(actor=admin_user, title="x", date=TODAY, level="province",
                                    region=ntb["52"])
        assert "place" in exc.value.message_dict

    def test_a_province_meeting_belongs_to_the_province(self, ntb, admin_user):
        with pytest.raises(ValidationError):
            services.meeting_create(actor=admin_user, title="x", date=TODAY, level="province",
                                    region=ntb["52.03"], place="x")

    def test_attendees_are_replaced_and_audited(self, rakor, ntb, admin_user, agency):
        services.attendees_set(actor=admin_user, meeting=rakor, attendees=[
            {"region": ntb["52.03"], "agency": agency["bpkad"], "attendance": "present"},
            {"region": ntb["52.02"], "agency": agency["bappeda"], "attendance": "absent"}])
        assert rakor.attendees.count() == 2
        with pytest.raises(ValidationError):
            services.attendees_set(actor=admin_user, meeting=rakor, attendees=[
                {"region": ntb["52.03"], "agency": agency["bpkad"]},
                {"region": ntb["52.03"], "agency": agency["bpkad"]}])
        assert rakor.attendees.count() == 2  # nothing half-written


class TestAttachments:
    def test_it_accepts_a_pdf(self, rakor, admin_user):
        attachment = services.attachment_add(actor=admin_user, meeting=rakor, upload=pdf())
        assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)

    def test_it_refuses_a_fake_pdf_and_other_types(self, rakor, admin_user):
        for upload in (pdf(content=b"MZ not a pdf"), pdf(name="minutes.docx")):
            with pytest.raises(ValidationError):
                services.attachment_add(actor=admin_user, meeting=rakor, upload=upload)
        assert not rakor.attachments.exists()

    def test_it_refuses_a_file_over_the_limit(self, rakor, admin_user, settings):
        settings.UCJ_MAX_ATTACHMENT_BYTES = 10
        with pytest.raises(ValidationError):
            services.attachment_add(actor=admin_user, meeting=rakor, upload=pdf())


class TestActionUpdates:
    def test_the_owner_region_operator_records_progress(self, item_a, op_a):
        update = services.action_update(actor=op_a, action=item_a, progress=40,
                                        comment="RKA disusun")
        item_a.refresh_from_db()
        assert (item_a.status, item_a.progress) == (ActionStatus.IN_PROGRESS, 40)
        assert update.status_before == "planned" and update.status_after == "in_progress"

    def test_another_region_operator_and_a_viewer_may_not(self, item_a, op_b, viewer):
        for user in (op_b, viewer):
            with pytest.raises(PermissionDenied):
                services.action_update(actor=user, action=item_a, progress=10)

    def test_done_needs_evidence(self, item_a, op_a):
        with pytest.raises(ValidationError) as exc:
            services.action_update(actor=op_a, action=item_a, status="done")
        assert "evidence_file" in exc.value.message_dict
        services.action_update(actor=op_a, action=item_a, status="done", evidence_file=pdf())
        item_a.refresh_from_db()
        assert item_a.status == "done" and item_a.progress == 100 and item_a.done_at

    def test_only_the_province_reopens_with_a_reason(self, item_a, op_a, admin_user):
        services.action_update(actor=op_a, action=item_a, status="done", evidence_file=pdf())
        with pytest.raises(ValidationError):
            services.action_update(actor=op_a, action=item_a, status="in_progress",
                                   comment="salah")
        with pytest.raises(ValidationError):
            services.action_update(actor=admin_user, action=item_a, status="in_progress")
        services.action_update(actor=admin_user, action=item_a, status="in_progress",
                               comment="Bukti belum ditandatangani")
        item_a.refresh_from_db()
        assert item_a.status == "in_progress" and item_a.done_at is None

    def test_blocking_needs_a_reason_and_transitions_are_checked(self, item_a, op_a):
        with pytest.raises(ValidationError):
            services.action_update(actor=op_a, action=item_a, status="blocked")
        services.action_update(actor=op_a, action=item_a, status="blocked",
                               comment="Efisiensi anggaran")
        item_a.refresh_from_db()
        assert item_a.status == "blocked"
        with pytest.raises(ValidationError):  # blocked → done is not a transition
            services.action_update(actor=op_a, action=item_a, status="done",
                                   evidence_file=pdf())

    def test_an_empty_update_is_refused(self, item_a, op_a):
        with pytest.raises(ValidationError):
            services.action_update(actor=op_a, action=item_a)


class TestOverdueAndReminders:
    def test_overdue_is_past_due_and_not_done(self, item_a, op_a):
        assert not item_a.is_overdue(dt.date(2026, 12, 10))
        assert item_a.is_overdue(dt.date(2026, 12, 11))
        qs = ActionItem.objects.all()
        assert qs.filter(selectors.overdue_q(dt.date(2026, 12, 11))).count() == 1
        services.action_update(actor=op_a, action=item_a, status="done", evidence_file=pdf())
        assert qs.filter(selectors.overdue_q(dt.date(2026, 12, 11))).count() == 0

    def test_reminders_list_own_items_due_within_14_days(self, item_a, op_a, op_b, viewer):
        mine = selectors.reminders(op_a, today=TODAY)  # due 10 Dec: in 10 days
        assert [a.pk for a in mine.due_soon] == [item_a.pk] and not mine.overdue
        assert selectors.reminders(op_a, today=dt.date(2026, 11, 20)).count == 0  # 20 days
        late = selectors.reminders(op_a, today=dt.date(2026, 12, 20))
        assert [a.pk for a in late.overdue] == [item_a.pk]
        assert selectors.reminders(op_b, today=TODAY).count == 0
        assert selectors.reminders(viewer, today=TODAY).count == 0


class TestChallenges:
    def test_resolving_sets_the_date_and_reopening_clears_it(self, rakor, ntb, admin_user):
        challenge = services.challenge_create(
            actor=admin_user, meeting=rakor, region=ntb["52.03"], category="budget",
            title="Efisiensi APBD 2026", indicators=["coverage", "budget_need"])
        services.challenge_update(actor=admin_user, challenge=challenge,
                                  status=ChallengeStatus.RESOLVED)
        assert Challenge.objects.get().resolved_at is not None
        services.challenge_update(actor=admin_user, challenge=challenge, status="open")
        assert Challenge.objects.get().resolved_at is None

    def test_it_refuses_unknown_indicators(self, rakor, ntb, admin_user):
        with pytest.raises(ValidationError):
            services.challenge_create(actor=admin_user, meeting=rakor, region=ntb["52.03"],
                                      category="data", title="x", indicators=["nonsense"])


class TestVisibility:
    def test_a_province_meeting_is_read_by_every_regency(self, rakor, op_a, op_b, bpjs):
        for user in (op_a, op_b, bpjs):
            assert list(selectors.meetings(user)) == [rakor]

    def test_a_regency_meeting_is_read_by_that_regency_and_the_province(
            self, ntb, admin_user, viewer, op_a, op_b):
        meeting = services.meeting_create(actor=admin_user, title="Rapat Lotim", date=TODAY,
                                          level="region", region=ntb["52.03"], place="Selong")
        assert meeting in selectors.meetings(op_a)
        assert meeting in selectors.meetings(viewer)
        assert meeting not in selectors.meetings(op_b)


class TestBpjsAndEvidence:
    def test_the_bpjs_operator_updates_only_bpjs_items_of_its_regions(
            self, rakor, ntb, admin_user, bpjs, agency):
        own = services.action_create(actor=admin_user, meeting=rakor, title="Jemput bola",
                                      due_date=TODAY, owner_region=ntb["52.71"],
                                      owner_agency=agency["bpjs-tk"])
        disnaker = services.action_create(actor=admin_user, meeting=rakor, title="Sosialisasi",
                                          due_date=TODAY, owner_region=ntb["52.71"],
                                          owner_agency=agency["disnaker"])
        elsewhere = services.action_create(actor=admin_user, meeting=rakor, title="Lotim",
                                           due_date=TODAY, owner_region=ntb["52.03"],
                                           owner_agency=agency["bpjs-tk"])
        services.action_update(actor=bpjs, action=own, progress=30)
        for item in (disnaker, elsewhere):
            with pytest.raises(PermissionDenied):
                services.action_update(actor=bpjs, action=item, progress=30)
        assert list(selectors.updatable_actions(bpjs)) == [own]

    def test_evidence_must_be_a_record_of_the_owner_region(self, item_a, records, ntb, op_a,
                                                           admin_user, package):
        from ucj.budget import services as budget

        other = budget.allocation_create(
            actor=admin_user, region=ntb["52.02"], fiscal_year=2025, stage="murni",
            funding_source="apbd_kabkota", amount=16_800_000, workers_planned=1_000,
            start_month=1, months_covered=1, package=package)
        with pytest.raises(ValidationError):  # op_a cannot read it
            services.action_update(actor=op_a, action=item_a, allocation=other)
        with pytest.raises(ValidationError):  # the admin can, but it is not region A's
            services.action_update(actor=admin_user, action=item_a, allocation=other)
        update = services.action_update(actor=op_a, action=item_a, status="done",
                                        allocation=records["allocations"])
        assert update.linked_record == records["allocations"]
