from django.apps import AppConfig

from ucj.core import dataversion


class CoreConfig(AppConfig):
    name = "ucj.core"
    label = "core"

    def ready(self) -> None:
        # --- issue 18: every committed write changes the data version (cached figures)
        dataversion.connect()
        # --- end issue 18
