from django.urls import include, path

from ucj.accounts import views as accounts
from ucj.audit import views as audit
from ucj.budget import views as budget
from ucj.core import views as records
from ucj.monitoring import views as monitoring
from ucj.regions import views as regions

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
    path("i18n/", include("django.conf.urls.i18n")),
]
