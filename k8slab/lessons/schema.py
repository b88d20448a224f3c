"""The lesson file format (``lessons/<id>/lesson.yaml``), version 1.

A lesson is data: texts in French and English, the manifests it applies, typed checks, staged
hints, a solution, known mistakes. Every model is frozen and refuses unknown fields, so a typo
in a lesson file is reported with the file and the field instead of being ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from k8slab.i18n import Text

FORMAT_VERSION = 1

#: The diagnoses that checks can give. A known mistake names the one it must produce.
DIAGNOSES: frozenset[str] = frozenset(
    {
        "not-found",
        "wrong-namespace",
        "field-mismatch",
        "labels-missing",
        "image-pull",
        "crash-loop",
        "unschedulable",
        "mount-failed",
        "configmap-missing",
        "configmap-key-missing",
        "pod-not-ready",
        "too-many-restarts",
        "env-missing",
        "env-stale",
        "mount-missing",
        "selector-mismatch",
        "no-ready-endpoints",
        "target-port-mismatch",
        "port-mismatch",
        "wrong-service-type",
        "replicas-mismatch",
        "image-mismatch",
        "rollout-stuck",
        "revision-missing",
        "pod-not-replaced",
        "ingress-no-class",
        "ingress-not-served",
        "ingress-rule-missing",
        "ingress-backend-wrong",
        "ingress-backend-no-endpoints",
        "http-failed",
        "text-missing",
        "node-not-ready",
    }
)

_NAME = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Model):
    """A text in both languages; both are required and non-empty."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def text(self) -> Text:
        return Text(en=self.en, fr=self.fr)

    def get(self, lang: str | None = None) -> str:
        return self.text().get(lang)  # type: ignore[arg-type]


# --- what a check looks at -------------------------------------------------------------------


class _Check(_Model):
    """Fields every check has."""

    id: str | None = Field(default=None, description="Unique within the step; defaults to type + position.")
    title: Localized | None = Field(default=None, description="What is checked; generated when absent.")
    hint: Localized | None = Field(default=None, description="What to try when it fails (overrides the default).")


class _Target(_Check):
    """A check about one object (by name) or a set of objects (by label selector)."""

    name: str | None = None
    selector: dict[str, str] | None = None
    namespace: str | None = Field(default=None, description="Defaults to the lesson's namespace.")

    @model_validator(mode="after")
    def _name_or_selector(self) -> _Target:
        if (self.name is None) == (self.selector is None):
            raise ValueError("give exactly one of 'name' or 'selector'")
        return self


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


# --- what a step does to the cluster --------------------------------------------------------


class ApplyAction(_Model):
    """Apply one manifest at this point of the sequence (e.g. after deleting a Pod)."""

    do: Literal["apply"]
    manifest: str


class DeleteAction(_Model):
    do: Literal["delete"]
    kind: str
    name: str | None = None
    selector: dict[str, str] | None = None
    one: bool = Field(default=False, description="Delete only one of the matching objects.")
    namespace: str | None = None
    wait: bool = Field(default=True, description="Wait until the objects are gone.")

    @model_validator(mode="after")
    def _name_or_selector(self) -> DeleteAction:
        if (self.name is None) == (self.selector is None):
            raise ValueError("give exactly one of 'name' or 'selector'")
        return self


class RolloutUndoAction(_Model):
    do: Literal["rollout_undo"]
    deployment: str
    namespace: str | None = None


class RolloutRestartAction(_Model):
    do: Literal["rollout_restart"]
    deployment: str
    namespace: str | None = None


Action = Annotated[ApplyAction | DeleteAction | RolloutUndoAction | RolloutRestartAction, Field(discriminator="do")]


class Operations(_Model):
    """Changes to the cluster: manifests to apply, then actions in order, then manifests to delete."""

    apply: list[str] = Field(default_factory=list, description="Manifest paths under manifests/.")
    actions: list[Action] = Field(default_factory=list)
    delete: list[str] = Field(default_factory=list, description="Delete the objects of these manifests.")

    def is_empty(self) -> bool:
        return not (self.apply or self.actions or self.delete)


