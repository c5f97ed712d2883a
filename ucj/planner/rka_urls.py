"""SIPD-ready outputs (issue 17, item 5), under /anggaran/."""

from django.urls import path

from ucj.planner import rka_views

urlpatterns = [
    path("kode/", rka_views.coding_list, name="budget_coding_list"),
    path("kode/<str:code>/<int:year>/", rka_views.coding_edit, name="budget_coding"),
    path("kode/<str:code>/<int:year>/simpan/", rka_views.coding_save,
         name="budget_coding_save"),
    path("alokasi/<int:pk>/dpa.xlsx", rka_views.allocation_dpa, name="allocation_dpa"),
]
