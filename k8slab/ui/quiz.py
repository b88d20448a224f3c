"""The quiz at the end of a lesson: one question at a time, the explanation of each answer, a score."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markdown import Markdown
from rich.padding import Padding
from rich.text import Text as RichText

from k8slab.i18n import t

if TYPE_CHECKING:
    from k8slab.lessons.schema import QuizQuestion

#: Asks one question: (prompt, choice texts) -> index of the chosen answer.
Ask = Callable[[str, list[str]], int]


def ask_with_questionary(prompt: str, choices: list[str]) -> int:
    import questionary

    from k8slab.ui.prompts import instruction

    picked = questionary.select(
        prompt,
        choices=[questionary.Choice(text, value=i) for i, text in enumerate(choices)],
        instruction=instruction(),
    ).unsafe_ask()
    return int(picked)


def verdict(question: QuizQuestion, chosen: int) -> tuple[bool, RichText | Markdown, str | None]:
    """Whether the answer is right, what to print about it, and the right answer when it is wrong."""
    choice = question.choices[chosen]
    right = next(c for c in question.choices if c.correct)
    return choice.correct, Markdown(choice.explanation.get()), None if choice.correct else right.text.get()


def run_quiz(questions: Sequence[QuizQuestion], console: Console, ask: Ask | None = None) -> tuple[int, int]:
    """Ask every question; returns (right answers, questions)."""
    ask = ask or ask_with_questionary
    score = 0
    total = len(questions)
    for number, question in enumerate(questions, 1):
        console.print()
        text = question.question.get()
        prompt = t(f"Question {number}/{total}: {text}", f"Question {number}/{total} : {text}")
        chosen = ask(prompt, [c.text.get() for c in question.choices])
        correct, explanation, right_text = verdict(question, chosen)
        if correct:
            score += 1
            console.print(RichText(t("✓ Right.", "✓ Juste."), style="bold green"))
        else:
            console.print(RichText(t("✗ Not quite.", "✗ Pas tout à fait."), style="bold red"))
        console.print(Padding(explanation, (0, 0, 0, 2)))
        if right_text is not None:
            console.print(Padding(RichText(t(f"The answer: {right_text}", f"La réponse : {right_text}")), (0, 0, 0, 2)))
    console.print()
    console.print(score_line(score, total))
    return score, total


def score_line(score: int, total: int) -> RichText:
    if score == total:
        words = t(f"Quiz: {score}/{total}. All right, well done!", f"Quiz : {score}/{total}. Tout juste, bravo !")
    elif score * 2 >= total:
        words = t(f"Quiz: {score}/{total}. Good.", f"Quiz : {score}/{total}. Bien.")
    else:
        words = t(
            f"Quiz: {score}/{total}. Read the lesson's recap again.",
            f"Quiz : {score}/{total}. Relisez le résumé de la leçon.",
        )
    return RichText(words, style="bold")
