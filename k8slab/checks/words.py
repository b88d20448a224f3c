"""Building what checks say in ``expected`` and ``actual``, in French and in English.

A plain ``str`` reads the same in both languages (``nginx:1.27``, ``HTTP 404``, ``Running``);
anything with words is a :class:`~k8slab.i18n.Text`, built with :func:`say` from two templates
whose ``{placeholders}`` take strings, numbers or other Texts (filled in each language).
French templates follow French typography: a space before ``:`` and ``;``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from k8slab.checks.result import Words, in_language
from k8slab.i18n import Lang, Text

__all__ = ["Words", "and_others", "joined", "operator", "prefixed", "quoted", "say"]


def _values(values: dict[str, Any], lang: Lang) -> dict[str, Any]:
    return {k: v.get(lang) if isinstance(v, Text) else v for k, v in values.items()}


def say(en: str, fr: str, /, **values: Any) -> Text:
    """``en`` and ``fr`` with their ``{placeholders}`` filled; a Text value fills each in its language."""
    return Text(en=en.format(**_values(values, "en")), fr=fr.format(**_values(values, "fr")))


def prefixed(head: str | None, tail: Words) -> Words:
    """``head: tail`` (``head : tail`` in French), or ``tail`` alone when there is no head."""
    if not head:
        return tail
    return say("{head}: {tail}", "{head} : {tail}", head=head, tail=tail)


def joined(parts: Iterable[Words], en_sep: str = "; ", fr_sep: str = " ; ") -> Words:
    """The parts one after the other; a plain str when none of them has words."""
    items = list(parts)
    if all(isinstance(p, str) for p in items) and en_sep == fr_sep:
        return en_sep.join(str(p) for p in items)
    return Text(
        en=en_sep.join(in_language(p, "en") for p in items),
        fr=fr_sep.join(in_language(p, "fr") for p in items),
    )


def and_others(rest: Sequence[str], shown: int = 3) -> Words:
    """`` (and 2 others: a, b)`` after a first namespace, or "" when there are no others."""
    if not rest:
        return ""
    names = ", ".join(rest[:shown]) + (", …" if len(rest) > shown else "")
    if len(rest) == 1:
        return say(" (and 1 other: {names})", " (et 1 autre : {names})", names=names)
    return say(" (and {n} others: {names})", " (et {n} autres : {names})", n=len(rest), names=names)


#: Field-check operators that are words (the others are symbols: ==, !=, >=...).
_OPERATORS = {
    "contains": ("contains", "contient"),
    "matches": ("matches", "correspond à"),
    "exists": ("set", "renseigné"),
}


def operator(op: str) -> Words:
    """A field check's operator as a learner reads it (``contains``: ``contient``)."""
    if op in _OPERATORS:
        en, fr = _OPERATORS[op]
        return Text(en, fr)
    return op


def quoted(text: str) -> Text:
    """A literal text between quotes: ``'ready'``, « ready » in French."""
    return Text(repr(text), f"« {text} »")
