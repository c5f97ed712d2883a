from django.urls import path

from ucj.cycle import views

urlpatterns = [
    path("", views.province_cycle, name="cycle_province"),
    path("komitmen/", views.followthrough, name="cycle_followthrough"),
    path("kalender/", views.calendar, name="cycle_calendar"),
    path("kalender/<int:year>/<slug:stage>/<slug:kind>/", views.deadline_edit,
         name="cycle_deadline_edit"),
    path("dokumen/<int:pk>/", views.milestone_document, name="cycle_document"),
    path("<str:code>/", views.region_cycle, name="cycle_region"),
    path("<str:code>/<int:year>/<slug:stage>/<slug:kind>/", views.record_milestone,
         name="cycle_record"),
]
