from django.apps import AppConfig

from ucj.core import housekeeping


class ImportsConfig(AppConfig):
    name = "ucj.imports"
    label = "imports"

    def ready(self) -> None:
        housekeeping.register("ucj.imports.services.purge_abandoned_files")  # (issue 20)
