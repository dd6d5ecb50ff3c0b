"""The shape of the code, checked by machine: rooms, no import circles, small modules,
and the services' contract (every write returns Changes, no store row leaves them)."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import typing
from pathlib import Path

import grimp
import pytest
from sqlmodel import Session

from certdesk.services.changes import Changes

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "certdesk"
ROOMS = ("services/assessment", "services/exchange", "services/hq", "services/library")
MAX_LINES = 400
ROW_MODULES = ("certdesk.store.tables", "certdesk.store.audit")
"""Where the store's rows and records are defined."""


def _strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over the module import graph, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    imported = graph.find_modules_directly_imported_by(child)
                    work.append((child, iter(sorted(imported))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_no_import_circle_anywhere() -> None:
    """Every import counts, also those made only for type checking or inside a function."""
    graph = grimp.build_graph("certdesk", include_external_packages=False)
    assert _strongly_connected(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "b", "c"):
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="a")
    graph.add_import(importer="b", imported="c")
    assert _strongly_connected(graph) == [{"a", "b"}]


def test_no_module_is_too_long() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize("room", [*ROOMS, "services", "ui/field", "ui/hq"])
def test_every_room_says_what_lives_there(room: str) -> None:
    readme = PACKAGE / room / "README.md"
    assert readme.is_file()
    assert "May use" in readme.read_text(encoding="utf-8")


_CHECKED_ONLY = {"Session": Session}
"""Names the services import for the type checker only (the ORM's session: the window's
lean path never loads it)."""


def _service_modules() -> list[str]:
    return sorted(
        "certdesk." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in (PACKAGE / "services").rglob("*.py")
        if p.name != "__init__.py"
    )


def _opens_a_write(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
        in {"changing", "changing_sql"}
        for node in ast.walk(function)
    )


def test_every_service_function_that_writes_returns_changes() -> None:
    """A function that opens a unit of work is public and says what it changed."""
    wrong: list[str] = []
    for name in _service_modules():
        module = importlib.import_module(name)
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or not _opens_a_write(node):
                continue
            returned = typing.get_type_hints(getattr(module, node.name), localns=_CHECKED_ONLY).get(
                "return"
            )
            if not (inspect.isclass(returned) and issubclass(returned, Changes)):
                wrong.append(f"{name}.{node.name} -> {returned}")
    assert wrong == []


def test_only_the_unit_of_work_commits() -> None:
    committing = [
        str(p.relative_to(ROOT))
        for p in (PACKAGE / "services").rglob("*.py")
        if ".commit()" in p.read_text(encoding="utf-8") and p.name != "context.py"
    ]
    assert committing == []


def _mentions_a_store_row(hint: object, seen: set[int]) -> bool:
    """Whether a type names a table row, itself, in its arguments or in a read model's fields."""
    if id(hint) in seen:
        return False
    seen.add(id(hint))
    if inspect.isclass(hint) and hint.__module__ in ROW_MODULES:
        return True
    if dataclasses.is_dataclass(hint) and inspect.isclass(hint):
        fields = typing.get_type_hints(hint, localns=_CHECKED_ONLY).values()
        if any(_mentions_a_store_row(f, seen) for f in fields):
            return True
    return any(_mentions_a_store_row(arg, seen) for arg in typing.get_args(hint))


def _inside_a_unit(function: object) -> bool:
    """Helpers that take an open session work inside a use case, not above the services."""
    hints = typing.get_type_hints(function, localns=_CHECKED_ONLY)
    return any(getattr(h, "__name__", "") in ("Session", "Unit") for h in hints.values())


def test_no_store_row_leaves_the_services() -> None:
    """Public functions and the read models they return carry no table rows."""
    leaking: list[str] = []
    for name in _service_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or getattr(value, "__module__", None) != name:
                continue
            if inspect.isfunction(value) and not _inside_a_unit(value):
                hint = typing.get_type_hints(value, localns=_CHECKED_ONLY).get("return")
                if _mentions_a_store_row(hint, set()):
                    leaking.append(f"{name}.{attr}")
    assert leaking == []
