"""Coordination forums, under /forum/."""

from django.urls import path

from ucj.forums.views import actions, brief, meetings

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("rapat/baru/", meetings.meeting_create, name="meeting_create"),
    path("rapat/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("rapat/<int:pk>/ubah/", meetings.meeting_edit, name="meeting_edit"),
    path("rapat/<int:pk>/peserta/", meetings.meeting_attendees, name="meeting_attendees"),
    path("rapat/<int:pk>/lampiran/", meetings.attachment_upload, name="attachment_upload"),
    path("lampiran/<int:pk>/", meetings.attachment_download, name="attachment_download"),
    path("lampiran/<int:pk>/hapus/", meetings.attachment_delete, name="attachment_delete"),
    path("rapat/<int:pk>/bahan/", brief.meeting_brief, name="meeting_brief"),
    path("rapat/<int:pk>/bahan.pdf", brief.meeting_brief_pdf, name="meeting_brief_pdf"),
    path("rapat/<int:pk>/bahan/pdf/", brief.meeting_brief_pdf_order,  # issue 19: queued PDF
         name="meeting_brief_pdf_order"),
    path("tantangan/", meetings.challenge_list, name="challenge_list"),
    path("tantangan/baru/", meetings.challenge_create, name="challenge_create"),
    path("tantangan/<int:pk>/ubah/", meetings.challenge_edit, name="challenge_edit"),
    path("langkah/", actions.action_list, name="action_list"),
    path("langkah/baru/", actions.action_create, name="action_create"),
    path("langkah/<int:pk>/", actions.action_detail, name="action_detail"),
    path("langkah/<int:pk>/ubah/", actions.action_edit, name="action_edit"),
    path("langkah/<int:pk>/perbarui/", actions.action_update_view, name="action_update"),
    path("bukti/<int:pk>/", actions.evidence_download, name="evidence_download"),
    path("tugas/", actions.reminder_list, name="reminder_list"),
    path("tugas/email/", actions.reminder_email_toggle, name="reminder_email_toggle"),
]
