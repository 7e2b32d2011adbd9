"""The code keeps the shape ARCHITECTURE.md promises: short modules, short functions, no import circles.

Read from the source with ``ast`` (nothing is imported), over the project's own packages
``inspection``, ``cases``, ``criteria`` and ``reports``, migrations left out:

- A module has at most 400 lines.
- A function or method has at most 60 lines, counted from its ``def`` line to its last line: the
  docstring, comments and blank lines inside it count (the strict count; decorators do not).
- No module imports itself through a chain of imports. Every import counts, those inside functions
  too (an import moved into a function hides a circle, it does not break it); only imports under
  ``if TYPE_CHECKING:`` are left out, as they never run. ``import a.b`` and ``from a.b import c``
  are an edge to ``a.b.c`` when that is a module, else to ``a.b``; relative imports are resolved.
  The parent packages Python imports on the way (``a`` for ``import a.b``) are not edges: a
  package's ``__init__`` that re-exports its modules would otherwise close a circle with each of
  them.
"""

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("inspection", "cases", "criteria", "reports")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


@cache
def modules() -> dict[str, Path]:
    """Every project module by dotted name (a package by its own name), migrations left out."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" not in parts:
                found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"))


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_in(node: ast.AST):
    """Every import statement under ``node``, at any depth, except under ``if TYPE_CHECKING:``."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
        return
    if isinstance(node, ast.If) and is_type_checking(node.test):
        children = node.orelse
    else:
        children = list(ast.iter_child_nodes(node))
    for child in children:
        yield from imports_in(child)


def edges(name: str, source: ast.Module, *, is_package: bool, known) -> set[str]:
    """The modules among ``known`` that module ``name`` imports (see the module docstring)."""
    package = name if is_package else name.rpartition(".")[0]
    targets = set()
    for node in imports_in(source):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {target for target in targets if target in known and target != name}


@cache
def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: edges(name, tree(name), is_package=path.name == "__init__.py", known=known)
        for name, path in known.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle as a chain of names (first and last the same) for each group of modules that
    import one another (each strongly connected component, found by Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for target in sorted(graph.get(name, ())):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = {stack.pop()}
            while name not in group:
                group.add(stack.pop())
            if len(group) > 1:
                groups.append(group)

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return [chain_within(group, graph) for group in groups]


def chain_within(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """The shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        name = queue.pop(0)
        for target in sorted(graph[name] & group):
            if target == start:
                return [*paths[name], start]
            if target not in paths:
                paths[target] = [*paths[name], target]
                queue.append(target)
    raise AssertionError(f"no circle in {group}")  # a strongly connected group always has one


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_project_modules_are_read_and_migrations_are_not():
    names = modules()
    assert {"inspection.settings", "cases.roles", "criteria.loader", "reports.scoring.rounding"} <= names.keys()
    assert "reports.scoring" in names  # a package by its own name
    assert not [name for name in names if "migrations" in name]


def test_no_module_is_longer_than_400_lines():
    long = {name: line_count(path) for name, path in modules().items() if line_count(path) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_is_longer_than_60_lines_docstring_included():
    long = [
        f"{name}.{node.name} ({node.end_lineno - node.lineno + 1} lines, from line {node.lineno})"
        for name in modules()
        for node in ast.walk(tree(name))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_no_module_imports_itself_through_a_chain_of_imports():
    found = circles(import_graph())
    assert not found, "import circles:\n" + "\n".join(" → ".join(chain) for chain in found)


KNOWN = {"reports", "reports.models", "reports.scoring", "reports.scoring.rounding", "reports.views"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from reports.scoring import rounding", {"reports.scoring.rounding"}),
        ("from reports.scoring import half_up", {"reports.scoring"}),
        ("import reports.scoring.rounding", {"reports.scoring.rounding"}),
        ("from ..scoring import rounding", {"reports.scoring.rounding"}),
        ("from .. import models", {"reports.models"}),
        ("from ..models import ReportVersion", {"reports.models"}),
        ("def f():\n    from ..models import ReportVersion", {"reports.models"}),
        ("class A:\n    def f(self):\n        import reports.models", {"reports.models"}),
        ("if TYPE_CHECKING:\n    from ..models import ReportVersion", set()),
        ("if typing.TYPE_CHECKING:\n    pass\nelse:\n    from ..models import ReportVersion", {"reports.models"}),
        ("from django.db import models", set()),
    ],
)
def test_an_import_anywhere_but_under_type_checking_is_an_edge_to_the_module_it_names(source, expected):
    assert edges("reports.views.scores", ast.parse(source), is_package=False, known=KNOWN) == expected


def test_a_packages_relative_import_is_read_from_the_package_itself():
    source = ast.parse("from .rounding import half_up\nfrom . import rounding")
    assert edges("reports.scoring", source, is_package=True, known=KNOWN) == {"reports.scoring.rounding"}


def test_a_circle_is_reported_as_the_chain_of_modules_that_closes_it():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"}}
    assert sorted(circles(graph)) == [["a", "b", "c", "a"], ["e", "f", "e"]]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
