from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "ucj.budget"
    label = "budget"

    def ready(self):
        # registers the datasets; in ready(), not at the top: they import the models, which
        # need the app registry (no cycle behind it)
        from ucj.budget import datasets  # noqa: F401
