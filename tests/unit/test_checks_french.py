"""What a failed check says reads in French, all of it: expected, found, why.

Results come from checks run against objects shaped as the API server returns them; their
French rendering (``check --json --lang fr`` and the checklist) must hold no English words.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from rich.console import Console

from k8slab.checks.result import CheckResult, Status
from k8slab.cluster.client import ExecResult
from k8slab.i18n import set_language
from k8slab.ui.render import result_lines
from tests.unit.test_checks_view import NS, FakeCluster, endpoints, obj, run, running_pod, service

#: Words that only English has (whole words, any case). Kubernetes terms that French keeps
#: (Ready, Running, endpoints, logs, pods, rollout, default) are not in the list.
ENGLISH = re.compile(
    r"\b(the|in|with|of|not|no|found|exists|from|at|least|most|expected|prints|says|nothing|exit|has|is|are|"
    r"and|to|by|its|yet|left|being|deleted|set|cannot|read|reading|mounted|mounts|keys|key|rules|class|"
    r"address|without|errors|restarted|restart|times|line|last|output|answer|empty|containers|container|"
    r"selector|listen|complete|stuck|wanted|created|scaled|available|up|revision|revisions|replica|"
    r"replaced|probe|image cannot|pulled|timed|refused|contains|containing|other|others)\b",
    re.IGNORECASE,
)


class ScriptedCluster(FakeCluster):
    """A FakeCluster whose commands and logs answer what a test says."""

    def __init__(self, objects: list[dict[str, Any]], execs: dict[tuple[str, ...], ExecResult], logs: str) -> None:
        super().__init__(objects)
        self.answers = execs
        self.log_text = logs

    def exec(
        self, namespace: str, pod: str, command: Any, container: str | None = None, timeout: float = 10
    ) -> ExecResult:
        self.execs.append(command)
        return self.answers.get(tuple(command), ExecResult("", "", 1))

    def logs(self, namespace: str, pod: str, container: str | None = None, *, previous: bool = False) -> str:
        return self.log_text


def crashing_pod(name: str, labels: dict[str, str]) -> dict[str, Any]:
    pod = running_pod(name, labels)
    pod["status"]["conditions"] = [{"type": "Ready", "status": "False"}]
    pod["status"]["containerStatuses"] = [
        {
            "name": "web",
            "ready": False,
            "restartCount": 4,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}},
        }
    ]
    return pod


def env_pod() -> dict[str, Any]:
    pod = running_pod("greeter", {"app": "greeter"})
    pod["spec"]["containers"][0]["env"] = [
        {"name": "GREETING", "valueFrom": {"configMapKeyRef": {"name": "greeting", "key": "greeting"}}},
        {"name": "MODE", "value": "demo"},
    ]
    return pod


def deployment(name: str, replicas: int, ready: int) -> dict[str, Any]:
    return obj(
        "Deployment",
        name,
        metadata={"generation": 2, "annotations": {"deployment.kubernetes.io/revision": "1"}},
        spec={"replicas": replicas, "template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}},
        status={
            "observedGeneration": 2,
            "replicas": replicas,
            "updatedReplicas": ready,
            "readyReplicas": ready,
            "availableReplicas": ready,
        },
    )


def ingress(name: str, backend: str) -> dict[str, Any]:
    path = {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": backend, "port": {"number": 80}}}}
    rule = {"host": "web.k8slab.test", "http": {"paths": [path]}}
    return obj("Ingress", name, spec={"ingressClassName": "nope", "rules": [rule]})


def world() -> ScriptedCluster:
    objects = [
        running_pod("web-1", {"app": "web"}),
        crashing_pod("crash", {"app": "crash"}),
        env_pod(),
        obj("Pod", "ghost", "default"),
        obj("Pod", "ghost", "aaa"),
        obj("Pod", "ghost", "zzz"),
        obj("ConfigMap", "greeting", data={"greeting": "Salut", "color": "blue"}),
        service("web", {"app": "webapp"}),
        endpoints("web", []),
        service("crash", {"app": "crash"}),
        endpoints("crash", []),
        deployment("calm", 1, 1),
        deployment("slow", 3, 1),
        ingress("web", "missing"),
        obj("IngressClass", "k8s-test", None),
        obj(
            "Node",
            "localhost",
            None,
            status={"conditions": [{"type": "Ready", "status": "False", "reason": "KubeletNotReady"}]},
        ),
    ]
    execs: dict[tuple[str, ...], ExecResult] = {
        ("printenv", "GREETING"): ExecResult("Hello\n", "", 0),
        ("printenv", "MODE"): ExecResult("", "", 1),
        ("cat", "/etc/motd"): ExecResult("Bienvenue au labo\n", "", 0),
    }
    return ScriptedCluster(objects, execs, "starting\nlistening on port 80\n")


CHECKS: list[dict[str, Any]] = [
    {"type": "exists", "kind": "Pod", "name": "ghost"},
    {"type": "exists", "kind": "Pod", "selector": {"app": "web"}, "min": 2},
    {"type": "absent", "kind": "Pod", "name": "web-1"},
    {"type": "absent", "kind": "Pod", "selector": {"app": "web"}},
    {"type": "field", "kind": "Pod", "name": "web-1", "path": "metadata.name", "op": "contains", "value": "api"},
    {"type": "field", "kind": "Pod", "name": "web-1", "path": "spec.nodeName", "op": "exists"},
    {"type": "pod_phase", "name": "crash", "phase": "Running"},
    {"type": "pod_ready", "selector": {"app": "crash"}},
    {"type": "pod_restarts", "name": "crash", "max": 0},
    {"type": "pod_healthy", "selector": {"app": "crash"}},
    {"type": "container_image", "selector": {"app": "web"}, "image": "nginx:1.28"},
    {"type": "logs_contain", "name": "web-1", "text": "ready"},
    {"type": "exec_output", "name": "web-1", "command": ["cat", "/etc/motd"], "text": "Bonjour"},
    {"type": "exec_output", "name": "web-1", "command": ["sh", "-c", "echo $HOME"], "text": "/root"},
    {"type": "env_var", "name": "greeter", "var": "GREETING", "configmap": "greeting", "key": "greeting"},
    {"type": "env_var", "name": "greeter", "var": "MODE", "configmap": "greeting", "key": "mode"},
    {"type": "env_var", "name": "web-1", "var": "COLOR", "value": "blue"},
    {"type": "volume_mount", "name": "web-1", "path": "/etc/config", "configmap": "greeting"},
    {"type": "configmap_data", "name": "greeting", "keys": ["farewell"]},
    {"type": "configmap_data", "name": "greeting", "contains": {"greeting": "Bonjour"}},
    {"type": "configmap_consumed", "name": "web-1", "configmap": "greeting", "via": "env"},
    {"type": "configmap_consumed", "name": "web-1", "configmap": "greeting", "via": "volume"},
    {"type": "service_endpoints", "service": "web"},
    {"type": "service_endpoints", "service": "crash"},
    {"type": "service_ports", "service": "web", "port": 8080},
    {"type": "service_type", "service": "web", "service_type": "NodePort", "node_port": 30080},
    {"type": "deployment_replicas", "deployment": "calm", "replicas": 3},
    {"type": "deployment_replicas", "deployment": "slow", "replicas": 3},
    {"type": "rollout_complete", "deployment": "slow"},
    {"type": "revision_count", "deployment": "calm", "min": 2},
    {"type": "pod_replaced", "deployment": "calm"},
    {"type": "ingress_class", "ingress": "web"},
    {"type": "ingress_rule", "ingress": "web", "host": "api.k8slab.test", "service": "web", "port": 80},
    {"type": "ingress_backends", "ingress": "web"},
    {"type": "ingress_address", "ingress": "web"},
    {"type": "http_ingress", "ingress": "web"},
    {"type": "http_service", "service": "web"},
    {"type": "node_ready"},
]


@pytest.fixture(scope="module")
def results() -> list[CheckResult]:
    return run(world(), *CHECKS)


def test_every_sample_check_fails(results: list[CheckResult]) -> None:
    assert [r.status for r in results if r.passed] == []
    assert len({r.diagnosis for r in results}) >= 20  # a broad sample of what checks say


@pytest.mark.parametrize("index", range(len(CHECKS)), ids=[f"{c['type']}-{i}" for i, c in enumerate(CHECKS)])
def test_french_json_has_no_english_words(results: list[CheckResult], index: int) -> None:
    result = results[index]
    shown = json.loads(json.dumps(result.to_json("fr")))
    for field in ("expected", "actual", "why"):
        english = ENGLISH.findall(shown[field] or "")
        assert not english, f"{field} of {CHECKS[index]['type']}: {shown[field]!r} has {english}"
    assert shown["actual"] and shown["expected"]


def test_french_checklist_reads_in_french(results: list[CheckResult]) -> None:
    set_language("fr")
    console = Console(width=80, record=True, color_system=None)
    for result in results:
        console.print(result_lines(result))
    text = console.export_text()
    assert "attendu :" in text and "trouvé :" in text and "pourquoi :" in text
    for result in results:
        assert result.actual_text("fr") in text.replace("\n", " ") or len(result.actual_text("fr")) > 70


def test_wrong_namespace_names_default_first_and_counts_the_others(results: list[CheckResult]) -> None:
    ghost = results[0]
    assert ghost.diagnosis == "wrong-namespace"
    assert ghost.actual_text("en") == "pod/ghost in namespace default (and 2 others: aaa, zzz)"
    assert ghost.actual_text("fr") == "pod/ghost dans le namespace default (et 2 autres : aaa, zzz)"
    assert ghost.hint is not None and "-n default" in ghost.hint.en
    assert ghost.why is not None and "default (and 2 others: aaa, zzz)" in ghost.why.en


def test_exec_output_says_what_the_command_printed(results: list[CheckResult]) -> None:
    motd = results[12]
    assert motd.diagnosis == "text-missing" and motd.why is not None
    assert "(it printed: Bienvenue au labo)" in motd.why.en
    assert "(elle a affiché : Bienvenue au labo)" in motd.why.fr
    silent = results[13]
    assert silent.actual_text("en") == "nothing (exit code 1)"
    assert silent.actual_text("fr") == "rien (code de sortie 1)"


def test_exec_output_shows_the_command_as_it_can_be_pasted(results: list[CheckResult]) -> None:
    silent = results[13]
    assert silent.hint is not None
    assert silent.hint.en.endswith("kubectl exec web-1 -n k8slab-service -- sh -c 'echo $HOME'")
    assert "`sh -c 'echo $HOME'`" in silent.expected_text("en")


def test_stale_environment_says_what_the_configmap_holds(results: list[CheckResult]) -> None:
    stale = results[14]
    assert stale.diagnosis == "env-stale"
    assert stale.actual_text("en") == "GREETING=Hello (configmap says Salut)"
    assert stale.actual_text("fr") == "GREETING=Hello (la configmap indique Salut)"


def test_values_that_read_the_same_stay_plain_strings(results: list[CheckResult]) -> None:
    image = results[10]
    assert image.expected == "image nginx:1.28"
    assert image.to_json("fr")["expected"] == image.to_json("en")["expected"] == "image nginx:1.28"


def test_unverifiable_probe_says_why_in_french(results: list[CheckResult]) -> None:
    probe = results[-2]
    assert probe.status is Status.UNVERIFIABLE
    assert "busybox:1.37" in probe.actual_text("fr") and "téléchargée" in probe.actual_text("fr")
    assert NS in (probe.hint.fr if probe.hint else "")
