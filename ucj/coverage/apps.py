from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "ucj.coverage"
    label = "coverage"

    def ready(self):
        from ucj.coverage import datasets  # noqa: F401  (registers the datasets)
