from django.apps import AppConfig

from ucj.core import housekeeping


class RegistryConfig(AppConfig):
    name = "ucj.registry"
    verbose_name = "Beneficiary registry"

    def ready(self) -> None:
        housekeeping.register("ucj.registry.services.purge_uploads")  # (issue 20)
