"""What failed checks about configuration (environment, volumes, ConfigMaps) say (fr/en)."""

from __future__ import annotations

from k8slab.i18n import Text

T = Text

TEXTS_CONFIG: dict[str, tuple[Text, Text]] = {
    # --- configuration --------------------------------------------------------------------
    "env-missing": (
        T(
            "Container {container} of pod {pod} has no environment variable {var}.",
            "Le conteneur {container} du pod {pod} n'a pas de variable d'environnement {var}.",
        ),
        T(
            "Add it under env: (or envFrom:) in the container, then create the pod again.",
            "Ajoutez-la sous env: (ou envFrom:) dans le conteneur, puis recréez le pod.",
        ),
    ),
    "env-missing:configmap": (
        T(
            "Pod {pod} does not read ConfigMap {configmap} in its environment (env valueFrom or envFrom).",
            "Le pod {pod} ne lit pas la ConfigMap {configmap} dans son environnement (env valueFrom ou envFrom).",
        ),
        T(
            "Add env: - name: ... valueFrom: configMapKeyRef: name: {configmap}, or envFrom: - "
            "configMapRef: name: {configmap}, then create the pod again.",
            "Ajoutez env: - name: ... valueFrom: configMapKeyRef: name: {configmap}, ou envFrom: - "
            "configMapRef: name: {configmap}, puis recréez le pod.",
        ),
    ),
    "field-mismatch:env": (
        T("In pod {pod}, {var} is {got}; expected {want}.", "Dans le pod {pod}, {var} vaut {got} ; attendu : {want}."),
        T(
            "kubectl exec {pod} -n {namespace} -- env shows the environment; fix the value in the "
            "manifest and create the pod again.",
            "kubectl exec {pod} -n {namespace} -- env affiche l'environnement ; corrigez la valeur dans le "
            "manifeste et recréez le pod.",
        ),
    ),
    "field-mismatch:env-source": (
        T(
            "In pod {pod}, {var} comes from {got}, not from key {key} of ConfigMap {configmap}.",
            "Dans le pod {pod}, {var} vient de {got} et non de la clé {key} de la ConfigMap {configmap}.",
        ),
        T(
            "Use valueFrom: configMapKeyRef: name: {configmap}, key: {key} for {var}, then create the pod again.",
            "Utilisez valueFrom: configMapKeyRef: name: {configmap}, key: {key} pour {var}, puis recréez le pod.",
        ),
    ),
    "env-stale": (
        T(
            "Pod {pod} still sees {var}={running}, but ConfigMap {configmap} now says {key}={current}: "
            "environment variables are read once, when the container starts.",
            "Le pod {pod} voit toujours {var}={running}, mais la ConfigMap {configmap} indique maintenant "
            "{key}={current} : les variables d'environnement ne sont lues qu'une fois, au démarrage du "
            "conteneur.",
        ),
        T(
            "Restart the pod so it reads the new value: delete it and create it again (or kubectl "
            "rollout restart deployment/<name> -n {namespace}).",
            "Redémarrez le pod pour qu'il lise la nouvelle valeur : supprimez-le puis recréez-le (ou "
            "kubectl rollout restart deployment/<nom> -n {namespace}).",
        ),
    ),
    "mount-missing": (
        T(
            "Container {container} of pod {pod} has no volume mounted at {path}.",
            "Le conteneur {container} du pod {pod} n'a aucun volume monté sur {path}.",
        ),
        T(
            "Add a volume to the pod (volumes:) and mount it in the container (volumeMounts: with "
            "mountPath: {path}), then create the pod again.",
            "Ajoutez un volume au pod (volumes:) et montez-le dans le conteneur (volumeMounts: avec "
            "mountPath: {path}), puis recréez le pod.",
        ),
    ),
    "mount-missing:source": (
        T(
            "The volume mounted at {path} in pod {pod} comes from {got}, not from ConfigMap {configmap}.",
            "Le volume monté sur {path} dans le pod {pod} vient de {got} et non de la ConfigMap {configmap}.",
        ),
        T(
            "Make the volume a configMap volume: volumes: - name: ... configMap: name: {configmap}.",
            "Faites-en un volume configMap : volumes: - name: ... configMap: name: {configmap}.",
        ),
    ),
    "mount-missing:configmap": (
        T(
            "Pod {pod} mounts no volume from ConfigMap {configmap}.",
            "Le pod {pod} ne monte aucun volume venant de la ConfigMap {configmap}.",
        ),
        T(
            "Add volumes: - name: ... configMap: name: {configmap} and a volumeMounts: entry in the "
            "container, then create the pod again.",
            "Ajoutez volumes: - name: ... configMap: name: {configmap} et une entrée volumeMounts: dans le "
            "conteneur, puis recréez le pod.",
        ),
    ),
    "field-mismatch:configmap": (
        T(
            "In ConfigMap {configmap}, key {key} is {got}; expected {want}.",
            "Dans la ConfigMap {configmap}, la clé {key} vaut {got} ; attendu : {want}.",
        ),
        T(
            "kubectl edit configmap {configmap} -n {namespace}, or create it again from the right values.",
            "kubectl edit configmap {configmap} -n {namespace}, ou recréez-la avec les bonnes valeurs.",
        ),
    ),
    "field-mismatch:configmap-contains": (
        T(
            "In ConfigMap {configmap}, key {key} does not contain {text} (it is {got}).",
            "Dans la ConfigMap {configmap}, la clé {key} ne contient pas {text} (elle vaut {got}).",
        ),
        T(
            "kubectl describe configmap {configmap} -n {namespace} shows its values; fix the value.",
            "kubectl describe configmap {configmap} -n {namespace} affiche ses valeurs ; corrigez la valeur.",
        ),
    ),
    "text-missing:logs": (
        T("The logs of pod {pod} do not contain {text}.", "Les logs du pod {pod} ne contiennent pas {text}."),
        T("Read them with kubectl logs {pod} -n {namespace}.", "Lisez-les avec kubectl logs {pod} -n {namespace}."),
    ),
    "text-missing:exec": (
        T(
            "Running {command} in pod {pod} does not print {text} (it printed: {got}).",
            "La commande {command} dans le pod {pod} n'affiche pas {text} (elle a affiché : {got}).",
        ),
        T(
            "Try it yourself: kubectl exec {pod} -n {namespace} -- {command}",
            "Essayez vous-même : kubectl exec {pod} -n {namespace} -- {command}",
        ),
    ),
    "unverifiable:env": (
        T(
            "k8slab cannot read the environment of the running container of pod {pod} (no printenv or "
            "env in its image).",
            "k8slab ne peut pas lire l'environnement du conteneur du pod {pod} (ni printenv ni env dans son image).",
        ),
        T(
            "Check by hand: kubectl exec {pod} -n {namespace} -- env",
            "Vérifiez à la main : kubectl exec {pod} -n {namespace} -- env",
        ),
    ),
}
