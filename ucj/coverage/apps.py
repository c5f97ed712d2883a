from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "ucj.coverage"
    label = "coverage"

    def ready(self):
        # registers the datasets; in ready(), not at the top: they import the models, which
        # need the app registry (no cycle behind it)
        from ucj.coverage import datasets  # noqa: F401
