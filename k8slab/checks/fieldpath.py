"""Field paths into API objects (``spec.containers[0].image``) and the comparison operators.

A path is keys separated by dots, each optionally followed by brackets: ``[0]`` (list index,
negative counts from the end), ``["app.kubernetes.io/name"]`` (a key that contains dots) or
``[name=web]`` (the first list item whose ``name`` is ``web``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from k8slab.errors import LessonFileError

_TOKEN = re.compile(
    r"""
      (?P<name>[^.\[\]]+)
    | \[(?P<index>-?\d+)\]
    | \[(?P<q>["'])(?P<quoted>.*?)(?P=q)\]
    | \[(?P<fkey>[^=\]"']+)=(?P<fval>[^\]]*)\]
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Step:
    key: str | None = None
    index: int | None = None
    match: tuple[str, str] | None = None


def parse_path(path: str) -> list[Step]:
    """The steps of a path; raises LessonFileError for a path that cannot be read."""
    steps: list[Step] = []
    pos = 0
    expect_name = True
    while pos < len(path):
        if path[pos] == ".":
            if expect_name or pos + 1 >= len(path):
                break
            pos += 1
            expect_name = True
            continue
        m = _TOKEN.match(path, pos)
        if m is None or (m.group("name") is not None and not expect_name):
            break
        if m.group("name") is not None:
            steps.append(Step(key=m.group("name")))
        elif m.group("index") is not None:
            steps.append(Step(index=int(m.group("index"))))
        elif m.group("quoted") is not None:
            steps.append(Step(key=m.group("quoted")))
        else:
            steps.append(Step(match=(m.group("fkey").strip(), m.group("fval").strip().strip("\"'"))))
        expect_name = False
        pos = m.end()
    else:
        if steps and not expect_name:
            return steps
    raise LessonFileError(f"invalid field path {path!r} (near character {pos + 1})")


def resolve(obj: Any, path: str) -> tuple[bool, Any]:
    """(True, value) when the path leads somewhere in ``obj``, else (False, None)."""
    current = obj
    for step in parse_path(path):
        if step.key is not None:
            if not isinstance(current, dict) or step.key not in current:
                return False, None
            current = current[step.key]
        elif step.index is not None:
            if not isinstance(current, list) or not -len(current) <= step.index < len(current):
                return False, None
            current = current[step.index]
        elif step.match is not None:
            key, value = step.match
            if not isinstance(current, list):
                return False, None
            found = [i for i in current if isinstance(i, dict) and as_text(i.get(key)) == value]
            if not found:
                return False, None
            current = found[0]
    return True, current


def as_text(value: Any) -> str:
    """A value as a learner would read it (``true``, ``3``, ``nginx:1.27``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    return str(value)


def short(value: Any, limit: int = 60) -> str:
    text = as_text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def equal(actual: Any, expected: Any) -> bool:
    if isinstance(actual, bool) != isinstance(expected, bool):
        return as_text(actual).lower() == as_text(expected).lower()
    if actual == expected:
        return True
    a, e = _number(actual), _number(expected)
    if a is not None and e is not None:
        return a == e
    return as_text(actual) == as_text(expected)


def _order(actual: Any, expected: Any) -> int | None:
    """-1, 0, 1 comparing numbers, else versions (``v1.20.2`` > ``1.19``); None if incomparable."""
    a, e = _number(actual), _number(expected)
    if a is None or e is None:
        va = tuple(int(x) for x in re.findall(r"\d+", as_text(actual)))
        ve = tuple(int(x) for x in re.findall(r"\d+", as_text(expected)))
        if not va or not ve:
            return None
        return (va > ve) - (va < ve)
    return (a > e) - (a < e)


def compare(actual: Any, op: str, expected: Any) -> bool:
    """Does ``actual`` satisfy ``op expected``? (``exists`` is decided by :func:`resolve`.)"""
    if op == "exists":
        return actual is not None
    if op == "==":
        return equal(actual, expected)
    if op == "!=":
        return not equal(actual, expected)
    if op == "contains":
        if isinstance(actual, list):
            return any(equal(item, expected) for item in actual)
        if isinstance(actual, dict):
            return as_text(expected) in actual
        return as_text(expected) in as_text(actual)
    if op == "matches":
        try:
            return re.search(as_text(expected), as_text(actual)) is not None
        except re.error as err:
            raise LessonFileError(f"invalid regular expression {expected!r}: {err}") from None
    order = _order(actual, expected)
    if order is None:
        return False
    return {">=": order >= 0, "<=": order <= 0, ">": order > 0, "<": order < 0}.get(op, False)
