from django.utils.translation import gettext_lazy
from rest_framework.pagination import PageNumberPagination

from ucj.api.params import check_query, param

MAX_PAGE_SIZE = 500


class Pagination(PageNumberPagination):
    """?page=N&page_size=M (at most 500); 50 by default, like the lists."""

    page_size = 50
    invalid_page_message = gettext_lazy("There is no page {page_number}.")
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    declared = [
        param("page", {"type": "integer", "minimum": 1, "maximum": 10**9}, "page number"),
        param("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
              "rows per page (default 50)"),
    ]

    def paginate_queryset(self, queryset, request, view=None):
        check_query(self.declared, request.query_params)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        return self.declared
