"""Run ``kb`` and small reader scripts as separate processes, as production does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

KB = Path(sys.executable).with_name("kb")
REPO = Path(__file__).resolve().parents[2]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def kb_index(guidance: Path, index_dir: Path) -> subprocess.Popen:
    """Start ``kb index --full`` on the given folders."""
    return subprocess.Popen(
        [str(KB), "index", "--full", "--guidance", str(guidance),
         "--index-dir", str(index_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment())


def python(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment())


def wait_for(condition, timeout: float, step: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
