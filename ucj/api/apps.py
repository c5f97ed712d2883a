from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ucj.core import housekeeping


class ApiConfig(AppConfig):
    name = "ucj.api"
    verbose_name = _("API")

    def ready(self) -> None:
        # API Idempotency-Keys older than a day (issue 20: registered, not listed in core)
        housekeeping.register("ucj.api.writes.purge_idempotency_keys")
