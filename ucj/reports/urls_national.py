"""The national public page (issue 21), under ``/publik/nasional/``: no login, aggregates."""

from django.urls import path

from ucj.reports.views_national import public_national_csv, public_national_page

urlpatterns = [
    path("", public_national_page, name="public_national"),
    path("data.csv", public_national_csv, name="public_national_csv"),
]
