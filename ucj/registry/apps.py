from django.apps import AppConfig

from ucj.core import housekeeping
from ucj.core.backup import checks as restore_checks


class RegistryConfig(AppConfig):
    name = "ucj.registry"
    verbose_name = "Beneficiary registry"

    def ready(self) -> None:
        housekeeping.register("ucj.registry.services.purge_uploads")  # (issue 20)
        restore_checks.register("ucj.registry.restorecheck.restored_niks")  # what a restore checks
