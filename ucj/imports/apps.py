from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ucj.imports"
    label = "imports"
