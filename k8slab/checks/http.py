"""HTTP checks: through a Service from inside the cluster, through an Ingress from this machine.

These checks say whether the answer is right (status, text). Why a route answers 503 or 404 is
the job of the Service and Ingress checks.
"""

from __future__ import annotations

import re
import shlex
import socket
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from k8slab.checks.base import Verdict, failed, missing, passed, register, unverifiable
from k8slab.checks.fieldpath import short
from k8slab.checks.ingress import address, backends, classes, no_controller
from k8slab.checks.result import Words
from k8slab.checks.services import service_ports_text
from k8slab.checks.words import quoted, say
from k8slab.cluster.view import HttpAnswer
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import HttpIngressCheck, HttpServiceCheck

HOST_TIMEOUT = 3.0
FALLBACK_ADDRESS = "127.0.0.1"
_MAX_BODY = 1 << 20


def http_get(
    address: str, path: str = "/", host: str | None = None, *, port: int = 80, timeout: float = HOST_TIMEOUT
) -> HttpAnswer:
    """GET http://address:port/path from this machine (no proxy), with an optional Host header."""
    where = f"[{address}]" if ":" in address else address
    url = f"http://{where}{'' if port == 80 else f':{port}'}{path if path.startswith('/') else '/' + path}"
    request = urllib.request.Request(url, headers={"Host": host} if host else {}, method="GET")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as resp:
            return HttpAnswer(int(resp.status), _decode(resp.read(_MAX_BODY)), target=url)
    except urllib.error.HTTPError as err:
        body = _decode(err.read(_MAX_BODY)) if err.fp is not None else ""
        return HttpAnswer(int(err.code), body, target=url)
    except urllib.error.URLError as err:
        return HttpAnswer(None, error=_reason(err.reason), target=url)
    except TimeoutError:
        return HttpAnswer(None, error="timed out", target=url)
    except (ConnectionError, OSError) as err:
        return HttpAnswer(None, error=_reason(err), target=url)


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return str(reason.strerror).lower()
    return str(reason)


#: The errors of :func:`http_get` and :func:`k8slab.cluster.view.parse_wget` that have words.
ERRORS = {
    "timed out": Text("timed out", "délai dépassé"),
    "connection refused": Text("connection refused", "connexion refusée"),
    "unknown host": Text("unknown host", "hôte inconnu"),
    "host unreachable": Text("host unreachable", "hôte injoignable"),
    "no route to host": Text("no route to host", "aucune route vers l'hôte"),
    "connection reset by peer": Text("connection reset by peer", "connexion réinitialisée par le serveur"),
    "name or service not known": Text("name or service not known", "nom ou service inconnu"),
}


def error_words(error: str) -> Words:
    """An HTTP error in both languages when it is a known one, else as the system gave it."""
    found = re.fullmatch(r"wget exit code (\S+)", error)
    if found:
        return say("wget exit code {code}", "wget : code de sortie {code}", code=found.group(1))
    return ERRORS.get(error.lower(), error)


def judge(answer: HttpAnswer, expected: Words, status: int, text: str | None, **values: object) -> Verdict:
    """Compare an HTTP answer with the expected status and text."""
    if answer.status is None:
        error = error_words(answer.error)
        return failed("http-failed:error", expected, error, error=error, **values)
    if answer.status != status:
        return failed("http-failed", expected, f"HTTP {answer.status}", got=answer.status, want=status, **values)
    if text is not None and text not in answer.body:
        start: Words = short(" ".join(answer.body.split()), 60) or Text("(empty)", "(vide)")
        return failed(
            "text-missing:http",
            expected,
            say(
                "HTTP {status}, no {text}: {start}",
                "HTTP {status}, pas de {text} : {start}",
                status=answer.status,
                text=quoted(text),
                start=start,
            ),
            status=answer.status,
            text=quoted(text),
            got=start,
            **values,
        )
    if text is None:
        return passed(expected, f"HTTP {answer.status}")
    return passed(
        expected,
        say(
            "HTTP {status}, contains {text}", "HTTP {status}, contient {text}", status=answer.status, text=quoted(text)
        ),
    )


def _expected(status: int, text: str | None) -> Words:
    if text is None:
        return f"HTTP {status}"
    return say("HTTP {status} containing {text}", "HTTP {status} contenant {text}", status=status, text=quoted(text))


@register("http_service")
def check_http_service(spec: HttpServiceCheck, view: ClusterView, ns: str) -> Verdict:
    expected = _expected(spec.status, spec.text)
    svc = view.get("Service", spec.service, ns)
    if svc is None:
        return missing(view, "Service", spec.service, ns, expected)
    ports = [int(p.get("port", 0)) for p in svc.get("spec", {}).get("ports") or []]
    port = spec.port if spec.port is not None else (ports[0] if ports else 80)
    path = spec.path if spec.path.startswith("/") else "/" + spec.path
    url = f"http://{spec.service}.{ns}:{port}{path}"
    run = ["kubectl", "run", "web-test", "-n", ns, "--rm", "-it", "--restart=Never", "--image=busybox:1.37"]
    command = shlex.join([*run, "--", "wget", "-qO-", url])
    values = {"service": spec.service, "namespace": ns, "url": url, "command": command, "port": port}
    if port not in ports:
        shown = service_ports_text(svc)
        no_port = say("no port {port} ({ports})", "pas de port {port} ({ports})", port=port, ports=shown)
        return failed("http-failed:no-port", expected, no_port, **values, ports=shown)
    cluster_ip = svc.get("spec", {}).get("clusterIP")
    if not cluster_ip or cluster_ip == "None":
        headless = Text("no ClusterIP (headless Service)", "pas de ClusterIP (Service headless)")
        return failed("http-failed:error", expected, headless, **values, error=headless)
    answer = view.http_in_cluster(str(cluster_ip), port, path)
    if answer.unavailable:
        return unverifiable(
            "unverifiable:probe", expected, answer.unavailable, namespace=ns, problem=answer.unavailable
        )
    return judge(answer, expected, spec.status, spec.text, **values)


@register("http_ingress")
def check_http_ingress(spec: HttpIngressCheck, view: ClusterView, ns: str) -> Verdict:
    expected = _expected(spec.status, spec.text)
    ingress = view.get("Ingress", spec.ingress, ns)
    if ingress is None:
        return missing(view, "Ingress", spec.ingress, ns, expected)
    if not classes(view):
        return no_controller(expected, ns)
    host = spec.host or next((h for h, _, _, _ in backends(ingress) if h != "*"), None)
    path = spec.path if spec.path.startswith("/") else "/" + spec.path
    where = address(ingress)
    values = {"ingress": spec.ingress, "namespace": ns, "url": f"http://{host or where}{path}"}
    if where is None:
        none = Text("the ingress has no address", "l'ingress n'a pas d'adresse")
        return failed("http-failed:no-address", expected, none, **values)
    answer = http_get(where, path, host)
    if answer.status is None and where != FALLBACK_ADDRESS:
        local = http_get(FALLBACK_ADDRESS, path, host)
        if local.status is not None:
            answer, where = local, FALLBACK_ADDRESS
    header = ["-H", f"Host: {host}"] if host else []
    command = shlex.join(["curl", *header, f"http://{_host(where)}{path}"])
    return judge(answer, expected, spec.status, spec.text, **values, command=command)


def _host(address: str) -> str:
    return f"[{address}]" if ":" in address else address
