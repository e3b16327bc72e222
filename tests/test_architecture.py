"""The house keeps its shape: no import circles, few flat modules, data flowing one way
(load -> facts -> rules -> check -> reporters; checklist -> render), as ARCHITECTURE.md says."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    return modules


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of the module but those under `if TYPE_CHECKING:`, which never run."""
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
               for child in node.body for n in ast.walk(child)}
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def _imports() -> dict[str, set[str]]:
    """Every vaplan module each module imports when it runs, at the top or inside a function
    (imports for type checking only are left out: they never run)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round about (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return circles


def test_no_module_imports_itself_round_about() -> None:
    assert _circles(_imports()) == []


def test_at_most_a_dozen_modules_sit_flat() -> None:
    flat = [p.name for p in (SRC / "vaplan").glob("*.py")]
    assert len(flat) <= 12, sorted(flat)


def test_the_data_flows_one_way() -> None:
    """A stage never imports a later one: the check knows nothing of the checklist, the rules
    nothing of reporters or documents, loading nothing of rules or facts."""
    later = {
        "vaplan.load": ("vaplan.facts", "vaplan.rules", "vaplan.check", "vaplan.checklist",
                        "vaplan.render", "vaplan.export", "vaplan.reporters", "vaplan.cli"),
        "vaplan.facts": ("vaplan.rules", "vaplan.check", "vaplan.checklist", "vaplan.render",
                         "vaplan.export", "vaplan.reporters", "vaplan.cli"),
        "vaplan.rules": ("vaplan.check", "vaplan.checklist", "vaplan.render", "vaplan.export",
                         "vaplan.reporters", "vaplan.cli"),
        "vaplan.check": ("vaplan.checklist", "vaplan.render", "vaplan.export", "vaplan.cli"),
        "vaplan.reporters": ("vaplan.checklist", "vaplan.render", "vaplan.export", "vaplan.cli"),
        "vaplan.checklist": ("vaplan.render", "vaplan.export", "vaplan.cli"),
        "vaplan.render": ("vaplan.export", "vaplan.edit", "vaplan.cli"),
        "vaplan.export": ("vaplan.cli",),
        "vaplan.edit": ("vaplan.cli",),
    }
    wrong = [(module, target) for module, targets in _imports().items() for target in targets
             for stage, banned in later.items()
             if _in(module, (stage,)) and _in(target, banned)]
    assert wrong == []


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in packages)


#: Every stage: a shared module (one that sits flat in vaplan/) imports none of them.
STAGES = ("vaplan.load", "vaplan.facts", "vaplan.rules", "vaplan.check", "vaplan.checklist",
          "vaplan.render", "vaplan.export", "vaplan.reporters", "vaplan.edit", "vaplan.cli")


def test_shared_modules_import_no_stage() -> None:
    """findings, models, text, vocabulary, catalogue, public...: shared by every stage, so they
    reach into none (the entry point `python -m vaplan` aside)."""
    flat = {f"vaplan.{p.stem}" for p in (SRC / "vaplan").glob("*.py")} - {"vaplan.__main__",
                                                                         "vaplan.__init__"}
    wrong = [(module, target) for module, targets in _imports().items() if module in flat
             for target in targets if _in(target, STAGES)]
    assert wrong == []


def _sizes() -> list[tuple[str, str, int, int]]:
    """(module, name, lines, limit) of each class and function of src/ over its limit."""
    over = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                limit = 200 if isinstance(node, ast.ClassDef) else 80
                if lines > limit:
                    over.append((name, node.name, lines, limit))
    return over


def test_no_class_over_200_lines_and_no_function_over_80() -> None:
    """A room a newcomer can read: a class that grows past 200 lines, or a function past 80,
    is doing two jobs and is split."""
    assert _sizes() == []