class Solve(Operations):
    """The solution: what k8slab applies, and the kubectl commands a learner would type."""

    commands: list[str] = Field(default_factory=list)


class Mistake(Operations):
    """A variant of the solution a beginner typically writes, and the diagnosis it must get."""

    id: str = Field(pattern=_NAME)
    title: Localized
    diagnosis: str
    check: str | None = Field(default=None, description="The check expected to give the diagnosis.")

    @field_validator("diagnosis")
    @classmethod
    def _known_diagnosis(cls, value: str) -> str:
        if value not in DIAGNOSES:
            raise ValueError(f"unknown diagnosis {value!r}; known: {', '.join(sorted(DIAGNOSES))}")
        return value


class Step(_Model):
    id: str = Field(pattern=_NAME)
    title: Localized
    text: Localized = Field(description="Markdown shown to the learner.")
    setup: Operations = Field(default_factory=Operations)
    checks: list[CheckSpec] = Field(min_length=1)
    hints: list[Localized] = Field(min_length=1, description="Staged: a nudge first, nearly the answer last.")
    solve: Solve
    cleanup: Operations = Field(default_factory=Operations)
    mistakes: list[Mistake] = Field(default_factory=list)
    timeout: int = Field(default=90, ge=1, description="Seconds the cluster may take to converge.")

    def check_ids(self) -> list[str]:
        return [c.id or f"{c.type}-{i + 1}" for i, c in enumerate(self.checks)]


class QuizChoice(_Model):
    text: Localized
    correct: bool = False
    explanation: Localized


class QuizQuestion(_Model):
    question: Localized
    choices: list[QuizChoice] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_correct(self) -> QuizQuestion:
        if sum(c.correct for c in self.choices) != 1:
            raise ValueError("exactly one choice must be correct")
        return self


class Lesson(_Model):
    format_version: int
    id: str = Field(pattern=_NAME)
    number: int = Field(ge=0)
    slug: str = Field(pattern=_NAME)
    namespace: str = Field(pattern=_NAME)
    title: Localized
    summary: Localized
    duration_minutes: int = Field(default=20, ge=1)
    objectives: list[Localized] = Field(min_length=1)
    theory: Localized
    prerequisites: list[str] = Field(default_factory=list, description="Manifests applied at lesson setup.")
    steps: list[Step] = Field(min_length=1)
    quiz: list[QuizQuestion] = Field(default_factory=list)
    recap: Localized

    @field_validator("format_version")
    @classmethod
    def _supported_version(cls, value: int) -> int:
        if value > FORMAT_VERSION:
            raise ValueError(
                f"format_version {value} is newer than this k8slab understands ({FORMAT_VERSION}): upgrade k8slab"
            )
        if value < 1:
            raise ValueError("format_version must be 1 or more")
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> Lesson:
        seen: set[str] = set()
        for step in self.steps:
            if step.id in seen:
                raise ValueError(f"step id {step.id!r} is used twice")
            seen.add(step.id)
            ids = step.check_ids()
            dupes = {i for i in ids if ids.count(i) > 1}
            if dupes:
                raise ValueError(f"step {step.id!r}: check id {sorted(dupes)[0]!r} is used twice")
            for mistake in step.mistakes:
                if mistake.check is not None and mistake.check not in ids:
                    raise ValueError(f"step {step.id!r}: mistake {mistake.id!r} names unknown check {mistake.check!r}")
        return self

    def step_index(self, step_id: str) -> int:
        for i, step in enumerate(self.steps):
            if step.id == step_id:
                return i
        raise KeyError(step_id)

    @property
    def label(self) -> str:
        return f"lesson-{self.number}"


def name_pattern_ok(value: str) -> bool:
    return re.match(_NAME, value) is not None
