from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "ucj.budget"
    label = "budget"

    def ready(self):
        from ucj.budget import datasets  # noqa: F401  (registers the datasets)
