from __future__ import annotations

from rich.console import Console

from k8slab.i18n import set_language
from k8slab.lessons.loader import load_course
from k8slab.lessons.schema import QuizQuestion
from k8slab.ui.quiz import run_quiz
from tests.fixtures.course_fixture import COURSE


def quiz_questions() -> list[QuizQuestion]:
    intro = load_course(COURSE / "lessons")[0]
    assert intro.quiz
    return intro.quiz


def test_quiz_scores_and_explains_every_answer() -> None:
    questions = quiz_questions()
    console = Console(record=True, width=80, color_system=None)
    asked: list[str] = []

    def ask(prompt: str, choices: list[str]) -> int:
        asked.append(prompt)
        return 0  # right for question 1, wrong for question 2

    score, total = run_quiz(questions, console, ask)
    out = console.export_text()
    assert (score, total) == (1, 2)
    assert asked[0].startswith("Question 1/2: What holds configuration?")
    assert "✓ Right." in out and "Yes: a ConfigMap holds key-value configuration." in out
    assert "✗ Not quite." in out and "No: that lists Pods." in out
    assert "The answer: kubectl get configmaps" in out
    assert "Quiz: 1/2" in out


def test_quiz_in_french() -> None:
    set_language("fr")
    try:
        console = Console(record=True, width=80, color_system=None)
        prompts: list[str] = []

        def ask(prompt: str, choices: list[str]) -> int:
            prompts.append(prompt)
            return 0

        score, _ = run_quiz(quiz_questions(), console, ask)
        out = console.export_text()
    finally:
        set_language("en")
    assert prompts[0] == "Question 1/2 : Qu'est-ce qui contient la configuration ?"
    assert "✓ Juste." in out and "✗ Pas tout à fait." in out
    assert "Non : elle liste les Pods." in out
    assert "La réponse : kubectl get configmaps" in out
    assert "Quiz : 1/2" in out and score == 1
