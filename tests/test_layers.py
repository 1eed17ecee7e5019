"""Data flows one way: guidance -> kb -> indexer -> web, with the kb command on top.

Every import statement of every module is read with ``ast`` (inside functions
too, where lazy imports hide), so an upward import fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kb.config import REPO_ROOT

# Each package and the packages it must never import.
FORBIDDEN = {
    "kb": {"indexer", "web", "kbcli"},
    "indexer": {"web", "kbcli"},
    "web": {"kbcli"},
}
WHOOSH_OWNER = "indexer"


def imported_packages(path: Path) -> set[str]:
    """The top-level names of every absolute import in one file."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((REPO_ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_above_it(package):
    upward = {f"{path.relative_to(REPO_ROOT)}: {name}"
              for path in modules(package)
              for name in imported_packages(path) & FORBIDDEN[package]}
    assert not upward, sorted(upward)


@pytest.mark.parametrize("package", ["kb", "web", "kbcli"])
def test_only_the_indexer_imports_whoosh(package):
    found = [str(p.relative_to(REPO_ROOT)) for p in modules(package)
             if "whoosh" in imported_packages(p)]
    assert not found, f"whoosh belongs in {WHOOSH_OWNER}/: {found}"


def test_the_checker_sees_lazy_imports(tmp_path):
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from indexer.build.builder import build_index\n"
                      "    import web.api\n")
    assert imported_packages(module) == {"indexer", "web"}


def test_the_command_line_is_its_own_package():
    assert modules("kbcli") and not (REPO_ROOT / "kb" / "cli.py").exists()
