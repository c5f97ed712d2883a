from django.urls import path

from ucj.reconciliation import views

urlpatterns = [
    path("", views.reconciliation_page, name="reconciliation"),
    path("export.csv", views.reconciliation_export, name="reconciliation_export"),
    path("akan-berhenti/", views.lapsing_page, name="reconciliation_lapsing"),
    path("akan-berhenti/export.csv", views.lapsing_export, name="reconciliation_lapsing_export"),
]
