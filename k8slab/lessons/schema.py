"""The lesson file format (``lessons/<id>/lesson.yaml``), version 1.

A lesson is data: texts in French and English, the manifests it applies, typed checks, staged
hints, a solution, known mistakes. Every model is frozen and refuses unknown fields, so a typo
in a lesson file is reported with the file and the field instead of being ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from k8slab.lessons.check_specs import CheckSpec
from k8slab.lessons.model_base import NAME_PATTERN as _NAME
from k8slab.lessons.model_base import FrozenModel as _Model
from k8slab.lessons.model_base import Localized, NameOrSelector

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

# --- what a step does to the cluster --------------------------------------------------------


class ApplyAction(_Model):
    """Apply one manifest at this point of the sequence (e.g. after deleting a Pod)."""

    do: Literal["apply"]
    manifest: str


class DeleteAction(NameOrSelector):
    do: Literal["delete"]
    kind: str
    one: bool = Field(default=False, description="Delete only one of the matching objects.")
    namespace: str | None = None
    wait: bool = Field(default=True, description="Wait until the objects are gone.")


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

    @property
    def label(self) -> str:
        return f"lesson-{self.number}"
