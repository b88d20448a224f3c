"""Languages: every text a learner reads exists in French and in English.

``Text`` holds one text in both languages. The language in use is chosen once per command
(``--lang``, else ``K8SLAB_LANG``, else the locale) with :func:`set_language` and read with
:func:`language`. ``Text.format`` fills ``{placeholders}`` in both languages at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["en", "fr"]
LANGUAGES: tuple[Lang, ...] = ("en", "fr")

_current: Lang | None = None


@dataclass(frozen=True)
class Text:
    """One text in English and in French."""

    en: str
    fr: str

    def get(self, lang: Lang | None = None) -> str:
        """The text in ``lang`` (default: the language in use)."""
        return self.fr if (lang or language()) == "fr" else self.en

    def __str__(self) -> str:
        return self.get()

    def format(self, **values: Any) -> Text:
        """Both languages with ``{name}`` placeholders filled."""
        return Text(en=self.en.format(**values), fr=self.fr.format(**values))

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "fr": self.fr}


def same(text: str) -> Text:
    """A text that reads the same in both languages (a name, a command, a number)."""
    return Text(en=text, fr=text)


def detect_language() -> Lang:
    """``K8SLAB_LANG`` if set, else French when the locale is French, else English."""
    explicit = os.environ.get("K8SLAB_LANG", "").strip().lower()
    if explicit in LANGUAGES:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def set_language(lang: str | None) -> Lang:
    """Choose the language for this process; ``None`` means detect it."""
    global _current
    if lang is None:
        _current = detect_language()
    else:
        lowered = lang.strip().lower()
        if lowered not in LANGUAGES:
            from k8slab.errors import UsageError

            raise UsageError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
        _current = lowered
    return _current


def language() -> Lang:
    """The language in use (detected on first call)."""
    return _current or set_language(None)


def t(en: str, fr: str) -> str:
    """Pick between two inline texts in the language in use."""
    return fr if language() == "fr" else en


def colon() -> str:
    """A colon as the language in use writes it (French puts a space before it)."""
    return t(":", " :")
