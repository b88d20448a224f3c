"""What every check shares: its verdict, the registry of check types, and target lookups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from k8slab.checks.result import Status, Words
from k8slab.checks.texts import explain
from k8slab.checks.words import and_others, say
from k8slab.cluster.view import labels_match
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView

Obj = dict[str, Any]


@dataclass(frozen=True)
class Verdict:
    """A check's outcome before the runner adds its id, title and the lesson's own hint."""

    status: Status
    expected: Words = ""
    actual: Words = ""
    why: Text | None = None
    hint: Text | None = None
    diagnosis: str | None = None


def passed(expected: Words, actual: Words) -> Verdict:
    return Verdict(Status.PASSED, expected, actual)


def failed(text_key: str, expected: Words, actual: Words, /, **values: Any) -> Verdict:
    """A failure whose diagnosis is ``key`` up to its ``:variant``, explained from the texts."""
    why, hint = explain(text_key, **values)
    return Verdict(Status.FAILED, expected, actual, why, hint, text_key.split(":", 1)[0])


def unverifiable(text_key: str, expected: Words, actual: Words, /, **values: Any) -> Verdict:
    why, hint = explain(text_key, **values)
    return Verdict(Status.UNVERIFIABLE, expected, actual, why, hint, None)


CheckFn = Callable[[Any, "ClusterView", str], Verdict]
REGISTRY: dict[str, CheckFn] = {}
F = TypeVar("F", bound=Callable[..., Verdict])


def register(type_name: str) -> Callable[[F], F]:
    """Register the function that runs checks of ``type_name``."""

    def decorate(fn: F) -> F:
        if type_name in REGISTRY:
            raise ValueError(f"check type {type_name!r} registered twice")
        REGISTRY[type_name] = fn
        return fn

    return decorate


# --- small helpers ---------------------------------------------------------------------------


def name_of(obj: Obj) -> str:
    return str(obj.get("metadata", {}).get("name", "?"))


def selector_text(selector: dict[str, str] | None) -> str:
    return ",".join(f"{k}={v}" for k, v in (selector or {}).items())


def is_terminating(obj: Obj) -> bool:
    return bool(obj.get("metadata", {}).get("deletionTimestamp"))


def missing(view: ClusterView, kind: str, name: str, namespace: str, expected: Words) -> Verdict:
    """Not found here: wrong-namespace when the same name exists elsewhere, else not-found.

    Of several other namespaces, ``default`` (where a forgotten ``-n`` puts things) is named first.
    """
    what = f"{kind.lower()}/{name}"
    elsewhere = view.elsewhere(kind, name, namespace)
    if elsewhere:
        others = and_others(elsewhere[1:])
        return failed(
            "wrong-namespace",
            expected,
            say(
                "{what} in namespace {found}{others}",
                "{what} dans le namespace {found}{others}",
                what=what,
                found=elsewhere[0],
                others=others,
            ),
            kind=kind,
            name=name,
            namespace=namespace,
            found=elsewhere[0],
            others=others,
        )
    return failed(
        "not-found", expected, say("no {what}", "pas de {what}", what=what), kind=kind, name=name, namespace=namespace
    )


def missing_selected(
    view: ClusterView,
    kind: str,
    selector: dict[str, str],
    namespace: str,
    expected: Words,
    count: int = 0,
    minimum: int = 1,
) -> Verdict:
    sel = selector_text(selector)
    if count == 0:
        elsewhere = view.elsewhere_matching(kind, selector, namespace)
        if elsewhere:
            others = and_others(elsewhere[1:])
            return failed(
                "wrong-namespace:selector",
                expected,
                say(
                    "{kind} with {sel} in namespace {found}{others}",
                    "{kind} avec {sel} dans le namespace {found}{others}",
                    kind=kind.lower(),
                    sel=sel,
                    found=elsewhere[0],
                    others=others,
                ),
                kind=kind,
                selector=sel,
                namespace=namespace,
                found=elsewhere[0],
                others=others,
            )
    return failed(
        "not-found:selector",
        expected,
        say("{count} {kind} with {sel}", "{count} {kind} avec {sel}", count=count, kind=kind.lower(), sel=sel),
        kind=kind,
        selector=sel,
        namespace=namespace,
        count=count,
        min=minimum,
    )


def select(view: ClusterView, kind: str, selector: dict[str, str], namespace: str) -> list[Obj]:
    """Objects of ``kind`` in ``namespace`` whose labels match, those being deleted left out."""
    return [o for o in view.list(kind, namespace) if labels_match(o, selector) and not is_terminating(o)]


def targets(
    view: ClusterView, spec: Any, kind: str, namespace: str, expected: Words, minimum: int = 1
) -> tuple[list[Obj], Verdict | None]:
    """The objects a check with ``name`` or ``selector`` is about, or the failure when missing."""
    if spec.name is not None:
        obj = view.get(kind, spec.name, namespace)
        if obj is None:
            return [], missing(view, kind, spec.name, namespace, expected)
        return [obj], None
    found = select(view, kind, spec.selector, namespace)
    if len(found) < minimum:
        return found, missing_selected(view, kind, spec.selector, namespace, expected, len(found), minimum)
    return sorted(found, key=name_of), None


def container_of(pod_spec: Obj, name: str | None) -> Obj | None:
    """The container named ``name`` (default: the first one) of a pod spec."""
    containers = pod_spec.get("containers") or []
    if name is None:
        return containers[0] if containers else None
    return next((c for c in containers if c.get("name") == name), None)


def container_names(pod_spec: Obj) -> str:
    return ", ".join(str(c.get("name")) for c in pod_spec.get("containers") or []) or "-"
