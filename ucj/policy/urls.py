from django.urls import path

from ucj.policy import views

urlpatterns = [
    path("", views.policy_list, name="policy_list"),
    path("<slug:key>/", views.policy_edit, name="policy_edit"),
]
