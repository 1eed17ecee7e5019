"""Small builders for content fixtures in tmp_path."""

import subprocess
from pathlib import Path

DOCUMENT = """---
id: {id}
title: {title}
type: practice-note
summary: A short summary.
status: current
jurisdictions: [england]
audiences: [police]
topics: [nrm]
reviewed: 2026-11-01
{extra}---

{body}"""


def write_doc(root: Path, doc_id: str, body: str, extra: str = "",
              title: str = "A title") -> Path:
    path = root / f"{doc_id}.md"
    path.write_text(DOCUMENT.format(id=doc_id, title=title, extra=extra, body=body))
    return path


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True,
                          capture_output=True, text=True).stdout
