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


def _imports(paths, lazy: bool | None = None) -> set[str]:
    """Packages imported by ``paths``; ``lazy`` True: only inside functions, False: only outside."""
    found = set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {
            id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) for n in ast.walk(f)
        }
        for node in ast.walk(tree):
            if lazy is not None and (id(node) in inner) != lazy:
                continue
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


LA_LAYERS = [SRC / "data", SRC / "analysis", SRC / "charts", SRC / "page", SRC / "la"]


def test_la_report_needs_only_the_core_dependencies():
    core, _ = _declared()
    needed = _distributions(_imports((p for layer in LA_LAYERS for p in layer.rglob("*.py")), lazy=False))
    assert needed <= core, f"la-report's layers import packages outside the core: {sorted(needed - core)}"


def test_what_la_report_imports_only_when_asked_is_in_the_core_or_the_la_pdf_extra():
    core, _ = _declared()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pdf = {_name(r) for r in project["optional-dependencies"]["la-pdf"]}
    needed = _distributions(_imports((p for layer in LA_LAYERS for p in layer.rglob("*.py")), lazy=True))
    assert "playwright" in needed and needed <= core | pdf, sorted(needed - core - pdf)
