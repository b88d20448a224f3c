"""Inside pods: logs, and commands run in a container."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from k8slab.cluster.api import ClusterBase, translate_api_error
from k8slab.cluster.kinds import KINDS


@dataclass(frozen=True)
class ExecResult:
    stdout: str
    stderr: str
    returncode: int | None


class PodAccess(ClusterBase):
    def logs(
        self,
        namespace: str,
        pod: str,
        container: str | None = None,
        *,
        tail_lines: int | None = None,
        previous: bool = False,
    ) -> str:
        result = self.request(
            "GET",
            KINDS["Pod"].path(namespace, pod, "log"),
            query={"container": container, "tailLines": tail_lines, "previous": "true" if previous else None},
            what=f"logs of pod/{pod}",
        )
        return result if isinstance(result, str) else json.dumps(result)

    def exec(
        self,
        namespace: str,
        pod: str,
        command: builtins.list[str],
        container: str | None = None,
        *,
        timeout: float = 10,
    ) -> ExecResult:
        """Run a command in a container (like ``kubectl exec``) and collect its output.

        The client's websocket transport is used directly: going through ``CoreV1Api`` would build
        the models of the whole core API first, which costs more than the command itself.
        """
        from kubernetes.stream import ws_client

        websocket: Any = ws_client  # untyped

        self._count("EXEC pods")
        query = [("command", part) for part in command]
        query += [("stdout", "true"), ("stderr", "true"), ("stdin", "false"), ("tty", "false")]
        if container:
            query.append(("container", container))
        path = f"{KINDS['Pod'].path(namespace, pod, 'exec')}?{urlencode(query)}"
        try:
            _, url, headers, _, _ = self.api_client.param_serialize(
                "GET", path, header_params={}, auth_settings=["BearerToken"]
            )
            client = websocket.WSClient(self.api_client.configuration, websocket.get_websocket_url(url), headers, True)
        except Exception as err:
            # A refused websocket handshake carries the API server's answer (e.g. 500 "container not
            # found" for a container that is not running): only a failure without one means the
            # cluster cannot be reached. The kubernetes client wraps it in ApiException(status=0,
            # reason="Handshake status 500 ... -+-+- {headers} -+-+- body") and keeps the websocket
            # error (status_code, resp_body) as its context.
            import re

            status, body = getattr(err, "status", None), getattr(err, "body", None)
            cause: BaseException | None = err
            while not (isinstance(status, int) and status > 0) and cause is not None:
                status, body = getattr(cause, "status_code", None), getattr(cause, "resp_body", None)
                cause = cause.__cause__ or cause.__context__
            if not (isinstance(status, int) and status > 0):
                reason = str(getattr(err, "reason", None) or err)
                found = re.search(r"Handshake status (\d{3})", reason)
                status = int(found.group(1)) if found else None
                body = reason.rsplit(" -+-+- ", 1)[-1].strip() if found and " -+-+- " in reason else None
            if isinstance(status, int) and status > 0:
                raise translate_api_error(status, body, f"exec in pod/{pod}", self.target.describe()) from None
            raise self._translate(err, f"exec in pod/{pod}") from None
        try:
            client.run_forever(timeout=timeout)
            out, err_text = client.read_stdout() or "", client.read_stderr() or ""
            code = client.returncode if not client.is_open() else None
        finally:
            client.close()
        return ExecResult(stdout=out, stderr=err_text, returncode=code)
