from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "ucj.forums"
    verbose_name = _("Coordination forums")
