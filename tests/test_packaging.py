"""Every package that src/helpers imports is declared in pyproject.toml; la-report needs no book extra."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "helpers"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imports(paths) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("helpers", "__future__")}


def _distributions(modules: set[str]) -> set[str]:
    owners = packages_distributions()
    return {owners[m][0].lower().replace("_", "-") for m in modules if m in owners}


def _declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_name(r) for r in project["dependencies"]}
    extras = {_name(r) for reqs in project["optional-dependencies"].values() for r in reqs}
    return core, extras


def test_every_imported_package_is_declared():
    core, extras = _declared()
    missing = _distributions(_imports(SRC.rglob("*.py"))) - core - extras
    assert not missing, f"imported by src/helpers but not declared in pyproject.toml: {sorted(missing)}"


def test_la_report_needs_only_the_core_dependencies():
    core, _ = _declared()
    layers = [SRC / "data", SRC / "analysis", SRC / "charts", SRC / "page", SRC / "la"]
    needed = _distributions(_imports(p for layer in layers for p in layer.rglob("*.py")))
    assert needed <= core, f"la-report's layers import packages outside the core: {sorted(needed - core)}"
