from django.urls import path

from ucj.reports.views_public import public_csv, public_page

urlpatterns = [
    path("", public_page, name="public_page"),
    path("data.csv", public_csv, name="public_csv"),
]
