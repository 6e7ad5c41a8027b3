"""docs/architecture.md says which app imports which; the code must agree, both ways (a new
import is documented, a documented one that went away is struck out)."""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "motcua"
MARK = "<!-- imports: checked by tests/test_architecture.py -->"


def apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists() or p.name == "core")


def documented() -> dict[str, set[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = re.search(re.escape(MARK) + r"\s*```\n(.*?)```", text, re.DOTALL).group(1)
    table = {}
    for line in block.strip().splitlines():
        app, _sep, uses = line.partition(":")
        table[app.strip()] = set(uses.split())
    return table


def imported() -> dict[str, set[str]]:
    known = set(apps())
    found: dict[str, set[str]] = defaultdict(set)
    for app in known:
        for path in (PACKAGE / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    parts = name.split(".")
                    if parts[0] == "motcua" and len(parts) > 1 and parts[1] in known - {app}:
                        found[app].add(parts[1])
    return {app: found[app] for app in known}


def test_every_app_imports_only_what_the_architecture_says():
    table, actual = documented(), imported()
    assert set(table) == set(actual), "list every app in docs/architecture.md"
    for app in sorted(actual):
        extra, gone = actual[app] - table[app], table[app] - actual[app]
        assert not extra, f"{app} imports {sorted(extra)}: not in docs/architecture.md"
        assert not gone, f"{app} no longer imports {sorted(gone)}: strike it from the docs"


def test_nothing_below_imports_what_is_above():
    table = documented()
    for app, uses in table.items():
        assert "reports" not in uses, app  # nothing imports the reports
        assert "demo" not in uses, app
    assert table["core"] == set()


def modules() -> dict[str, Path]:
    """Every module of the project by its dotted name (migrations aside)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def test_no_module_of_the_project_imports_inside_a_function():
    """A function-local import hides a dependency (and often a circle). Only an app's
    ``ready()`` imports there, as Django wants."""
    hidden = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(), str(path))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if path.name == "apps.py" and function.name == "ready":
                continue
            for node in ast.walk(function):
                target = node.module if isinstance(node, ast.ImportFrom) else None
                if isinstance(node, ast.Import):
                    target = node.names[0].name
                if target and target.startswith("motcua"):
                    hidden.append(f"{name}:{node.lineno} imports {target}")
    assert not hidden, hidden


def test_the_modules_import_one_another_without_a_circle():
    """Module-level imports between the project's modules form no circle (two modules that need
    each other are one module, or a third holds what they share)."""
    known = modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.parse(path.read_text(), str(path)).body:
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                base = node.module if not node.level else f"{package}.{node.module}"
                # ``from package import module`` imports the module too.
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            graph[name] |= {t for t in targets if t in known and t != name}
    # A package's __init__ re-exporting its own modules is not a circle with them.
    for name in list(graph):
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    state: dict[str, int] = {}
    circle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circle.extend(
                    [*trail[trail.index(nxt) :], node, nxt] if nxt in trail else [node, nxt]
                )
                return True
            if nxt not in state and visit(nxt, [*trail, node]):
                return True
        state[node] = 2
        return False

    for start in sorted(known):
        if start not in state and visit(start, []):
            break
    assert not circle, " → ".join(circle)
