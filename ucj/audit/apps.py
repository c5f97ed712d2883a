from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

# Database mechanics, not business logic: the append-only guard. It imports no model, so it
# can be imported before the apps are ready.
from ucj.audit import guards
from ucj.core import housekeeping
from ucj.core.backup import checks as restore_checks


class AuditConfig(AppConfig):
    name = "ucj.audit"
    label = "audit"

    def ready(self):
        connection_created.connect(guards.register_sqlite_function,
                                   dispatch_uid="ucj-audit-sqlite-function")
        post_migrate.connect(guards.ensure_installed, sender=self,
                             dispatch_uid="ucj-audit-guards")
        housekeeping.register("ucj.audit.seals.seal_complete_days")  # housekeeping (issue 20)
        restore_checks.register("ucj.audit.restorecheck.restored_seals")  # what a restore checks
