"""Check a request's query parameters against their OpenAPI description.

The JSON API is for programs, so it refuses what ``web/openapi.yml`` does not
allow (``page=null``, ``sort=best``) with a 400 that names each parameter,
instead of quietly searching with a default. The HTML pages stay forgiving.
The description is the one source of the rules; this reads the few keywords it
uses (``type``, ``minimum``, ``maximum``, ``enum``, ``minLength``) and a test
fails if it starts to use another.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

SUPPORTED_KEYWORDS = {"type", "items", "minimum", "maximum", "enum", "minLength",
                      "default"}
_INTEGER = re.compile(r"[+-]?[0-9]+")
SHOWN = 40  # characters of a bad value repeated in the message
# The most digits a whole number may have: far past any page or size, and short
# enough that reading it costs nothing (Python refuses over 4,300 digits).
MAX_DIGITS = 9


def problems(args: MultiDict, operation: dict[str, Any]) -> list[str]:
    """One message per query parameter of ``operation`` that ``args`` gets wrong."""
    found = []
    for param in operation.get("parameters", []):
        if param["in"] != "query":
            continue
        name, schema = param["name"], param["schema"]
        values = args.getlist(name)
        if not values:
            if param.get("required"):
                found.append(f"{name}: required; none given")
            continue
        if schema.get("type") != "array" and len(values) > 1:
            found.append(f"{name}: expected one value; found {len(values)}")
            continue
        item = schema["items"] if schema.get("type") == "array" else schema
        found += [f"{name}: {message}" for value in values
                  if (message := value_problem(value, item))]
    return found


def value_problem(raw: str, schema: dict[str, Any]) -> str | None:
    """Why ``raw`` breaks ``schema``, or None when it fits."""
    if schema.get("type") == "integer":
        return _integer_problem(raw, schema)
    if "enum" in schema and raw not in schema["enum"]:
        return f"expected one of {', '.join(schema['enum'])}; found {_shown(raw)}"
    if len(raw) < schema.get("minLength", 0):
        return "expected some text; found none"
    return None


def _integer_problem(raw: str, schema: dict[str, Any]) -> str | None:
    if not _INTEGER.fullmatch(raw):
        return f"expected a whole number; found {_shown(raw)}"
    if len(raw.lstrip("+-")) > MAX_DIGITS:
        return f"expected a whole number of at most {MAX_DIGITS} digits; found " \
               f"{_shown(raw)}"
    value, low, high = int(raw), schema.get("minimum"), schema.get("maximum")
    if low is not None and value < low:
        return f"expected {low} or more; found {value}"
    if high is not None and value > high:
        return f"expected {high} or less; found {value}"
    if "enum" in schema and value not in schema["enum"]:
        return f"expected one of {', '.join(map(str, schema['enum']))}; found {value}"
    return None


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= SHOWN else raw[:SHOWN] + "...")
