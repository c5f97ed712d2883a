"""The national pages (issue 21), under ``/nasional/``: for the national viewers only."""

from django.urls import path

from ucj.indicators.views_national import (
    national_dashboard,
    national_export,
    national_regency_map,
)
from ucj.reports.views_national import national_report

urlpatterns = [
    path("", national_dashboard, name="national_dashboard"),
    path("export.csv", national_export, name="national_export"),
    path("peta-kabupaten/", national_regency_map, name="national_regency_map"),
    path("laporan.pdf", national_report, name="national_report"),
]
