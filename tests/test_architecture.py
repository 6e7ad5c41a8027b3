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
