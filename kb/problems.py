"""Problems found while reading content: collected, then reported once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"
# Printed like a warning but never a failure, even under --strict: rules that are
# being brought in (plain English while style.yml says ``enforce: false``).
ADVICE = "advice"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        tag = "" if self.severity == ERROR else f"{self.severity}: "
        return f"{self.path}:{self.line}: {self.field}: {tag}{self.message}"


class Problems(list):
    """A list of problems with helpers for adding them at a location."""

    def error(self, path: Path | str, line: int, field: str, message: str) -> None:
        self.append(Problem(str(path), line, field, message, ERROR))

    def warning(self, path: Path | str, line: int, field: str, message: str) -> None:
        self.append(Problem(str(path), line, field, message, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity == WARNING]


def describe(value: Any) -> str:
    """A found value as a message names it: 'found nothing', 'found a list'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"'{value}'"
