from django.urls import include, path

from ucj.accounts import views as accounts
from ucj.audit import views as audit
from ucj.budget import evidence_views
from ucj.budget import views as budget
from ucj.core import health
from ucj.imports import views as imports
from ucj.indicators import views as indicators
from ucj.planner import views as planner
from ucj.records import views as records
from ucj.regions import views as regions
from ucj.registry import views as registry
from ucj.reports import views as reports
from ucj.submissions import views as submissions

urlpatterns = [
    # --- home, approval inbox, reporting calendar, completeness (issue 19) ---
    path("", submissions.home, name="home"),
    path("pengiriman/kotak-masuk/", submissions.submission_inbox, name="submission_inbox"),
    path("pengiriman/kalender/", submissions.reporting_calendar, name="reporting_calendar"),
    path("pengiriman/kalender/<slug:dataset>/", submissions.reporting_deadline_edit,
         name="reporting_deadline_edit"),
    path("kelengkapan/", submissions.completeness, name="completeness"),
    path("kelengkapan/export.csv", submissions.completeness_export, name="completeness_export"),
    # --- end issue 19 home ---
    path("masuk/", accounts.LoginView.as_view(), name="login"),
    path("keluar/", accounts.logout_view, name="logout"),
    path("akun/password/", accounts.password_change, name="password_change"),
    path("pengguna/", accounts.user_list, name="user_list"),
    path("pengguna/baru/", accounts.user_create, name="user_create"),
    path("pengguna/<int:pk>/", accounts.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/password/", accounts.user_password, name="user_password"),
    path("wilayah/", regions.region_list, name="region_list"),
    path("wilayah/<str:code>/", regions.region_detail, name="region_detail"),
    path("wilayah/<str:code>/cakupan.csv", regions.region_history_export,
         name="region_history_export"),
    path("wilayah/<str:code>/realisasi.csv", regions.region_realization_export,
         name="region_realization_export"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("data/commitments/<int:pk>/dokumen/", budget.commitment_document,
         name="commitment_document"),
    # --- evidence of allocations (issue 17) ---
    path("data/allocations/<int:pk>/dokumen/", evidence_views.allocation_document_upload,
         name="allocation_document_upload"),
    path("data/dokumen-alokasi/<int:pk>/", evidence_views.allocation_document_download,
         name="allocation_document_download"),
    path("data/dokumen-alokasi/<int:pk>/hapus/", evidence_views.allocation_document_delete,
         name="allocation_document_delete"),
    # --- end evidence ---
    path("data/<slug:dataset>/", records.record_list, name="record_list"),
    path("data/<slug:dataset>/export.csv", records.record_export, name="record_export"),
    path("data/<slug:dataset>/baru/", records.record_create, name="record_create"),
    path("data/<slug:dataset>/<int:pk>/", records.record_detail, name="record_detail"),
    path("data/<slug:dataset>/<int:pk>/ubah/", records.record_edit, name="record_edit"),
    path("data/<slug:dataset>/<int:pk>/hapus/", records.record_delete, name="record_delete"),
    path("pengiriman/", submissions.submission_list, name="submission_list"),
    path("pengiriman/export.csv", submissions.submission_export, name="submission_export"),
    path("pengiriman/setujui/", submissions.submission_bulk_approve,
         name="submission_bulk_approve"),
    path("pengiriman/<slug:dataset>/<str:region_code>/<str:period>/",
         submissions.submission_detail, name="submission_detail"),
    path("pengiriman/<slug:dataset>/<str:region_code>/<str:period>/kirim/",
         submissions.submission_submit, name="submission_submit"),
    path("pengiriman/<slug:dataset>/<str:region_code>/<str:period>/setujui/",
         submissions.submission_approve, name="submission_approve"),
    path("pengiriman/<slug:dataset>/<str:region_code>/<str:period>/kembalikan/",
         submissions.submission_return, name="submission_return"),
    path("pengiriman/<slug:dataset>/<str:region_code>/<str:period>/buka/",
         submissions.submission_reopen, name="submission_reopen"),
    path("impor/", imports.import_start, name="import_start"),
    path("impor/templat/", imports.import_template, name="import_template"),
    path("impor/<uuid:pk>/", imports.import_detail, name="import_detail"),
    path("impor/<uuid:pk>/progres/", imports.import_progress, name="import_progress"),
    path("impor/<uuid:pk>/terapkan/", imports.import_apply, name="import_apply"),
    path("impor/<uuid:pk>/buang/", imports.import_discard, name="import_discard"),
    path("impor/<uuid:pk>/kesalahan.xlsx", imports.import_errors, name="import_errors"),
    path("dasbor/", indicators.dashboard_page, name="dashboard"),
    path("dasbor/export.csv", indicators.dashboard_export, name="dashboard_export"),
    path("dasbor/tren.csv", indicators.dashboard_trend_export, name="dashboard_trend_export"),
    path("anggaran/kalkulator/", planner.calculator, name="budget_calculator"),
    path("anggaran/provinsi/", planner.province_view, name="budget_province"),
    path("anggaran/skenario/", planner.scenario_list, name="scenario_list"),
    path("anggaran/skenario/simpan/", planner.scenario_save, name="scenario_save"),
    path("anggaran/skenario/banding/", planner.scenario_compare, name="scenario_compare"),
    path("anggaran/skenario/<int:pk>/", planner.scenario_detail, name="scenario_detail"),
    path("anggaran/skenario/<int:pk>/anggarkan/", planner.scenario_promote_view,
         name="scenario_promote"),
    path("anggaran/skenario/<int:pk>/hapus/", planner.scenario_delete_view,
         name="scenario_delete"),
    path("anggaran/skenario/<int:pk>/rka.xlsx", planner.scenario_export, name="scenario_export"),
    path("anggaran/", include("ucj.planner.rka_urls")),  # RKA/DPA rincian (issue 17)
    path("anggaran/siklus/", include("ucj.cycle.urls")),  # budget cycle (issue 17)
    path("anggaran/tarif/", budget.tariff_list, name="tariff_list"),
    path("anggaran/tarif/<slug:package_code>/baru/", budget.tariff_rate_create,
         name="tariff_rate_create"),
    path("anggaran/tarif/<slug:package_code>/diskon/baru/", budget.tariff_discount_create,
         name="tariff_discount_create"),
    path("anggaran/tarif/tarif/<int:pk>/", budget.tariff_rate_edit, name="tariff_rate_edit"),
    path("anggaran/tarif/diskon/<int:pk>/", budget.tariff_discount_edit,
         name="tariff_discount_edit"),
    path("indikator/ambang/", indicators.threshold_list, name="threshold_list"),
    path("indikator/ambang/<int:pk>/", indicators.threshold_edit, name="threshold_edit"),
    path("registri/", registry.registry_home, name="registry_home"),
    path("registri/unggah/", registry.list_upload, name="registry_list_upload"),
    path("registri/peserta-bpjs/", registry.participants_upload,
         name="registry_participants_upload"),
    path("registri/berkas/<uuid:pk>/kolom/", registry.column_mapping, name="registry_mapping"),
    path("registri/run/<uuid:pk>/", registry.run_detail, name="registry_run"),
    path("registri/run/<uuid:pk>/progres/", registry.run_progress, name="registry_progress"),
    path("registri/run/<uuid:pk>/batal/", registry.run_cancel, name="registry_cancel"),
    path("registri/run/<uuid:pk>/hasil.csv", registry.run_export, name="registry_export"),
    path("registri/run/<uuid:pk>/baris/<int:row_no>/", registry.run_row, name="registry_row"),
    path("registri/run/<uuid:pk>/danai/", registry.run_fund, name="registry_fund"),
    path("registri/pekerja/", registry.enrollment_list, name="registry_enrollments"),
    path("registri/pendaftaran/<int:allocation_id>.csv", registry.registration_file,
         name="registry_registration_file"),
    path("forum/", include("ucj.forums.urls")),
    path("rekonsiliasi/", include("ucj.reconciliation.urls")),  # reconciliation (issue 17)
    path("kebijakan/", include("ucj.policy.urls")),  # province policy as data (issue 20)
    path("laporan/", reports.report_list, name="report_list"),
    path("laporan/baru/", reports.report_create, name="report_create"),
    path("laporan/<uuid:pk>/", reports.report_detail, name="report_detail"),
    path("laporan/<uuid:pk>/unduh/", reports.report_download, name="report_download"),
    # --- national views (issue 21): /nasional/ for national viewers, /publik/nasional/ public ---
    path("nasional/", include("ucj.indicators.urls_national")),
    path("publik/nasional/", include("ucj.reports.urls_national")),
    # --- end national views ---
    path("publik/", include("ucj.reports.urls_public")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("ucj.api.urls")),  # the API (issue 18)
    # --- health and readiness (issue 18): public JSON, ok/fail per part ---
    path("sehat/", health.health, name="health"),
    path("siap/", health.ready, name="ready"),
    # --- end health ---
]
