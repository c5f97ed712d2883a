"""/api/: the schema, its docs, the read endpoints of v1 (included from ucj/urls.py)."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils import translation

from ucj.api import docs, pages
from ucj.api import views as v
from ucj.api.errors import not_found_message
from ucj.core.datasets import all_datasets

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="api_schema"),  # in English
    path("docs/", docs.SwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("token/", pages.token_list, name="api_tokens"),
    path("token/<int:pk>/cabut/", pages.token_revoke_view, name="api_token_revoke"),
    path("v1/regions/", v.RegionList.as_view(), name="api_regions"),
    path("v1/regions/<str:code>/", v.RegionDetail.as_view(), name="api_region"),
    path("v1/regions/<str:code>/indicators/", v.RegionIndicators.as_view(),
         name="api_region_indicators"),
    path("v1/submissions/", v.SubmissionList.as_view(), name="api_submissions"),
    path("v1/actions/", v.ActionItemList.as_view(), name="api_actions"),
    path("v1/actions/<str:pk>/", v.ActionItemDetail.as_view(), name="api_action"),
]

for _ds in all_datasets():
    with translation.override("en"):  # the schema is in English
        _list, _detail = v.dataset_views(_ds.slug, str(_ds.label))
    urlpatterns += [
        path(f"v1/{_ds.slug}/", _list.as_view(), name=f"api_{_ds.slug}"),
        path(f"v1/{_ds.slug}/<str:pk>/", _detail.as_view(), name=f"api_{_ds.slug}_detail"),
    ]

# --- BPJS exchange (issue 18): participant files pushed, registration files pulled ---
from ucj.api import exchange  # noqa: E402

urlpatterns += [
    path("v1/registry/participants/", exchange.ParticipantFiles.as_view(),
         name="api_registry_participants"),
    path("v1/registry/participants/<str:pk>/", exchange.ParticipantFileDetail.as_view(),
         name="api_registry_participant"),
    path("v1/registry/registration/<str:allocation_id>/", exchange.RegistrationFile.as_view(),
         name="api_registry_registration"),
]
# --- end BPJS exchange ---


def not_found(request, rest=""):
    """Any other address under /api/ answers a JSON 404 (the API's error form), not a page."""
    return JsonResponse({"detail": not_found_message(), "code": "not_found"}, status=404)


# --- a commitment's signed document (issue 18) ---
from ucj.api import documents  # noqa: E402

urlpatterns += [
    path("v1/commitments/<str:pk>/document/", documents.CommitmentDocument.as_view(),
         name="api_commitment_document"),
]
# --- end a commitment's signed document ---

# --- bulk imports (issue 18): the spreadsheet import pipeline, stage → preview → apply ---
from ucj.api import imports as bulk  # noqa: E402

urlpatterns += [
    path("v1/imports/", bulk.ImportList.as_view(), name="api_imports"),
    path("v1/imports/<str:pk>/", bulk.ImportDetail.as_view(), name="api_import"),
    path("v1/imports/<str:pk>/apply/", bulk.ImportApply.as_view(), name="api_import_apply"),
]
# --- end bulk imports ---

urlpatterns.append(re_path(r"^(?P<rest>.*)$", not_found))
