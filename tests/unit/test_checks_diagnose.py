"""Diagnosing pods from their status and events, as the API server sends them."""

from __future__ import annotations

from typing import Any

import pytest

from k8slab.checks.diagnose import is_ready, is_running, pod_problem, pod_state, restarts
from k8slab.checks.result import in_language

NS = "k8slab-pod"


def _pod(name: str, containers: list[dict[str, Any]], status: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "namespace": NS,
            "uid": f"uid-{name}",
            "labels": {"app": name},
            "creationTimestamp": "2026-11-27T00:15:40Z",
        },
        "spec": {"containers": containers, "restartPolicy": "Always", **spec},
        "status": status,
    }


def _conditions(ready: bool, scheduled: bool = True) -> list[dict[str, Any]]:
    not_ready = {"message": "containers with unready status: [web]", "reason": "ContainersNotReady"}
    return [
        {"lastProbeTime": None, "lastTransitionTime": "2026-11-27T00:15:40Z", "status": "True", "type": "Initialized"},
        {
            "lastProbeTime": None,
            "lastTransitionTime": "2026-11-27T00:15:40Z",
            "type": "Ready",
            "status": "True" if ready else "False",
            **({} if ready else not_ready),
        },
        {
            "lastProbeTime": None,
            "lastTransitionTime": "2026-11-27T00:15:40Z",
            "type": "PodScheduled",
            "status": "True" if scheduled else "False",
        },
    ]


def _waiting(name: str, image: str, reason: str, message: str = "", **extra: Any) -> dict[str, Any]:
    waiting = {"reason": reason} | ({"message": message} if message else {})
    return {
        "image": image,
        "imageID": "",
        "lastState": {},
        "name": name,
        "ready": False,
        "restartCount": 0,
        "started": False,
        "state": {"waiting": waiting},
        **extra,
    }


def _event(pod: dict[str, Any], reason: str, message: str, kind: str = "Warning") -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "count": 3,
        "type": kind,
        "reason": reason,
        "message": message,
        "metadata": {"name": f"{pod['metadata']['name']}.18ebbeb043ed8653", "namespace": NS},
        "involvedObject": {
            "apiVersion": "v1",
            "kind": "Pod",
            "name": pod["metadata"]["name"],
            "namespace": NS,
            "uid": pod["metadata"]["uid"],
        },
        "firstTimestamp": "2026-11-27T00:15:40Z",
        "lastTimestamp": "2026-11-27T00:16:12Z",
        "source": {"component": "kubelet", "host": "localhost"},
    }


WEB = {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80, "protocol": "TCP"}]}


def test_running_ready_pod_has_no_problem() -> None:
    pod = _pod(
        "web",
        [WEB],
        {
            "phase": "Running",
            "conditions": _conditions(True),
            "podIP": "172.17.0.5",
            "containerStatuses": [
                {
                    "name": "web",
                    "image": "nginx:1.27",
                    "ready": True,
                    "restartCount": 0,
                    "started": True,
                    "state": {"running": {"startedAt": "2026-11-27T00:15:42Z"}},
                }
            ],
        },
    )
    assert is_ready(pod) and is_running(pod)
    assert pod_problem(pod, []) is None
    assert pod_state(pod) == "Running"


@pytest.mark.parametrize("reason", ["ErrImagePull", "ImagePullBackOff"])
def test_image_pull_names_the_image_whatever_the_message(reason: str) -> None:
    bad = {**WEB, "image": "nginx:1.277"}
    message = (
        'rpc error: code = Unknown desc = Error response from daemon: Get "https://registry-1.docker.io/v2/": '
        "proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused"
    )
    pod = _pod(
        "web",
        [bad],
        {
            "phase": "Pending",
            "conditions": _conditions(False),
            "containerStatuses": [_waiting("web", "nginx:1.277", reason, message)],
        },
    )
    problem = pod_problem(pod, [])
    assert problem is not None
    assert problem.diagnosis == "image-pull" and problem.blocking
    assert problem.values["image"] == "nginx:1.277"
    assert reason in in_language(problem.summary, "en") and "nginx:1.277" in in_language(problem.summary, "en")


