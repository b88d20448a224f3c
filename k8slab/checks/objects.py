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
from k8slab.checks.result import Words
from k8slab.checks.words import joined, operator, prefixed, say
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import AbsentCheck, ExistsCheck, FieldCheck, NodeReadyCheck, ValueFrom


def _canonical(view: ClusterView, kind: str) -> str:
    return view.cluster.kind(kind).kind


def _where(spec: Any, kind: str) -> Words:
    if spec.name:
        return f"{kind.lower()}/{spec.name}"
    return say("{kind} with {sel}", "{kind} avec {sel}", kind=kind.lower(), sel=selector_text(spec.selector))


def _names(objs: list[dict[str, Any]]) -> str:
    return ", ".join(name_of(o) for o in objs[:5]) + (", …" if len(objs) > 5 else "")


@register("exists")
def check_exists(spec: ExistsCheck, view: ClusterView, ns: str) -> Verdict:
    kind = _canonical(view, spec.kind)
    expected = _where(spec, kind)
    if not spec.name and spec.min > 1:
        expected = say("{what} (at least {n})", "{what} (au moins {n})", what=expected, n=spec.min)
    found, problem = targets(view, spec, kind, ns, expected, spec.min)
    if problem:
        return problem
    if spec.name:
        return passed(expected, say("{what} exists", "{what} existe", what=f"{kind.lower()}/{spec.name}"))
    return passed(expected, say("{n} found: {names}", "{n} trouvé(s) : {names}", n=len(found), names=_names(found)))


ABSENT = Text("absent", "absent")


@register("absent")
def check_absent(spec: AbsentCheck, view: ClusterView, ns: str) -> Verdict:
    kind = _canonical(view, spec.kind)
    expected = say("no {what}", "pas de {what}", what=_where(spec, kind))
    if spec.name:
        obj = view.get(kind, spec.name, ns)
        if obj is None:
            return passed(expected, ABSENT)
        what = f"{kind.lower()}/{spec.name}"
        if is_terminating(obj):
            actual = say("{what} being deleted", "{what} en cours de suppression", what=what)
            terminating: Words = Text(" (being deleted)", " (en cours de suppression)")
        else:
            actual, terminating = say("{what} exists", "{what} existe", what=what), ""
        return failed(
            "field-mismatch:absent",
            expected,
            actual,
            kind=kind,
            name=spec.name,
            namespace=ns,
            terminating=terminating,
        )
    assert spec.selector is not None
    found = select(view, kind, spec.selector, ns)
    if not found:
        return passed(expected, ABSENT)
    sel = selector_text(spec.selector)
    return failed(
        "field-mismatch:absent-selector",
        expected,
        say("{n} left: {names}", "{n} restant(s) : {names}", n=len(found), names=_names(found)),
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
                say(
                    "{path} {op} ({where})", "{path} {op} ({where})", path=spec.path, op=operator(spec.op), where=where
                ),
                say("cannot read {where}", "impossible de lire {where}", where=where),
                kind=spec.value_from.kind,
                name=spec.value_from.name or "?",
                namespace=spec.value_from.namespace or ns,
            )
    shown = "" if spec.op == "exists" else f" {short(wanted)}"
    op = operator(spec.op)
    expected = say("{path} {op}{shown}", "{path} {op}{shown}", path=spec.path, op=op, shown=shown)
    found_objs, problem = targets(view, spec, kind, ns, expected)
    if problem:
        return problem
    wanted_text: Words = short(wanted) if spec.op == "==" else say("{op}{shown}", "{op}{shown}", op=op, shown=shown)
    values = []
    for obj in found_objs:
        found, value = resolve(obj, spec.path)
        values.append(short(value))
        if found and compare(value, spec.op, wanted):
            continue
        actual: Words
        if not found:
            key = "field-mismatch:unset-any" if spec.op == "exists" else "field-mismatch:unset"
            actual = say("{path} not set", "{path} non renseigné", path=spec.path)
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
    ready: list[str] = []
    not_ready: list[Words] = []
    for node in nodes:
        cond = condition(node, "Ready")
        if cond is not None and cond.get("status") == "True":
            ready.append(name_of(node))
        else:
            not_ready.append(prefixed(name_of(node), str((cond or {}).get("reason") or "NotReady")))
    expected = say("at least {n} node(s) Ready", "au moins {n} nœud(s) Ready", n=spec.min)
    state: Words = joined(not_ready, ", ", ", ") if not_ready else Text("no node", "aucun nœud")
    actual: Words = f"{len(ready)}/{len(nodes)} Ready"
    if not_ready:
        actual = say("{actual} ({state})", "{actual} ({state})", actual=actual, state=state)
    if len(ready) >= spec.min:
        return passed(expected, actual)
    return failed("node-not-ready", expected, actual, ready=len(ready), min=spec.min, state=state)
