"""``k8slab watch`` without a terminal: the checklist printed each time it changes, no keys.

For a log, a pipe or a script: it stops by itself (exit code 0) when the lesson is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from k8slab.i18n import t

if TYPE_CHECKING:
    from k8slab.cluster.watcher import NamespaceWatcher
    from k8slab.ui.watch import Watch


def run_plain(watch: Watch, watcher: NamespaceWatcher) -> None:
    from k8slab.ui.render import report_view
    from k8slab.ui.watch import FALLBACK

    out = watch.console
    out.print(t(f"Watching {watch.title()} (Ctrl-C to stop)", f"Suivi de {watch.title()} (Ctrl-C pour arrêter)"))
    shown: tuple[tuple[str, str], ...] | None = None
    last_error: str | None = None
    while True:
        watch.recheck()
        if watch.error is not None and watch.error != last_error:
            out.print(
                t(
                    f"cannot check: {watch.error} (trying again)",
                    f"vérification impossible : {watch.error} (nouvel essai)",
                )
            )
        last_error = watch.error
        report = watch.report
        if report is not None and watch.error is None:
            state = tuple((r.check_id, r.status.value) for r in report.results)
            if state != shown:
                out.print(report_view(report, watch.title()))
                shown = state
            if report.passed:
                number = watch.pos.number
                nxt = watch.advance()
                out.print(t(f"✓ Step {number} done.", f"✓ Étape {number} réussie."))
                if nxt is None:
                    out.print(
                        t(
                            f"{watch.lesson.label} is complete. Well done!",
                            f"{watch.lesson.label} est terminée. Bravo !",
                        )
                    )
                    return
                out.print(t(f"Now {watch.title()}", f"Maintenant : {watch.title()}"))
                shown = None
                continue
        watcher.wait(FALLBACK)
