"""Questions asked with questionary, in the learner's language, answered with the arrow keys."""

from __future__ import annotations

from typing import Any

from k8slab.i18n import t


def instruction() -> str:
    return t("(arrow keys, Enter)", "(flèches, Entrée)")


def select(prompt: str, choices: list[tuple[str, Any]], default: Any = None) -> Any:
    import questionary

    options = [questionary.Choice(title, value=value) for title, value in choices]
    chosen = next((o for o in options if o.value == default), None) if default is not None else None
    return questionary.select(prompt, choices=options, default=chosen, instruction=instruction()).unsafe_ask()


def confirm(question: str, default: bool = False) -> bool:
    """A yes/no question answered with the arrow keys (the same in every language)."""
    return bool(select(question, [(t("Yes", "Oui"), True), (t("No", "Non"), False)], default))


def pause(message: str) -> None:
    import questionary

    questionary.press_any_key_to_continue(message).unsafe_ask()


def duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return t("less than a minute", "moins d'une minute")
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"
