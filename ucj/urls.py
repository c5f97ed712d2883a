from django.urls import include, path

from ucj.accounts import views as accounts
from ucj.audit import views as audit
from ucj.budget import views as budget
from ucj.core import views as records
from ucj.imports import views as imports
from ucj.indicators import views as indicators
from ucj.monitoring import views as monitoring
from ucj.planner import views as planner
from ucj.regions import views as regions
from ucj.submissions import views as submissions

urlpatterns = [
    path("", monitoring.home, name="home"),
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
    path("impor/<uuid:pk>/terapkan/", imports.import_apply, name="import_apply"),
    path("impor/<uuid:pk>/buang/", imports.import_discard, name="import_discard"),
    path("impor/<uuid:pk>/kesalahan.xlsx", imports.import_errors, name="import_errors"),
    path("dasbor/", indicators.dashboard_page, name="dashboard"),
    path("dasbor/export.csv", indicators.dashboard_export, name="dashboard_export"),
    path("dasbor/tren.csv", indicators.dashboard_trend_export, name="dashboard_trend_export"),
    path("anggaran/kalkulator/", planner.calculator, name="budget_calculator"),
    path("indikator/ambang/", indicators.threshold_list, name="threshold_list"),
    path("indikator/ambang/<int:pk>/", indicators.threshold_edit, name="threshold_edit"),
    path("i18n/", include("django.conf.urls.i18n")),
]
