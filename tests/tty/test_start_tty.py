"""``k8slab start`` in a real terminal against the test cluster."""

from __future__ import annotations

import pytest

from tests.tty.conftest import CTRL_C, DOWN, ENTER, UP, Learner

pytestmark = pytest.mark.tty


def test_start_check_passes_saves_progress_and_quits(learner: Learner) -> None:
    child = learner.spawn("start", "--lang", "en")
    child.expect("lab cluster reachable")
    child.expect("Choose a lesson:")
    child.expect("lesson-1  · new  Fixture ConfigMaps")
    child.send(DOWN + ENTER)  # lesson-0 is the default choice; lesson-1 is the next one
    child.expect("ConfigMaps hold configuration for pods.")  # the lesson's introduction
    child.expect("Press any key to start step 1")
    child.send(" ")
    child.expect("step 1/2: Create the ConfigMap greeting")
    child.expect("lesson-1 step 1/2 — what now?")
    child.expect("Check my work")

    # a first check before doing anything says what is missing and why
    child.send(ENTER)
    child.expect("✗ ConfigMap greeting exists")
    child.expect("why:")
    child.expect("0/2 checks pass.")
    child.expect("lesson-1 step 1/2 — what now?")
    assert learner.progress("01-config").get("done_steps", []) == []

    learner.kubectl("-n", "k8slab-fixture-start", "create", "configmap", "greeting", "--from-literal=message=hello")
    child.send(ENTER)
    child.expect("✓ ConfigMap greeting exists")
    child.expect("All 2 checks pass.")
    child.expect("✓ Step 1 done.")
    child.expect("step 2/2: Create the ConfigMap farewell")
    child.expect("lesson-1 step 2/2 — what now?")
    progress = learner.progress("01-config")
    assert progress["done_steps"] == ["greeting"]
    assert progress["current_step"] == "farewell"

    child.send(UP + ENTER)  # the last entry: Quit
    child.expect("Progress saved. See you soon!")
    assert child.wait_exit() == 0
    assert learner.progress("01-config")["seconds"] > 0


def test_start_in_french_hint_then_ctrl_c_keeps_progress(learner: Learner) -> None:
    child = learner.spawn("start", "--lang", "fr")
    child.expect("Choisissez une leçon :")
    child.send(DOWN + ENTER)
    child.expect("Appuyez sur une touche pour commencer l'étape 1")
    child.send(" ")
    child.expect("lesson-1 étape 1/2 — et maintenant ?")
    child.send(DOWN + ENTER)  # Voir un indice (1/2)
    child.expect("Indice 1/2")
    child.expect("Une ConfigMap se crée avec kubectl create configmap.")
    child.expect("Voir un indice (2/2)")
    child.send(CTRL_C)
    child.expect("interrompu.")
    assert child.wait_exit() == 130
    progress = learner.progress("01-config")
    assert progress["hints"] == {"greeting": 1}
    assert progress["current_step"] == "greeting"
    assert progress.get("done_steps", []) == []


def test_apply_the_solution_then_the_quiz(learner: Learner) -> None:
    child = learner.spawn("start", "--lang", "en")
    child.expect("Choose a lesson:")
    child.send(ENTER)  # lesson-0: the fixture lesson with a quiz
    child.expect("Press any key to start step 1")
    child.send(" ")
    child.expect("lesson-0 step 1/1 — what now?")
    child.send(DOWN * 3 + ENTER)  # Apply the solution for me
    child.expect("manifests/00-intro/hello.yaml")
    child.expect("configmap/hello -n k8slab-fixture-intro created")
    child.expect("The check passes.")
    child.expect("lesson-0 complete: Fixture intro")
    child.expect("You created a ConfigMap.")
    child.expect("Take the quiz (2 questions)?")
    child.send(ENTER)  # Yes
    child.expect("Question 1/2: What holds configuration?")
    child.send(ENTER)  # A ConfigMap: right
    child.expect("✓ Right.")
    child.expect("Yes: a ConfigMap holds key-value configuration.")
    child.expect("Question 2/2: Which command lists ConfigMaps?")
    child.send(ENTER)  # kubectl get pods: wrong
    child.expect("✗ Not quite.")
    child.expect("The answer: kubectl get configmaps")
    child.expect("Quiz: 1/2. Good.")
    child.expect("lesson-0  ✓ done  Fixture intro")
    child.send(CTRL_C)
    assert child.wait_exit() == 130
    assert learner.progress("00-intro")["completed_at"]
