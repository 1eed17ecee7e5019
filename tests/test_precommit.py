"""The optional pre-commit hooks run the project's own checks on changed files."""

from __future__ import annotations

import re
import shlex
import subprocess

import yaml

from kb.config import REPO_ROOT

CONFIG = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text())
HOOKS = {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}


def test_kb_check_runs_on_guidance_files_only():
    files = re.compile(HOOKS["kb-check"]["files"])
    assert files.search("guidance/practice-notes/first-duty-visit-checklist.md")
    assert files.search("guidance/style.yml")
    assert not files.search("web/pack.py") and not files.search("README.md")


def test_ruff_runs_on_python_files():
    assert HOOKS["ruff"]["types"] == ["python"]
    assert HOOKS["ruff"]["entry"].endswith("ruff check")


def test_the_kb_check_hook_passes_on_a_guidance_file():
    """The hook's command, as pre-commit would run it on one changed file."""
    command = shlex.split(HOOKS["kb-check"]["entry"])
    path = "guidance/practice-notes/first-duty-visit-checklist.md"
    result = subprocess.run([*command, path], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checked 1 document:" in result.stderr + result.stdout
