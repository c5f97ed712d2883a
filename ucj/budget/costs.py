"""What covering workers costs: the one cost function of the code base.

The budget calculator (``ucj.planner.selectors``) and the indicator engine's ``budget_need``
(``ucj.indicators``) both price workers with it, so both read it from the budget app, below
them (docs/architecture.md, "Layers").
"""


def contribution_cost(*, workers: int, monthly_tariff: int, months: int) -> int:
    """workers × monthly contribution × months, in integer Rupiah."""
    return workers * monthly_tariff * months
