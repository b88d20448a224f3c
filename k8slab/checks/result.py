"""What a check returns: a status, what was expected, what was found, why, and what to try."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from k8slab.i18n import Lang, Text

#: What a learner reads: a :class:`Text` in both languages, or a plain ``str`` that reads the
#: same in both (a name, an image, a number, ``Running``).
Words = str | Text


def in_language(value: Words, lang: Lang | None = None) -> str:
    """``value`` in ``lang`` (default: the language in use)."""
    return value if isinstance(value, str) else value.get(lang)


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    #: The cluster lacks what the check needs (no DNS, no Ingress controller): never a pass.
    UNVERIFIABLE = "cannot-verify-here"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check."""

    check_id: str
    title: Text
    status: Status
    expected: Words = ""
    actual: Words = ""
    why: Text | None = None
    hint: Text | None = None
    diagnosis: str | None = None

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    def expected_text(self, lang: Lang | None = None) -> str:
        """What was expected, in ``lang`` (default: the language in use)."""
        return in_language(self.expected, lang)

    def actual_text(self, lang: Lang | None = None) -> str:
        """What was found, in ``lang`` (default: the language in use)."""
        return in_language(self.actual, lang)

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.check_id,
            "title": self.title.get(lang),
            "status": self.status.value,
            "expected": self.expected_text(lang),
            "actual": self.actual_text(lang),
            "why": self.why.get(lang) if self.why else None,
            "hint": self.hint.get(lang) if self.hint else None,
            "diagnosis": self.diagnosis,
        }


@dataclass(frozen=True)
class StepReport:
    """The results of one step's checks."""

    lesson_id: str
    step_id: str
    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        return [r for r in self.results if r.status is Status.FAILED]

    @property
    def unverifiable(self) -> list[CheckResult]:
        return [r for r in self.results if r.status is Status.UNVERIFIABLE]

    def diagnoses(self) -> set[str]:
        return {r.diagnosis for r in self.results if r.diagnosis and not r.passed}
