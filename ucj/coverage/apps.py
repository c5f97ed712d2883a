from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Database mechanics (the participation summary's triggers): it imports no model.
from ucj.coverage import summary


class CoverageConfig(AppConfig):
    name = "ucj.coverage"
    label = "coverage"

    def ready(self):
        # registers the datasets; in ready(), not at the top: they import the models, which
        # need the app registry (no cycle behind it)
        from ucj.coverage import datasets  # noqa: F401

        post_migrate.connect(summary.ensure_installed, sender=self,
                             dispatch_uid="ucj-coverage-summary")
