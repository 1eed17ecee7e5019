"""Data flows one way: guidance -> kb -> indexer -> web, with the kb command on top.

Every import statement of every module is read with ``ast`` (inside functions
too, where lazy imports hide), so an upward import fails here, not in review.
Inside ``indexer/``, building and searching never import each other, both sit
on the storage codec, and only the codec names Whoosh's private internals.
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
CODEC = "indexer/codec"
# Each part of indexer/ and the parts it must never import; "indexer" alone
# stands for the shared modules at its top.
INDEXER_PARTS = {
    "indexer.codec": {"indexer.build", "indexer.search", "indexer"},
    "indexer.build": {"indexer.search"},
    "indexer.search": {"indexer.build"},
    "indexer": {"indexer.build", "indexer.search", "indexer.codec"},
}


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


def imported_modules(path: Path) -> set[str]:
    """Every module (or module attribute) an absolute import in one file names."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def part_of(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return "indexer" if len(parts) == 2 else ".".join(parts[:2])


def in_part(module: str, part: str) -> bool:
    if part == "indexer":  # a shared module: indexer.<name> with no deeper part
        return module.startswith("indexer.") and \
            f"indexer.{module.split('.')[1]}" not in INDEXER_PARTS
    return module == part or module.startswith(part + ".")


def test_the_parts_of_the_indexer_import_only_what_they_stand_on():
    crossed = sorted(f"{path.relative_to(REPO_ROOT)}: {module}"
                     for path in modules("indexer")
                     for module in imported_modules(path)
                     for part in INDEXER_PARTS[part_of(path)]
                     if in_part(module, part))
    assert not crossed, crossed


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _from_whoosh(node: ast.AST) -> bool:
    return isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh")


def _whoosh_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if _from_whoosh(node):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names
                      if a.name.split(".")[0] == "whoosh"}
    return names


def _own_attributes(cls: ast.ClassDef) -> set[str]:
    return {target.attr for node in ast.walk(cls)
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
            for target in (node.targets if isinstance(node, ast.Assign)
                           else [node.target])
            if isinstance(target, ast.Attribute)}


def private_whoosh_names(path: Path) -> list[str]:
    """Where a module that imports Whoosh names a private name: imported from
    whoosh, read from any object but ``self`` (or through ``getattr`` and
    friends), or, in a subclass of a Whoosh class, inherited through ``self``
    or overridden. A module that does not import Whoosh has none to name."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    whoosh = _whoosh_names(tree)
    if not whoosh:
        return []
    found = []
    for node in ast.walk(tree):
        if _from_whoosh(node):
            found += [f"{node.lineno}: import {a.name}" for a in node.names
                      if private(a.name)]
        elif isinstance(node, ast.Attribute) and private(node.attr) and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("getattr", "hasattr", "setattr", "delattr") and \
                len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and \
                private(str(node.args[1].value)):
            found.append(f"{node.lineno}: {node.func.id} {node.args[1].value}")
        elif isinstance(node, ast.ClassDef) and any(
                ast.unparse(base).split(".")[0] in whoosh for base in node.bases):
            own = _own_attributes(node)
            found += [f"{n.lineno}: self.{n.attr}" for n in ast.walk(node)
                      if isinstance(n, ast.Attribute) and private(n.attr)
                      and isinstance(n.value, ast.Name) and n.value.id == "self"
                      and n.attr not in own]
            found += [f"{n.lineno}: def {n.name}" for n in node.body
                      if isinstance(n, ast.FunctionDef) and private(n.name)]
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def outside_the_codec() -> list[Path]:
    return [path for package in ("indexer", "web", "kbcli", "bench")
            for path in modules(package)
            if not path.relative_to(REPO_ROOT).as_posix().startswith(CODEC + "/")]


def test_only_the_codec_names_private_whoosh_internals():
    found = {str(path.relative_to(REPO_ROOT)): names for path in outside_the_codec()
             if (names := private_whoosh_names(path))}
    assert not found, f"private Whoosh names belong in {CODEC}/: {found}"


def test_only_the_codec_reads_whoosh_codecs():
    found = sorted(f"{path.relative_to(REPO_ROOT)}: {module}"
                   for path in outside_the_codec()
                   for module in imported_modules(path)
                   if module.startswith("whoosh.codec"))
    assert not found, found


def test_the_private_name_checker_sees_every_form(tmp_path):
    module = tmp_path / "sly.py"
    module.write_text(
        "from whoosh.system import _INT_SIZE\n"
        "from whoosh.highlight import HtmlFormatter\n"
        "from whoosh.writing import SegmentWriter as Writer\n"
        "def f(m):\n    m._goto(1)\n    return getattr(m, '_perdoc', None)\n"
        "class F(HtmlFormatter):\n    def g(self):\n        self._mine = 1\n"
        "        return self._text(self._mine)\n"
        "class W(Writer):\n    def _flush_segment(self):\n        pass\n"
        "class Ours:\n    def h(self):\n        return self._own\n")
    found = private_whoosh_names(module)
    assert found == ["1: import _INT_SIZE", "5: .\u005fgoto", "6: getattr _perdoc",
                     "10: self._text", "12: def _flush_segment"], found
    plain = tmp_path / "plain.py"
    plain.write_text("def f(m):\n    return m._goto\n")
    assert private_whoosh_names(plain) == []


MAX_MODULE_LINES = 400


@pytest.mark.parametrize("package", ["kb", "indexer", "web", "kbcli", "bench"])
def test_every_module_is_under_400_lines(package):
    """A module over 400 lines is doing more than one job: split it by role."""
    long = {str(path.relative_to(REPO_ROOT)): lines for path in modules(package)
            if (lines := len(path.read_text("utf-8").splitlines())) >= MAX_MODULE_LINES}
    assert not long, long
