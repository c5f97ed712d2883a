import sys
import threading

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _warm_up() -> None:
    """Import WeasyPrint ahead of the first report (it takes seconds to load)."""
    try:
        import weasyprint  # noqa: F401
    except Exception:  # noqa: BLE001 — a missing library shows when a report is made
        pass


class ReportsConfig(AppConfig):
    name = "ucj.reports"
    verbose_name = _("Reports")

    def ready(self):
        # The background worker makes the reports: load the PDF library while it waits.
        if {"db_worker", "worker"} & set(sys.argv[1:2]):
            threading.Thread(target=_warm_up, name="weasyprint-warm-up", daemon=True).start()
