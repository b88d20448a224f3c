"""``k8slab watch`` in a real terminal (and without one) against the test cluster."""

from __future__ import annotations

import pytest

from tests.tty.conftest import CTRL_C, Learner

pytestmark = pytest.mark.tty


def test_watch_sees_a_change_and_moves_on(learner: Learner) -> None:
    child = learner.spawn("watch", "lesson-2", "--lang", "en")
    child.expect("lesson-2 step 1/2: Create the ConfigMap first")
    child.expect("0/1 checks pass.")
    child.expect("q quit")

    learner.kubectl("-n", "k8slab-fixture-watch", "create", "configmap", "first", "--from-literal=colour=red")
    child.expect("data.colour is red")  # re-checked on the watch event, with why it fails
    learner.kubectl("-n", "k8slab-fixture-watch", "patch", "configmap", "first", "-p", '{"data":{"colour":"blue"}}')
    child.expect("Step 1 done")
    child.expect("lesson-2 step 2/2: Run the pod web")
    assert learner.progress("02-watch")["done_steps"] == ["first"]

    child.send("h")
    child.expect("Hint 1/1")
    child.send("s")
    child.expect("manifests/02-watch/pod.yaml")
    child.send("q")
    child.expect("Progress saved (lesson-2 step 2/2)")
    assert child.wait_exit() == 0
    progress = learner.progress("02-watch")
    assert progress["current_step"] == "web" and progress["hints"] == {"web": 1}


def test_watch_reset_asks_first_and_ctrl_c_exits_130(learner: Learner) -> None:
    child = learner.spawn("watch", "lesson-1", "--lang", "fr")
    child.expect("lesson-1 étape 1/2 : Créer la ConfigMap greeting")
    child.expect("q quitter")
    child.send("r")
    child.expect("o : oui, autre touche : non")
    child.send("x")
    child.expect("Réinitialisation annulée.")
    child.send(CTRL_C)
    assert child.wait_exit() == 130
    assert learner.progress("01-config")["current_step"] == "greeting"


def test_watch_without_a_terminal_prints_changes_until_the_lesson_is_done(learner: Learner) -> None:
    child = learner.run_piped("watch", "lesson-2", "--lang", "en")
    child.expect("Watching lesson-2 step 1/2")
    child.expect("0/1 checks pass.")
    learner.kubectl("-n", "k8slab-fixture-watch", "create", "configmap", "first", "--from-literal=colour=blue")
    child.expect("✓ Step 1 done.")
    child.expect("Now lesson-2 step 2/2: Run the pod web")
    learner.kubectl("-n", "k8slab-fixture-watch", "run", "web", "--image=nginx:1.27")
    child.expect("All 2 checks pass.")
    child.expect("lesson-2 is complete. Well done!")
    assert child.wait_exit() == 0
    assert learner.progress("02-watch")["completed_at"]
