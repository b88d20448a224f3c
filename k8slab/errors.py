"""The one family of errors a user is meant to read.

Every error k8slab raises on purpose derives from :class:`K8sLabError`. The CLI catches it in
one place (``k8slab.cli.app.main``), prints ``message`` (and ``hint`` when there is one) on one
or two lines and exits with ``exit_code``. Anything else is a bug and shows a traceback only
with ``--debug``.
"""

from __future__ import annotations


class K8sLabError(Exception):
    """An error with a message for the user, an optional hint and an exit code."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(K8sLabError):
    """The command line asks for something that does not exist or cannot be done."""

    exit_code = 2


class InteractiveSessionError(UsageError):
    """An interactive command was run without a terminal."""


class LessonFileError(K8sLabError):
    """A lesson file or one of its manifests is broken; the message names the file and field."""


class ManifestError(K8sLabError):
    """A manifest cannot be read or parsed."""


class ProgressError(K8sLabError):
    """Progress cannot be saved."""


class ToolMissingError(K8sLabError):
    """A program k8slab needs (docker, kind) is not installed."""


class KindError(K8sLabError):
    """kind or Docker failed; the message says why and what to do."""


class ClusterError(K8sLabError):
    """Something went wrong talking to the cluster."""


class ClusterUnreachableError(ClusterError):
    """The cluster's API server cannot be reached."""


class ContextError(ClusterError):
    """The kubeconfig or the context is missing, or is not the lab's."""


class AuthError(ClusterError):
    """The API server refused the credentials or the action (401/403)."""


class ResourceNotFoundError(ClusterError):
    """An object the command needs does not exist."""


class InvalidManifestError(ClusterError):
    """The API server rejected a manifest; the message carries the server's field message."""


class GuardError(ClusterError):
    """k8slab refuses to touch something that is not its own (an unlabelled namespace)."""


class ClusterTimeoutError(ClusterError):
    """The cluster did not reach the expected state in time."""
