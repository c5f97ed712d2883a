"""``manage.py flush``, Django's, able to empty the append-only audit tables too.

Flush empties every table of the database; the test suite runs it between transactional tests.
The audit tables refuse to be emptied (``ucj.audit.guards``), so this command, and only this
one, lifts their guard for its own database session while it runs. It is as destructive as
Django's own command, no more: it asks for confirmation unless ``--no-input``, and a flushed
production database no longer matches its published seals (``manage.py audit_verify``).
"""

from django.core.management.commands.flush import Command as FlushCommand

from ucj.audit.guards import maintenance


class Command(FlushCommand):
    help = FlushCommand.help + " The audit log is emptied too (its guard is lifted meanwhile)."

    def handle(self, **options):
        with maintenance(options["database"]):
            return super().handle(**options)
