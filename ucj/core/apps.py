from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ucj.core"
    label = "core"
