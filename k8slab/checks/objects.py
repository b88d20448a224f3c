"""Checks on any object: it exists, it is gone, one of its fields has a value; and nodes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from k8slab.checks.base import (
    Verdict,
    failed,
    is_terminating,
    name_of,
    passed,
    register,
    select,
    selector_text,
    targets,
)
from k8slab.checks.diagnose import condition
from k8slab.checks.fieldpath import compare, resolve, short

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.schema import AbsentCheck, ExistsCheck, FieldCheck, NodeReadyCheck, ValueFrom


def _canonical(view: ClusterView, kind: str) -> str:
    return view.cluster.kind(kind).kind


def _where(spec: Any, kind: str) -> str:
    return f"{kind.lower()}/{spec.name}" if spec.name else f"{kind.lower()} with {selector_text(spec.selector)}"


@register("exists")
def check_exists(spec: ExistsCheck, view: ClusterView, ns: str) -> Verdict:
    kind = _canonical(view, spec.kind)
    expected = _where(spec, kind) + ("" if spec.name or spec.min == 1 else f" (at least {spec.min})")
    found, problem = targets(view, spec, kind, ns, expected, spec.min)
    if problem:
        return problem
    if spec.name:
        return passed(expected, f"{kind.lower()}/{spec.name} exists")
    return passed(expected, f"{len(found)} found: {', '.join(name_of(o) for o in found[:5])}")


@register("absent")
def check_absent(spec: AbsentCheck, view: ClusterView, ns: str) -> Verdict:
    kind = _canonical(view, spec.kind)
    expected = f"no {_where(spec, kind)}"
    if spec.name:
        obj = view.get(kind, spec.name, ns)
        if obj is None:
            return passed(expected, "absent")
        terminating = is_terminating(obj)
        return failed(
            "field-mismatch:absent",
            expected,
            f"{kind.lower()}/{spec.name} " + ("terminating" if terminating else "exists"),
            kind=kind,
            name=spec.name,
            namespace=ns,
            terminating=" (being deleted)" if terminating else "",
        )
    assert spec.selector is not None
    found = select(view, kind, spec.selector, ns)
    if not found:
        return passed(expected, "absent")
    sel = selector_text(spec.selector)
    return failed(
        "field-mismatch:absent-selector",
        expected,
        f"{len(found)} left: {', '.join(name_of(o) for o in found[:5])}",
        kind=kind,
        selector=sel,
        selector_arg=sel,
        namespace=ns,
        count=len(found),
    )


def read_value_from(view: ClusterView, source: ValueFrom, ns: str) -> tuple[bool, Any, str]:
    """(found, value, where) for a value read from the live cluster."""
    kind = _canonical(view, source.kind)
    items = view.list(kind, source.namespace or ns)
    if source.name is not None:
        items = [o for o in items if name_of(o) == source.name]
    where = f"{kind.lower()}/{source.name or (name_of(items[0]) if items else '?')} {source.path}"
    if not items:
        return False, None, where
    found, value = resolve(items[0], source.path)
    return found, value, where


@register("field")
def check_field(spec: FieldCheck, view: ClusterView, ns: str) -> Verdict:
    kind = _canonical(view, spec.kind)
    wanted: Any = spec.value
    if spec.value_from is not None:
        ok, wanted, where = read_value_from(view, spec.value_from, ns)
        if not ok:
            return failed(
                "not-found",
                f"{spec.path} {spec.op} ({where})",
                f"cannot read {where}",
                kind=spec.value_from.kind,
                name=spec.value_from.name or "?",
                namespace=spec.value_from.namespace or ns,
            )
    shown = "" if spec.op == "exists" else f" {short(wanted)}"
    expected = f"{spec.path} {spec.op}{shown}"
    found_objs, problem = targets(view, spec, kind, ns, expected)
    if problem:
        return problem
    wanted_text = short(wanted) if spec.op == "==" else f"{spec.op}{shown}"
    values = []
    for obj in found_objs:
        found, value = resolve(obj, spec.path)
        values.append(short(value) if found else "<unset>")
        if found and compare(value, spec.op, wanted):
            continue
        if not found:
            key = "field-mismatch:unset-any" if spec.op == "exists" else "field-mismatch:unset"
            actual = f"{spec.path} not set"
        else:
            key, actual = "field-mismatch", f"{spec.path} = {short(value)}"
        return failed(
            key,
            expected,
            actual,
            kind=kind,
            name=name_of(obj),
            namespace=ns,
            path=spec.path,
            current=short(value),
            wanted=wanted_text,
        )
    return passed(expected, f"{spec.path} = {', '.join(dict.fromkeys(values))}")


@register("node_ready")
def check_node_ready(spec: NodeReadyCheck, view: ClusterView, ns: str) -> Verdict:
    nodes = view.cluster_list("Node")
    ready, not_ready = [], []
    for node in nodes:
        cond = condition(node, "Ready")
        if cond is not None and cond.get("status") == "True":
            ready.append(name_of(node))
        else:
            not_ready.append(f"{name_of(node)}: {(cond or {}).get('reason') or 'NotReady'}")
    expected = f"at least {spec.min} node(s) Ready"
    actual = f"{len(ready)}/{len(nodes)} Ready" + (f" ({'; '.join(not_ready)})" if not_ready else "")
    if len(ready) >= spec.min:
        return passed(expected, actual)
    return failed(
        "node-not-ready", expected, actual, ready=len(ready), min=spec.min, state="; ".join(not_ready) or "no node"
    )
