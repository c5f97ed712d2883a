from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "ucj.audit"
    label = "audit"

    def ready(self):
        # Database mechanics, not business logic: the append-only guard (ucj.audit.guards).
        from ucj.audit import guards

        connection_created.connect(guards.register_sqlite_function,
                                   dispatch_uid="ucj-audit-sqlite-function")
        post_migrate.connect(guards.ensure_installed, sender=self,
                             dispatch_uid="ucj-audit-guards")
