"""What each policy value means and which values it takes (code); the values themselves are
rows of ``PolicyValue`` (data), seeded by migration 0002 with these defaults written out
literally. ``default`` is also what a key reads when its row is missing (a database emptied
by ``flush``, as the tests' transactional cases do), as the status thresholds do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    NUMBER = "number"  # a whole number between ``minimum`` and ``maximum``
    TEXTS = "texts"  # an ordered list of texts, one per line
    CHOICE = "choice"  # the code of one row of ``model``
    CHOICES = "choices"  # codes of rows of ``model``, in the table's order


@dataclass(frozen=True)
class Key:
    key: str
    kind: Kind
    label: str | Promise
    help: str | Promise
    group: str | Promise
    default: Any
    minimum: int | None = None
    maximum: int | None = None
    unit: str | Promise = ""
    # CHOICE/CHOICES: "app_label.Model" whose ``code`` the value names. Checked through the app
    # registry by natural key (as contenttypes refer to models), so this app imports no
    # domain app and stays low in the layers.
    model: str = ""


REGISTRY = _("Beneficiary registry")
BUDGET = _("Budget need")
FORUMS = _("Coordination forums")
REPORTING = _("Reporting")

KEYS: dict[str, Key] = {k.key: k for k in (
    Key("working-age-min", Kind.NUMBER, _("Lowest working age"),
        _("A worker in a list younger than this on 1 January of the list's year is refused."),
        REGISTRY, 15, minimum=0, maximum=100, unit=_("years")),
    Key("working-age-max", Kind.NUMBER, _("Highest working age"),
        _("A worker in a list older than this on 1 January of the list's year is refused."),
        REGISTRY, 64, minimum=1, maximum=120, unit=_("years")),
    Key("category-order", Kind.TEXTS, _("Order of categories"),
        _("Eligible workers are funded by DTSEN desil, then in this order of category (one "
          "per line, first funded first), then by row."),
        REGISTRY, ["miskin ekstrem", "miskin", "rentan"]),
    Key("need-package", Kind.CHOICE, _("Package the need is priced with"),
        _("The contribution package at whose tariff the indicators price the APBD budget need."),
        BUDGET, "bpu-jkk-jkm", model="budget.ContributionPackage"),
    Key("home-due-soon-days", Kind.NUMBER, _("Figures and steps due soon"),
        _("The home page lists the figures the reporting calendar asks for and the budget-cycle "
          "steps due within this many days."),
        REPORTING, 31, minimum=1, maximum=366, unit=_("days")),
    Key("forum-due-soon-days", Kind.NUMBER, _("Action items due soon"),
        _("Forum action items not done and due within this many days are 'due soon' (menu "
          "count, My tasks, reminders, the brief)."),
        FORUMS, 14, minimum=1, maximum=365, unit=_("days")),
    Key("province-invitees", Kind.CHOICES, _("Invited agencies of the province"),
        _("The agencies of the province itself a new province meeting invites."),
        FORUMS, ["disnakertrans", "bpjs-tk"], model="forums.Agency"),
    Key("regency-invitees", Kind.CHOICES, _("Invited agencies of each regency/city"),
        _("The agencies of every regency/city a new province meeting invites."),
        FORUMS, ["disnaker", "bappeda", "bpkad"], model="forums.Agency"),
)}
