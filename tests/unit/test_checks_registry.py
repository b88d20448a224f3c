"""Every check type is implemented, titled and explained in both languages."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest

from k8slab.checks.base import failed
from k8slab.checks.runner import registry, title_of
from k8slab.checks.texts import all_texts
from k8slab.lessons.check_specs import CHECK_TYPES
from k8slab.lessons.schema import DIAGNOSES
from tests.helpers import check_spec

SAMPLES: dict[str, dict[str, Any]] = {
    "exists": {"kind": "Pod", "name": "web"},
    "absent": {"kind": "ConfigMap", "selector": {"app": "old"}},
    "field": {
        "kind": "Node",
        "name": "kind-control-plane",
        "path": "status.nodeInfo.kubeletVersion",
        "op": ">=",
        "value": "v1.20",
    },
    "pod_phase": {"name": "web", "phase": "Running"},
    "pod_ready": {"selector": {"app": "web"}, "min": 2},
    "pod_restarts": {"name": "web", "max": 1},
    "pod_healthy": {"selector": {"app": "web"}},
    "container_image": {"kind": "Deployment", "name": "web", "image": "nginx:1.28"},
    "env_var": {"name": "web", "var": "COLOR", "configmap": "app-config", "key": "color"},
    "volume_mount": {"name": "web", "path": "/etc/config", "configmap": "app-config"},
    "logs_contain": {"name": "web", "text": "ready"},
    "exec_output": {"name": "web", "command": ["cat", "/etc/hostname"], "text": "web"},
    "configmap_data": {"name": "app-config", "data": {"color": "blue"}},
    "configmap_consumed": {"name": "web", "configmap": "app-config", "via": "volume"},
    "service_endpoints": {"service": "web", "min": 2},
    "service_ports": {"service": "web", "port": 80, "target_port": "http"},
    "service_type": {"service": "web", "service_type": "NodePort", "node_port": 30080},
    "deployment_replicas": {"deployment": "web", "replicas": 3},
    "rollout_complete": {"deployment": "web"},
    "revision_count": {"deployment": "web", "min": 2},
    "pod_replaced": {"deployment": "web"},
    "ingress_class": {"ingress": "web"},
    "ingress_rule": {"ingress": "web", "host": "web.k8slab.test", "service": "web", "port": 80},
    "ingress_backends": {"ingress": "web"},
    "ingress_address": {"ingress": "web"},
    "http_service": {"service": "web", "text": "Welcome"},
    "http_ingress": {"ingress": "web", "host": "web.k8slab.test", "text": "Welcome"},
    "node_ready": {},
}


def spec(type_name: str, **extra: Any) -> Any:
    return check_spec({"type": type_name, **SAMPLES[type_name], **extra})


def test_every_check_type_is_implemented() -> None:
    assert sorted(registry()) == sorted(CHECK_TYPES)
    assert set(SAMPLES) == set(CHECK_TYPES)


@pytest.mark.parametrize("type_name", CHECK_TYPES)
def test_generated_titles_exist_in_both_languages(type_name: str) -> None:
    title = title_of(spec(type_name))
    assert title.en and title.fr and title.en != title.fr
    assert "{" not in title.en + title.fr


def test_title_examples() -> None:
    phase = title_of(spec("pod_phase"))
    assert (phase.en, phase.fr) == ("Pod web is Running", "Le Pod web est Running")
    cm = title_of(spec("exists", kind="ConfigMap", name="app-config"))
    assert (cm.en, cm.fr) == ("ConfigMap app-config exists", "La ConfigMap app-config existe")
    logs = title_of(spec("logs_contain"))
    assert logs.fr == "Les logs du Pod web contiennent « ready »"
    ready = title_of(spec("pod_ready"))
    assert ready.fr == "Au moins 2 Pod(s) app=web Ready"
    other_ns = title_of(spec("service_endpoints", namespace="default"))
    assert other_ns.en.endswith("(namespace default)")


def test_a_lesson_title_wins() -> None:
    title = title_of(spec("pod_phase", title={"en": "The pod runs", "fr": "Le pod tourne"}))
    assert (title.en, title.fr) == ("The pod runs", "Le pod tourne")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(all_texts()))
def test_texts_have_the_same_placeholders_in_both_languages(key: str) -> None:
    why, hint = all_texts()[key]
    assert _fields(why.en) == _fields(why.fr), key
    assert _fields(hint.en) == _fields(hint.fr), key
    assert why.en != why.fr and hint.en != hint.fr


@pytest.mark.parametrize("key", sorted(all_texts()))
def test_text_keys_name_a_diagnosis(key: str) -> None:
    base = key.split(":", 1)[0]
    assert base in DIAGNOSES or base == "unverifiable", key


def test_french_texts_are_written_in_french() -> None:
    accents = re.compile(r"[éèàùâêîôûç]")
    french = [t.fr for why, hint in all_texts().values() for t in (why, hint)]
    assert sum(1 for text in french if accents.search(text)) > len(french) // 3
    assert not any(" the " in text for text in french)


def test_failed_fills_texts_and_keeps_the_diagnosis_id() -> None:
    verdict = failed(
        "image-pull",
        "image nginx:1.27",
        "image nginx:1.277 (ErrImagePull)",
        pod="web",
        image="nginx:1.277",
        reason="ErrImagePull",
        namespace="k8slab-pod",
    )
    assert verdict.diagnosis == "image-pull"
    assert verdict.why is not None and verdict.hint is not None
    assert "nginx:1.277" in verdict.why.en and "nginx:1.277" in verdict.why.fr
    assert "kubectl describe pod web -n k8slab-pod" in verdict.hint.en
    variant = failed("not-found:selector", "e", "a", kind="Pod", selector="app=web", namespace="ns", count=0, min=1)
    assert variant.diagnosis == "not-found"
    assert "kubectl get pod -n ns" in variant.hint.en  # type: ignore[union-attr]
