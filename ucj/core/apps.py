from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ucj.core"
    label = "core"

    def ready(self) -> None:
        # --- issue 18: every committed write changes the data version (cached figures)
        from ucj.core import dataversion

        dataversion.connect()
        # --- end issue 18
