from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "ucj.cycle"
    verbose_name = _("Budget cycle")