def test_invalid_image_name_is_an_image_pull_problem_with_its_own_text() -> None:
    bad = {**WEB, "image": "nginx:UPPER:x"}
    pod = _pod(
        "web",
        [bad],
        {
            "phase": "Pending",
            "conditions": _conditions(False),
            "containerStatuses": [
                _waiting("web", "nginx:UPPER:x", "InvalidImageName", 'couldn\'t parse image reference "nginx:UPPER:x"')
            ],
        },
    )
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "image-pull" and problem.key == "image-pull:invalid"


def test_crash_loop_reports_the_exit_code() -> None:
    crash = {"name": "c", "image": "busybox:1.37", "command": ["sh", "-c", "echo boom; exit 1"]}
    status = _waiting("c", "busybox:1.37", "CrashLoopBackOff", "back-off 20s restarting failed container=c")
    status |= {
        "restartCount": 2,
        "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2026-11-27T00:16:01Z"}},
    }
    pod = _pod("crash", [crash], {"phase": "Running", "conditions": _conditions(False), "containerStatuses": [status]})
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "crash-loop"
    assert problem.values["exit_code"] == 1
    assert restarts(pod) == 2
    assert pod_state(pod) == "CrashLoopBackOff"


def test_failed_container_of_a_never_restarting_pod_is_a_crash() -> None:
    crash = {"name": "c", "image": "busybox:1.37"}
    status = {
        "name": "c",
        "image": "busybox:1.37",
        "ready": False,
        "restartCount": 0,
        "state": {"terminated": {"exitCode": 3, "reason": "Error"}},
    }
    pod = _pod(
        "once",
        [crash],
        {"phase": "Failed", "conditions": _conditions(False), "containerStatuses": [status]},
        restartPolicy="Never",
    )
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "crash-loop" and problem.values["exit_code"] == 3


def test_unschedulable_from_the_pod_condition() -> None:
    pod = _pod(
        "unsched",
        [WEB],
        {
            "phase": "Pending",
            "qosClass": "BestEffort",
            "conditions": [
                {
                    "lastProbeTime": None,
                    "lastTransitionTime": "2026-11-27T00:15:40Z",
                    "type": "PodScheduled",
                    "status": "False",
                    "reason": "Unschedulable",
                    "message": "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity.",
                }
            ],
        },
        nodeSelector={"disk": "ssd"},
    )
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "unschedulable"
    assert "node affinity" in problem.values["message"]


def _env_pod(
    name: str, env: list[dict[str, Any]] | None = None, env_from: list[dict[str, Any]] | None = None, message: str = ""
) -> dict[str, Any]:
    container: dict[str, Any] = {"name": "c", "image": "busybox:1.37", "command": ["sleep", "3600"]}
    if env:
        container["env"] = env
    if env_from:
        container["envFrom"] = env_from
    return _pod(
        name,
        [container],
        {
            "phase": "Pending",
            "conditions": _conditions(False),
            "containerStatuses": [_waiting("c", "busybox:1.37", "CreateContainerConfigError", message)],
        },
    )


CM = {
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {"name": "app-config", "namespace": NS},
    "data": {"color": "blue"},
}


def _lookup(name: str) -> dict[str, Any] | None:
    return CM if name == "app-config" else None


def test_missing_configmap_from_the_spec() -> None:
    pod = _env_pod(
        "p",
        env=[{"name": "COLOR", "valueFrom": {"configMapKeyRef": {"name": "app-confg", "key": "color"}}}],
        message='configmap "app-confg" not found',
    )
    problem = pod_problem(pod, [], _lookup)
    assert problem is not None and problem.diagnosis == "configmap-missing"
    assert problem.values["configmap"] == "app-confg"


def test_missing_key_is_told_apart_from_missing_configmap() -> None:
    pod = _env_pod(
        "p",
        env=[{"name": "COLOR", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "colour"}}}],
        message=f"couldn't find key colour in ConfigMap {NS}/app-config",
    )
    problem = pod_problem(pod, [], _lookup)
    assert problem is not None and problem.diagnosis == "configmap-key-missing"
    assert problem.values["key"] == "colour" and problem.values["keys"] == "color"


