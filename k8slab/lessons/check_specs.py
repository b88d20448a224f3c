"""The typed checks a lesson step can ask for, one model per check type (``type:`` picks it)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from k8slab.lessons.model_base import FrozenModel as _Model
from k8slab.lessons.model_base import Localized, NameOrSelector

# --- what a check looks at -------------------------------------------------------------------


class _Check(_Model):
    """Fields every check has."""

    id: str | None = Field(default=None, description="Unique within the step; defaults to type + position.")
    title: Localized | None = Field(default=None, description="What is checked; generated when absent.")
    hint: Localized | None = Field(default=None, description="What to try when it fails (overrides the default).")


class _Target(_Check, NameOrSelector):
    """A check about one object (by name) or a set of objects (by label selector)."""

    namespace: str | None = Field(default=None, description="Defaults to the lesson's namespace.")


class ValueFrom(_Model):
    """Read the expected value from the live cluster (e.g. the node's kubelet version)."""

    kind: str
    name: str | None = Field(default=None, description="Defaults to the first object of that kind.")
    namespace: str | None = None
    path: str


Operator = Literal["==", "!=", ">=", "<=", ">", "<", "contains", "matches", "exists"]


class ExistsCheck(_Target):
    type: Literal["exists"]
    kind: str
    min: int = Field(default=1, ge=1, description="With a selector: how many objects at least.")


class AbsentCheck(_Target):
    type: Literal["absent"]
    kind: str


class FieldCheck(_Target):
    type: Literal["field"]
    kind: str
    path: str = Field(description="Dotted path with [index], e.g. spec.containers[0].image")
    op: Operator = "=="
    value: Any = None
    value_from: ValueFrom | None = None

    @model_validator(mode="after")
    def _value_given(self) -> FieldCheck:
        if self.op != "exists" and self.value is None and self.value_from is None:
            raise ValueError("give 'value' or 'value_from' (or use op: exists)")
        return self


class PodPhaseCheck(_Target):
    type: Literal["pod_phase"]
    phase: Literal["Pending", "Running", "Succeeded", "Failed"] = "Running"


class PodReadyCheck(_Target):
    type: Literal["pod_ready"]
    min: int = Field(default=1, ge=1)


class PodRestartsCheck(_Target):
    type: Literal["pod_restarts"]
    max: int = Field(default=0, ge=0)


class PodHealthyCheck(_Target):
    """No warning that blocks the pod: image pull, crash loop, scheduling, mount, config errors."""

    type: Literal["pod_healthy"]


class ContainerImageCheck(_Target):
    type: Literal["container_image"]
    kind: Literal["Pod", "Deployment"] = "Pod"
    container: str | None = None
    image: str


class EnvVarCheck(_Target):
    type: Literal["env_var"]
    container: str | None = None
    var: str
    value: str | None = Field(default=None, description="The literal value expected in the running container.")
    configmap: str | None = Field(default=None, description="Expect the value to come from this ConfigMap...")
    key: str | None = Field(default=None, description="...and this key (the running value must match it).")

    @model_validator(mode="after")
    def _value_or_configmap(self) -> EnvVarCheck:
        if (self.configmap is None) != (self.key is None):
            raise ValueError("'configmap' and 'key' go together")
        return self


class VolumeMountCheck(_Target):
    type: Literal["volume_mount"]
    container: str | None = None
    path: str
    configmap: str | None = Field(default=None, description="The volume must come from this ConfigMap.")


class LogsContainCheck(_Target):
    type: Literal["logs_contain"]
    container: str | None = None
    text: str


class ExecOutputCheck(_Target):
    type: Literal["exec_output"]
    container: str | None = None
    command: list[str] = Field(min_length=1)
    text: str


class ConfigMapDataCheck(_Check):
    type: Literal["configmap_data"]
    name: str
    namespace: str | None = None
    keys: list[str] = Field(default_factory=list)
    data: dict[str, str] = Field(default_factory=dict, description="Exact values.")
    contains: dict[str, str] = Field(default_factory=dict, description="Values that must contain a text.")


class ConfigMapConsumedCheck(_Target):
    """Pods selected by name/selector consume the ConfigMap."""

    type: Literal["configmap_consumed"]
    configmap: str
    via: Literal["env", "volume"]


class ServiceEndpointsCheck(_Check):
    """The Service's selector matches Ready pods: it has at least ``min`` ready endpoints."""

    type: Literal["service_endpoints"]
    service: str
    namespace: str | None = None
    min: int = Field(default=1, ge=0)
    max: int | None = None


class ServicePortsCheck(_Check):
    """Service port ``port`` exists and its targetPort matches a containerPort of the pods."""

    type: Literal["service_ports"]
    service: str
    namespace: str | None = None
    port: int
    target_port: int | str | None = None


class ServiceTypeCheck(_Check):
    type: Literal["service_type"]
    service: str
    namespace: str | None = None
    service_type: Literal["ClusterIP", "NodePort", "LoadBalancer"]
    node_port: int | None = None


class DeploymentReplicasCheck(_Check):
    type: Literal["deployment_replicas"]
    deployment: str
    namespace: str | None = None
    replicas: int = Field(ge=0)
    ready: bool = Field(default=True, description="Also require that many ready, updated, available.")


class RolloutCompleteCheck(_Check):
    type: Literal["rollout_complete"]
    deployment: str
    namespace: str | None = None


class RevisionCountCheck(_Check):
    type: Literal["revision_count"]
    deployment: str
    namespace: str | None = None
    min: int = Field(ge=1)


class PodReplacedCheck(_Check):
    """A pod of the Deployment was deleted and the Deployment replaced it (self-healing)."""

    type: Literal["pod_replaced"]
    deployment: str
    namespace: str | None = None


class IngressClassCheck(_Check):
    """The Ingress is served: it names a class that exists, or the cluster has a default class."""

    type: Literal["ingress_class"]
    ingress: str
    namespace: str | None = None


class IngressRuleCheck(_Check):
    type: Literal["ingress_rule"]
    ingress: str
    namespace: str | None = None
    host: str | None = None
    path: str = "/"
    service: str
    port: int | str


class IngressBackendsCheck(_Check):
    """Every backend Service of the Ingress exists, has the port, and has ready endpoints."""

    type: Literal["ingress_backends"]
    ingress: str
    namespace: str | None = None


class IngressAddressCheck(_Check):
    type: Literal["ingress_address"]
    ingress: str
    namespace: str | None = None


class HttpServiceCheck(_Check):
    """An HTTP request from inside the cluster (a probe pod) to the Service's ClusterIP."""

    type: Literal["http_service"]
    service: str
    namespace: str | None = None
    port: int | None = Field(default=None, description="Defaults to the Service's first port.")
    path: str = "/"
    status: int = 200
    text: str | None = None


class HttpIngressCheck(_Check):
    """An HTTP request from this machine through the Ingress's address, with a Host header."""

    type: Literal["http_ingress"]
    ingress: str
    namespace: str | None = None
    host: str | None = None
    path: str = "/"
    status: int = 200
    text: str | None = None


class NodeReadyCheck(_Check):
    type: Literal["node_ready"]
    min: int = Field(default=1, ge=1)


CheckSpec = Annotated[
    ExistsCheck
    | AbsentCheck
    | FieldCheck
    | PodPhaseCheck
    | PodReadyCheck
    | PodRestartsCheck
    | PodHealthyCheck
    | ContainerImageCheck
    | EnvVarCheck
    | VolumeMountCheck
    | LogsContainCheck
    | ExecOutputCheck
    | ConfigMapDataCheck
    | ConfigMapConsumedCheck
    | ServiceEndpointsCheck
    | ServicePortsCheck
    | ServiceTypeCheck
    | DeploymentReplicasCheck
    | RolloutCompleteCheck
    | RevisionCountCheck
    | PodReplacedCheck
    | IngressClassCheck
    | IngressRuleCheck
    | IngressBackendsCheck
    | IngressAddressCheck
    | HttpServiceCheck
    | HttpIngressCheck
    | NodeReadyCheck,
    Field(discriminator="type"),
]

CHECK_TYPES: tuple[str, ...] = tuple(
    sorted(m.model_fields["type"].annotation.__args__[0] for m in CheckSpec.__origin__.__args__)  # type: ignore[attr-defined]
)
