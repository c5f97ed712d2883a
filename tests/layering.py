"""An import-linter contract of our own: no import cycle between modules (issue 20).

import-linter's ``layers`` contract (pyproject.toml, ``[tool.importlinter]``) orders the
packages; it cannot see a cycle between two modules of packages in the same layer (the domain
apps), nor one inside an app. This contract can: it fails when any module of the root
package reaches itself again through the imports of the graph — imports inside functions
included, since grimp reads them too — and names each cycle, import by import.
Registered as ``acyclic_modules`` through ``contract_types``; ``lint-imports`` (make lint)
runs it with the others.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter.application import contract_utils, output
from importlinter.application.contract_utils import AlertLevel
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def strongly_connected(graph: ImportGraph) -> list[list[str]]:
    """The groups of two or more modules that import each other, directly or not (Tarjan's
    algorithm without recursion: the graph has a thousand modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(groups)


def cycle_through(graph: ImportGraph, group: list[str]) -> list[str]:
    """The shortest cycle through the group's first module, as the modules in import order
    (a breadth-first search inside the group: every module on a way back belongs to it)."""
    members, start = set(group), group[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for here in frontier:
            for step in sorted(graph.find_modules_directly_imported_by(here) & members):
                if step == start:
                    path = [here]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if step not in came_from:
                    came_from[step] = here
                    following.append(step)
        frontier = following
    return [start]


class AcyclicModulesContract(Contract):
    """No module imports itself again through other modules.

    Options: ``ignore_imports`` (import expressions left out, each with its reason in
    pyproject.toml) and ``unmatched_ignore_imports_alerting`` (as import-linter's own)."""

    type_name = "acyclic_modules"

    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        cycles = []
        for group in strongly_connected(graph):
            modules = cycle_through(graph, group)
            steps = []
            for importer, imported in zip(modules, modules[1:], strict=False):
                lines = sorted(d["line_number"] for d in
                               graph.get_import_details(importer=importer, imported=imported))
                steps.append((importer, imported, lines))
            cycles.append({"group": group, "steps": steps})
        return ContractCheck(kept=not cycles, warnings=list(removal.warnings),
                             metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(f"Import cycle among {len(cycle['group'])} modules: "
                               + ", ".join(cycle["group"]))
            for importer, imported, lines in cycle["steps"]:
                where = ", ".join(str(n) for n in lines) or "?"
                output.indent_cursor()
                output.print(f"{importer} -> {imported} (l. {where})")
            output.new_line()
