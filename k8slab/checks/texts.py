"""What a failed check says, in French and in English: why it fails, and what to try.

Texts are keyed by diagnosis id (``image-pull``) or by diagnosis and variant
(``not-found:selector``); :func:`explain` fills their ``{placeholders}``. Texts about objects
and pods are here; texts about configuration are in :mod:`k8slab.checks.texts_config`, about
the network and workloads in :mod:`k8slab.checks.texts_net`.
"""

from __future__ import annotations

import string
from typing import Any

from k8slab.i18n import Text

T = Text

TEXTS: dict[str, tuple[Text, Text]] = {
    # --- objects --------------------------------------------------------------------------
    "not-found": (
        T(
            "There is no {kind} named {name} in namespace {namespace}.",
            "Il n'y a aucun objet {kind} nommé {name} dans le namespace {namespace}.",
        ),
        T(
            "Create it in that namespace (kubectl apply -f <file> -n {namespace}); "
            "kubectl get {resource} -n {namespace} lists what is there.",
            "Créez-le dans ce namespace (kubectl apply -f <fichier> -n {namespace}) ; "
            "kubectl get {resource} -n {namespace} liste ce qui s'y trouve.",
        ),
    ),
    "not-found:selector": (
        T(
            "Namespace {namespace} has {count} {kind} with the labels {selector}; at least {min} expected.",
            "Le namespace {namespace} contient {count} objet(s) {kind} avec les labels {selector} ; "
            "il en faut au moins {min}.",
        ),
        T(
            "kubectl get {resource} -n {namespace} --show-labels shows the labels of what is there.",
            "kubectl get {resource} -n {namespace} --show-labels affiche les labels de ce qui existe.",
        ),
    ),
    "wrong-namespace": (
        T(
            "{kind} {name} exists, but in namespace {found}{others}, not in {namespace}: you probably forgot "
            "-n {namespace}.",
            "L'objet {kind} {name} existe, mais dans le namespace {found}{others} et non dans {namespace} : "
            "vous avez probablement oublié -n {namespace}.",
        ),
        T(
            "Delete it there (kubectl delete {resource} {name} -n {found}) and create it again with -n {namespace}.",
            "Supprimez-le de là (kubectl delete {resource} {name} -n {found}) puis recréez-le avec -n {namespace}.",
        ),
    ),
    "wrong-namespace:selector": (
        T(
            "No {kind} with the labels {selector} in namespace {namespace}, but there is one in {found}{others}: "
            "you probably forgot -n {namespace}.",
            "Aucun objet {kind} avec les labels {selector} dans le namespace {namespace}, mais il y en a "
            "dans {found}{others} : vous avez probablement oublié -n {namespace}.",
        ),
        T(
            "kubectl get {resource} -A --show-labels shows where they are; create them again with -n {namespace}.",
            "kubectl get {resource} -A --show-labels montre où ils sont ; recréez-les avec -n {namespace}.",
        ),
    ),
    "field-mismatch": (
        T(
            "In {kind} {name}, {path} is {current}; expected: {wanted}.",
            "Dans l'objet {kind} {name}, {path} vaut {current} ; attendu : {wanted}.",
        ),
        T(
            "kubectl get {resource} {name} -n {namespace} -o yaml shows the whole object; fix the "
            "manifest and apply it again.",
            "kubectl get {resource} {name} -n {namespace} -o yaml affiche tout l'objet ; corrigez le "
            "manifeste et appliquez-le à nouveau.",
        ),
    ),
    "field-mismatch:unset": (
        T(
            "In {kind} {name}, {path} is not set; expected: {wanted}.",
            "Dans l'objet {kind} {name}, {path} n'est pas renseigné ; attendu : {wanted}.",
        ),
        T(
            "kubectl get {resource} {name} -n {namespace} -o yaml shows which fields are set.",
            "kubectl get {resource} {name} -n {namespace} -o yaml montre les champs renseignés.",
        ),
    ),
    "field-mismatch:unset-any": (
        T(
            "In {kind} {name}, {path} is not set, but it should be.",
            "Dans l'objet {kind} {name}, {path} n'est pas renseigné, alors qu'il devrait l'être.",
        ),
        T(
            "kubectl get {resource} {name} -n {namespace} -o yaml shows which fields are set.",
            "kubectl get {resource} {name} -n {namespace} -o yaml montre les champs renseignés.",
        ),
    ),
    "field-mismatch:absent": (
        T(
            "{kind} {name} still exists in namespace {namespace}{terminating}.",
            "L'objet {kind} {name} existe encore dans le namespace {namespace}{terminating}.",
        ),
        T(
            "Delete it: kubectl delete {resource} {name} -n {namespace}.",
            "Supprimez-le : kubectl delete {resource} {name} -n {namespace}.",
        ),
    ),
    "field-mismatch:absent-selector": (
        T(
            "{count} {kind} with the labels {selector} still exist in namespace {namespace}.",
            "{count} objet(s) {kind} avec les labels {selector} existent encore dans le namespace {namespace}.",
        ),
        T(
            "Delete them: kubectl delete {resource} -l {selector_arg} -n {namespace}.",
            "Supprimez-les : kubectl delete {resource} -l {selector_arg} -n {namespace}.",
        ),
    ),
    "image-mismatch": (
        T(
            "Container {container} of {kind} {name} runs the image {got}, not {want}.",
            "Le conteneur {container} de l'objet {kind} {name} utilise l'image {got} et non {want}.",
        ),
        T(
            "Change it (kubectl set image {resource}/{name} {container}={want} -n {namespace}) "
            "or fix the manifest and apply it again.",
            "Changez-la (kubectl set image {resource}/{name} {container}={want} -n {namespace}) "
            "ou corrigez le manifeste et appliquez-le à nouveau.",
        ),
    ),
    "not-found:container": (
        T(
            "{kind} {name} has no container named {container} (its containers: {containers}).",
            "L'objet {kind} {name} n'a pas de conteneur nommé {container} (ses conteneurs : {containers}).",
        ),
        T(
            "kubectl get {resource} {name} -n {namespace} -o yaml shows its containers.",
            "kubectl get {resource} {name} -n {namespace} -o yaml montre ses conteneurs.",
        ),
    ),
    # --- pods -----------------------------------------------------------------------------
    "image-pull": (
        T(
            "The image {image} of pod {pod} cannot be pulled ({reason}): check the name and the tag.",
            "L'image {image} du pod {pod} ne peut pas être téléchargée ({reason}) : vérifiez son nom et son tag.",
        ),
        T(
            "kubectl describe pod {pod} -n {namespace} shows the pull error under Events; fix the image "
            "in the manifest and apply it again.",
            "kubectl describe pod {pod} -n {namespace} montre l'erreur de téléchargement dans Events ; "
            "corrigez l'image dans le manifeste et appliquez-le à nouveau.",
        ),
    ),
    "image-pull:invalid": (
        T(
            "The image name {image} of pod {pod} is not valid ({reason}).",
            "Le nom d'image {image} du pod {pod} n'est pas valide ({reason}).",
        ),
        T(
            "An image is written name:tag, e.g. nginx:1.27, in lower case; fix it in the manifest.",
            "Une image s'écrit nom:tag, par exemple nginx:1.27, en minuscules ; corrigez-la dans le manifeste.",
        ),
    ),
    "crash-loop": (
        T(
            "Container {container} of pod {pod} starts, then stops with an error (exit code {exit_code}); "
            "Kubernetes keeps restarting it (CrashLoopBackOff).",
            "Le conteneur {container} du pod {pod} démarre puis s'arrête en erreur (code de sortie "
            "{exit_code}) ; Kubernetes le redémarre sans cesse (CrashLoopBackOff).",
        ),
        T(
            "kubectl logs {pod} -n {namespace} --previous shows what it printed before stopping; check "
            "its command and its configuration.",
            "kubectl logs {pod} -n {namespace} --previous affiche ce qu'il a écrit avant de s'arrêter ; "
            "vérifiez sa commande et sa configuration.",
        ),
    ),
    "crash-loop:start": (
        T(
            "Container {container} of pod {pod} cannot start ({reason}): {message}",
            "Le conteneur {container} du pod {pod} ne peut pas démarrer ({reason}) : {message}",
        ),
        T(
            "kubectl describe pod {pod} -n {namespace} shows the error; check the container's command.",
            "kubectl describe pod {pod} -n {namespace} montre l'erreur ; vérifiez la commande du conteneur.",
        ),
    ),
    "unschedulable": (
        T("No node can run pod {pod}: {message}", "Aucun nœud ne peut exécuter le pod {pod} : {message}"),
        T(
            "kubectl describe pod {pod} -n {namespace} explains it under Events; check the pod's "
            "nodeSelector, affinity and resource requests.",
            "kubectl describe pod {pod} -n {namespace} l'explique dans Events ; vérifiez le nodeSelector, "
            "l'affinité et les ressources demandées par le pod.",
        ),
    ),
    "mount-failed": (
        T(
            "Pod {pod} cannot mount its volume {volume}: {message}",
            "Le pod {pod} ne peut pas monter son volume {volume} : {message}",
        ),
        T(
            "kubectl describe pod {pod} -n {namespace} shows the error under Events; check that the "
            "ConfigMap (or Secret) the volume names exists with those keys.",
            "kubectl describe pod {pod} -n {namespace} montre l'erreur dans Events ; vérifiez que la "
            "ConfigMap (ou le Secret) nommée par le volume existe, avec ces clés.",
        ),
    ),
    "configmap-missing": (
        T(
            "Pod {pod} reads ConfigMap {configmap}, which does not exist in namespace {namespace}: "
            "its container cannot be created.",
            "Le pod {pod} lit la ConfigMap {configmap}, qui n'existe pas dans le namespace {namespace} : "
            "son conteneur ne peut pas être créé.",
        ),
        T(
            "Create the ConfigMap (kubectl create configmap {configmap} ... -n {namespace}) or fix its "
            "name in the pod; kubectl get configmaps -n {namespace} lists them.",
            "Créez la ConfigMap (kubectl create configmap {configmap} ... -n {namespace}) ou corrigez son "
            "nom dans le pod ; kubectl get configmaps -n {namespace} les liste.",
        ),
    ),
    "configmap-missing:volume": (
        T(
            "The volume mounted at {path} comes from ConfigMap {configmap}, which does not exist in "
            "namespace {namespace}.",
            "Le volume monté sur {path} vient de la ConfigMap {configmap}, qui n'existe pas dans le "
            "namespace {namespace}.",
        ),
        T(
            "Create the ConfigMap (kubectl create configmap {configmap} ... -n {namespace}) or fix its name.",
            "Créez la ConfigMap (kubectl create configmap {configmap} ... -n {namespace}) ou corrigez son nom.",
        ),
    ),
    "configmap-key-missing": (
        T(
            "ConfigMap {configmap} has no key {key} (its keys: {keys}).",
            "La ConfigMap {configmap} n'a pas de clé {key} (ses clés : {keys}).",
        ),
        T(
            "kubectl describe configmap {configmap} -n {namespace} shows its keys; add the key or fix its name.",
            "kubectl describe configmap {configmap} -n {namespace} montre ses clés ; ajoutez la clé ou "
            "corrigez son nom.",
        ),
    ),
    "configmap-key-missing:pod": (
        T(
            "Pod {pod} reads key {key} of ConfigMap {configmap}, which has no such key (its keys: {keys}): "
            "the container cannot be created.",
            "Le pod {pod} lit la clé {key} de la ConfigMap {configmap}, qui ne l'a pas (ses clés : {keys}) : "
            "le conteneur ne peut pas être créé.",
        ),
        T(
            "kubectl describe configmap {configmap} -n {namespace} shows its keys; fix the key in the pod "
            "or add it to the ConfigMap.",
            "kubectl describe configmap {configmap} -n {namespace} montre ses clés ; corrigez la clé dans "
            "le pod ou ajoutez-la à la ConfigMap.",
        ),
    ),
    "pod-not-ready": (
        T("Pod {pod} is not Ready yet ({state}).", "Le pod {pod} n'est pas encore Ready ({state})."),
        T(
            "Follow it with kubectl get pod {pod} -n {namespace} -w; kubectl describe pod {pod} "
            "-n {namespace} says what it waits for.",
            "Suivez-le avec kubectl get pod {pod} -n {namespace} -w ; kubectl describe pod {pod} "
            "-n {namespace} dit ce qu'il attend.",
        ),
    ),
    "pod-not-ready:readiness": (
        T(
            "Pod {pod} runs, but its readiness probe fails, so it is not Ready: {message}",
            "Le pod {pod} tourne, mais sa sonde de disponibilité (readiness probe) échoue, il n'est donc "
            "pas Ready : {message}",
        ),
        T(
            "kubectl describe pod {pod} -n {namespace} shows the probe and its failures; check its port and path.",
            "kubectl describe pod {pod} -n {namespace} montre la sonde et ses échecs ; vérifiez son port "
            "et son chemin.",
        ),
    ),
    "pod-not-ready:phase": (
        T("Pod {pod} is {state}, not {phase}.", "Le pod {pod} est {state} et non {phase}."),
        T(
            "kubectl get pod {pod} -n {namespace} shows its status; kubectl describe pod {pod} "
            "-n {namespace} explains it.",
            "kubectl get pod {pod} -n {namespace} affiche son état ; kubectl describe pod {pod} "
            "-n {namespace} l'explique.",
        ),
    ),
    "pod-not-ready:not-running": (
        T(
            "Pod {pod} is not running ({state}): k8slab cannot look inside its container.",
            "Le pod {pod} ne tourne pas ({state}) : k8slab ne peut pas regarder dans son conteneur.",
        ),
        T(
            "kubectl get pod {pod} -n {namespace} -w: wait until it is Running.",
            "kubectl get pod {pod} -n {namespace} -w : attendez qu'il soit Running.",
        ),
    ),
    "too-many-restarts": (
        T(
            "Pod {pod} restarted {restarts} time(s); at most {max} expected.",
            "Le pod {pod} a redémarré {restarts} fois ; au plus {max} attendu(s).",
        ),
        T(
            "kubectl logs {pod} -n {namespace} --previous shows why its container stopped.",
            "kubectl logs {pod} -n {namespace} --previous montre pourquoi son conteneur s'est arrêté.",
        ),
    ),
}


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _fill(template: str, values: _Values) -> str:
    return string.Formatter().vformat(template, (), values)


def explain(key: str, /, **values: Any) -> tuple[Text, Text]:
    """(why, hint) for ``key`` (``diagnosis`` or ``diagnosis:variant``) with placeholders filled.

    A value that is a :class:`Text` is filled in each language from its own translation.
    """
    texts = all_texts()
    found = texts.get(key) or texts[key.split(":", 1)[0]]
    if "kind" in values and "resource" not in values:
        values["resource"] = str(values["kind"]).lower()
    en = _Values({k: v.en if isinstance(v, Text) else v for k, v in values.items()})
    fr = _Values({k: v.fr if isinstance(v, Text) else v for k, v in values.items()})
    why, hint = found
    return (
        Text(en=_fill(why.en, en), fr=_fill(why.fr, fr)),
        Text(en=_fill(hint.en, en), fr=_fill(hint.fr, fr)),
    )


def all_texts() -> dict[str, tuple[Text, Text]]:
    """Every text, by key."""
    from k8slab.checks.texts_config import TEXTS_CONFIG
    from k8slab.checks.texts_net import TEXTS_NET

    return {**TEXTS, **TEXTS_CONFIG, **TEXTS_NET}
