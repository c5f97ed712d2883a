"""What a record service raises when the values are valid but look implausible.

The mechanics of the record services (validate, check plausibility, save, audit; the
region-scoped ``scoped_create`` …) are in ``ucj.records.services``: they need the audit log,
the scoping helper and the approval lock, which core does not import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ConfirmationRequired(Exception):
    """The values are valid but look implausible: the user must confirm the warnings."""

    def __init__(self, warnings: list[str]):
        super().__init__("; ".join(warnings))
        self.warnings = warnings


WarningsFn = Callable[[Any], list[str]]  # takes the record its service writes (any model)
