"""``k8slab start`` on the course's real lesson 1 (the first Pod), step 1, in a real terminal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.conftest import REPO
from tests.tty.conftest import DOWN, ENTER, UP, Learner

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

pytestmark = pytest.mark.tty

NAMESPACE = "k8slab-pod"


@pytest.fixture
def real_course(learner: Learner, cluster: Cluster) -> Iterator[Learner]:
    if not (REPO / "lessons" / "01-pod" / "lesson.yaml").is_file():
        pytest.skip("the course has no lesson 01-pod")
    learner.env["K8SLAB_COURSE_DIR"] = str(REPO)
    cluster.delete_lab_namespace(NAMESPACE, wait=True)
    yield learner
    cluster.delete_lab_namespace(NAMESPACE, wait=False)


def test_real_lesson_1_first_step(real_course: Learner) -> None:
    learner = real_course
    child = learner.spawn("start", "--lang", "en", timeout=60)
    child.expect("Choose a lesson:")
    child.expect("lesson-1")
    child.send(DOWN + ENTER)  # lesson-0 (architecture) is the default choice
    child.expect("What a Pod is")  # the lesson's theory
    child.expect("Press any key to start step 1")
    child.send(" ")
    child.expect("step 1/")
    child.expect("kubectl apply -f pod.yaml -n k8slab-pod")  # the step's text
    child.expect("lesson-1 step 1/")
    child.expect("Check my work")

    # the learner writes the pod of the step's text; the course's own copy of it is the same
    learner.kubectl("apply", "-n", NAMESPACE, "-f", str(REPO / "manifests" / "01-pod" / "pod.yaml"))
    learner.kubectl("wait", "-n", NAMESPACE, "--for=condition=Ready", "pod/web", "--timeout=60s")
    child.send(ENTER)
    child.expect("checks pass.")
    child.expect("✓ Step 1 done.")
    child.expect("lesson-1 step 2/")
    assert learner.progress("01-pod")["done_steps"] == ["create"]

    child.send(UP + ENTER)  # Quit
    child.expect("Progress saved. See you soon!")
    assert child.wait_exit() == 0