def test_envfrom_missing_configmap() -> None:
    pod = _env_pod("p", env_from=[{"configMapRef": {"name": "nope"}}], message='configmap "nope" not found')
    problem = pod_problem(pod, [], _lookup)
    assert problem is not None and problem.diagnosis == "configmap-missing" and problem.values["configmap"] == "nope"


def test_config_error_falls_back_to_the_message_without_lookup() -> None:
    pod = _env_pod(
        "p",
        env=[{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "k"}}}],
        message=f"couldn't find key k in ConfigMap {NS}/app-config",
    )
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "configmap-key-missing"


def test_secret_config_error_is_not_blamed_on_a_configmap() -> None:
    pod = _env_pod(
        "p",
        env=[{"name": "X", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
        message='secret "s" not found',
    )
    problem = pod_problem(pod, [], _lookup)
    assert problem is not None and problem.diagnosis == "pod-not-ready" and not problem.blocking


def _creating(name: str) -> dict[str, Any]:
    container = {"name": "c", "image": "busybox:1.37", "volumeMounts": [{"name": "v", "mountPath": "/cfg"}]}
    return _pod(
        name,
        [container],
        {
            "phase": "Pending",
            "conditions": _conditions(False),
            "containerStatuses": [_waiting("c", "busybox:1.37", "ContainerCreating")],
        },
        volumes=[{"name": "v", "configMap": {"name": "nope"}}],
    )


def test_failed_mount_prefers_the_precise_event() -> None:
    pod = _creating("vol")
    events = [
        _event(pod, "FailedMount", 'MountVolume.SetUp failed for volume "v" : configmap "nope" not found'),
        _event(pod, "FailedMount", "Unable to attach or mount volumes: unmounted volumes=[v]: timed out"),
    ]
    problem = pod_problem(pod, events)
    assert problem is not None and problem.diagnosis == "mount-failed"
    assert problem.values["volume"] == "v" and "nope" in problem.values["message"]


def test_creating_pod_without_warnings_is_just_not_ready() -> None:
    problem = pod_problem(_creating("vol"), [])
    assert problem is not None and problem.diagnosis == "pod-not-ready" and not problem.blocking
    assert "ContainerCreating" in in_language(problem.summary, "en")


def test_readiness_probe_failure() -> None:
    pod = _pod(
        "slow",
        [WEB],
        {
            "phase": "Running",
            "conditions": _conditions(False),
            "containerStatuses": [
                {
                    "name": "web",
                    "image": "nginx:1.27",
                    "ready": False,
                    "restartCount": 0,
                    "started": True,
                    "state": {"running": {"startedAt": "2026-11-27T00:15:42Z"}},
                }
            ],
        },
    )
    events = [_event(pod, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 404")]
    problem = pod_problem(pod, events)
    assert problem is not None and problem.key == "pod-not-ready:readiness"
    assert "404" in problem.values["message"]


def test_terminating_pod() -> None:
    pod = _pod("web", [WEB], {"phase": "Running", "conditions": _conditions(True)})
    pod["metadata"]["deletionTimestamp"] = "2026-11-27T00:20:00Z"
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "pod-not-ready" and pod_state(pod) == "Terminating"


def test_container_that_just_exited_is_crashing_before_the_back_off_shows() -> None:
    status = {
        "name": "c",
        "image": "busybox:1.37",
        "ready": False,
        "restartCount": 1,
        "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
    }
    pod = _pod(
        "bb",
        [{"name": "c", "image": "busybox:1.37"}],
        {"phase": "Running", "conditions": _conditions(False), "containerStatuses": [status]},
    )
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "crash-loop"


def test_completed_init_container_is_not_a_crash() -> None:
    init = {
        "name": "init",
        "image": "busybox:1.37",
        "ready": True,
        "restartCount": 0,
        "state": {"terminated": {"exitCode": 0, "reason": "Completed"}},
    }
    pod = _creating("vol")
    pod["status"]["initContainerStatuses"] = [init]
    problem = pod_problem(pod, [])
    assert problem is not None and problem.diagnosis == "pod-not-ready"
