"""What failed checks about Services, Deployments, Ingresses, HTTP and nodes say (fr/en)."""

from __future__ import annotations

from k8slab.i18n import Text

T = Text

TEXTS_NET: dict[str, tuple[Text, Text]] = {
    # --- services -------------------------------------------------------------------------
    "selector-mismatch": (
        T(
            "Service {service} selects pods with {selector}, but no pod has these labels: {diff}.",
            "Le Service {service} sélectionne les pods ayant {selector}, mais aucun pod n'a ces labels : {diff}.",
        ),
        T(
            "Compare kubectl get pods -n {namespace} --show-labels with the selector shown by kubectl "
            "describe service {service} -n {namespace}; fix one of them.",
            "Comparez kubectl get pods -n {namespace} --show-labels avec le sélecteur affiché par kubectl "
            "describe service {service} -n {namespace} ; corrigez l'un des deux.",
        ),
    ),
    "selector-mismatch:no-pods": (
        T(
            "Service {service} selects pods with {selector}, but there is no pod in namespace {namespace}.",
            "Le Service {service} sélectionne les pods ayant {selector}, mais il n'y a aucun pod dans le "
            "namespace {namespace}.",
        ),
        T(
            "Create the pods first (kubectl get pods -n {namespace} lists them).",
            "Créez d'abord les pods (kubectl get pods -n {namespace} les liste).",
        ),
    ),
    "selector-mismatch:no-selector": (
        T(
            "Service {service} has no selector, so it sends traffic to no pod.",
            "Le Service {service} n'a pas de sélecteur : il n'envoie le trafic à aucun pod.",
        ),
        T("Add spec.selector with the labels of your pods.", "Ajoutez spec.selector avec les labels de vos pods."),
    ),
    "selector-mismatch:too-many": (
        T(
            "Service {service} has {count} ready endpoints; at most {max} expected: its selector "
            "{selector} picks too many pods.",
            "Le Service {service} a {count} endpoints prêts ; au plus {max} attendu(s) : son sélecteur "
            "{selector} choisit trop de pods.",
        ),
        T(
            "kubectl get endpoints {service} -n {namespace} lists them; make the selector more precise.",
            "kubectl get endpoints {service} -n {namespace} les liste ; rendez le sélecteur plus précis.",
        ),
    ),
    "no-ready-endpoints": (
        T(
            "Pods match the selector of Service {service}, but none of them is Ready, so it has no "
            "endpoint to send traffic to ({state}).",
            "Des pods correspondent au sélecteur du Service {service}, mais aucun n'est Ready : il n'a "
            "aucun endpoint vers lequel envoyer le trafic ({state}).",
        ),
        T(
            "kubectl get pods -n {namespace} shows their state; kubectl describe pod <name> -n "
            "{namespace} explains why they are not Ready.",
            "kubectl get pods -n {namespace} affiche leur état ; kubectl describe pod <nom> -n {namespace} "
            "explique pourquoi ils ne sont pas Ready.",
        ),
    ),
    "no-ready-endpoints:few": (
        T(
            "Service {service} has {ready} ready endpoint(s); at least {count} expected ({state}).",
            "Le Service {service} a {ready} endpoint(s) prêt(s) ; au moins {count} attendu(s) ({state}).",
        ),
        T(
            "kubectl get pods -n {namespace} shows which pods are not Ready yet.",
            "kubectl get pods -n {namespace} montre quels pods ne sont pas encore Ready.",
        ),
    ),
    "port-mismatch": (
        T(
            "Service {service} has no port {port} (its ports: {ports}).",
            "Le Service {service} n'a pas de port {port} (ses ports : {ports}).",
        ),
        T(
            "kubectl get service {service} -n {namespace} shows its ports; fix spec.ports[].port.",
            "kubectl get service {service} -n {namespace} affiche ses ports ; corrigez spec.ports[].port.",
        ),
    ),
    "target-port-mismatch": (
        T(
            "Port {port} of Service {service} sends traffic to targetPort {target}, but the selected pods "
            "listen on {container_ports}.",
            "Le port {port} du Service {service} envoie le trafic vers le targetPort {target}, mais les pods "
            "sélectionnés écoutent sur {container_ports}.",
        ),
        T(
            "Set targetPort to a containerPort of the pods (kubectl describe service {service} -n "
            "{namespace} shows the endpoints).",
            "Donnez à targetPort la valeur d'un containerPort des pods (kubectl describe service {service} "
            "-n {namespace} montre les endpoints).",
        ),
    ),
    "target-port-mismatch:expected": (
        T(
            "Port {port} of Service {service} sends traffic to targetPort {target}; expected {want}.",
            "Le port {port} du Service {service} envoie le trafic vers le targetPort {target} ; attendu : {want}.",
        ),
        T(
            "Fix spec.ports[].targetPort in the Service and apply it again.",
            "Corrigez spec.ports[].targetPort dans le Service et appliquez-le à nouveau.",
        ),
    ),
    "wrong-service-type": (
        T(
            "Service {service} is of type {got}; expected {want}.",
            "Le Service {service} est de type {got} ; attendu : {want}.",
        ),
        T(
            "Set spec.type: {want} in the Service and apply it again.",
            "Mettez spec.type: {want} dans le Service et appliquez-le à nouveau.",
        ),
    ),
    "wrong-service-type:node-port": (
        T(
            "Service {service} is a NodePort, but on port {got} of the nodes; expected {want}.",
            "Le Service {service} est bien un NodePort, mais sur le port {got} des nœuds ; attendu : {want}.",
        ),
        T(
            "Set nodePort: {want} in spec.ports and apply it again.",
            "Mettez nodePort: {want} dans spec.ports et appliquez-le à nouveau.",
        ),
    ),
    # --- deployments ----------------------------------------------------------------------
    "replicas-mismatch": (
        T(
            "Deployment {deployment} asks for {got} replica(s); expected {want}.",
            "Le Deployment {deployment} demande {got} réplica(s) ; attendu : {want}.",
        ),
        T(
            "kubectl scale deployment {deployment} --replicas={want} -n {namespace}, or fix "
            "spec.replicas in the manifest.",
            "kubectl scale deployment {deployment} --replicas={want} -n {namespace}, ou corrigez "
            "spec.replicas dans le manifeste.",
        ),
    ),
    "replicas-mismatch:ready": (
        T(
            "Deployment {deployment} has {state}; {want} expected.",
            "Le Deployment {deployment} a {state} ; {want} attendu(s).",
        ),
        T(
            "kubectl get deployment {deployment} -n {namespace} -w: wait, or kubectl describe pods "
            "-n {namespace} to see why pods are not ready.",
            "kubectl get deployment {deployment} -n {namespace} -w : patientez, ou kubectl describe pods "
            "-n {namespace} pour voir pourquoi des pods ne sont pas prêts.",
        ),
    ),
    "rollout-stuck": (
        T(
            "The rollout of Deployment {deployment} is not finished: {state}.",
            "Le déploiement (rollout) du Deployment {deployment} n'est pas terminé : {state}.",
        ),
        T(
            "kubectl rollout status deployment/{deployment} -n {namespace} follows it.",
            "kubectl rollout status deployment/{deployment} -n {namespace} permet de le suivre.",
        ),
    ),
    "rollout-stuck:pods": (
        T(
            "The rollout of Deployment {deployment} cannot finish: its new pods fail ({cause}). "
            "The old pods keep running meanwhile.",
            "Le rollout du Deployment {deployment} ne peut pas se terminer : ses nouveaux pods échouent "
            "({cause}). Les anciens pods continuent de tourner en attendant.",
        ),
        T(
            "Fix the template (e.g. kubectl set image deployment/{deployment} ... -n {namespace}) or go "
            "back: kubectl rollout undo deployment/{deployment} -n {namespace}.",
            "Corrigez le modèle (par exemple kubectl set image deployment/{deployment} ... -n {namespace}) "
            "ou revenez en arrière : kubectl rollout undo deployment/{deployment} -n {namespace}.",
        ),
    ),
    "revision-missing": (
        T(
            "Deployment {deployment} has {count} revision(s); at least {min} expected.",
            "Le Deployment {deployment} a {count} révision(s) ; au moins {min} attendue(s).",
        ),
        T(
            "Each change of the pod template makes a revision (e.g. kubectl set image); kubectl rollout "
            "history deployment/{deployment} -n {namespace} lists them.",
            "Chaque modification du modèle de pod crée une révision (par exemple kubectl set image) ; "
            "kubectl rollout history deployment/{deployment} -n {namespace} les liste.",
        ),
    ),
    "pod-not-replaced": (
        T(
            "No pod of Deployment {deployment} has been replaced yet ({state}).",
            "Aucun pod du Deployment {deployment} n'a encore été remplacé ({state}).",
        ),
        T(
            "Delete one of its pods (kubectl delete pod <name> -n {namespace}) and watch the Deployment "
            "create another one (kubectl get pods -n {namespace} -w).",
            "Supprimez un de ses pods (kubectl delete pod <nom> -n {namespace}) et regardez le Deployment "
            "en recréer un (kubectl get pods -n {namespace} -w).",
        ),
    ),
    # --- ingress --------------------------------------------------------------------------
    "ingress-no-class": (
        T(
            "Ingress {ingress} asks for the IngressClass {ingress_class}, which does not exist (classes: "
            "{classes}): no controller serves it.",
            "L'Ingress {ingress} demande l'IngressClass {ingress_class}, qui n'existe pas (classes : "
            "{classes}) : aucun contrôleur ne le prend en charge.",
        ),
        T(
            "kubectl get ingressclass lists the classes; fix spec.ingressClassName or remove it to use "
            "the default class.",
            "kubectl get ingressclass liste les classes ; corrigez spec.ingressClassName ou retirez-le pour "
            "utiliser la classe par défaut.",
        ),
    ),
    "ingress-no-class:no-default": (
        T(
            "Ingress {ingress} names no IngressClass and the cluster has no default class (classes: "
            "{classes}): no controller serves it.",
            "L'Ingress {ingress} ne nomme aucune IngressClass et le cluster n'a pas de classe par défaut "
            "(classes : {classes}) : aucun contrôleur ne le prend en charge.",
        ),
        T(
            "Set spec.ingressClassName to one of: {classes}.",
            "Mettez dans spec.ingressClassName l'une de ces classes : {classes}.",
        ),
    ),
    "ingress-not-served": (
        T(
            "Ingress {ingress} has no address yet: no Ingress controller has taken it in charge.",
            "L'Ingress {ingress} n'a pas encore d'adresse : aucun contrôleur d'Ingress ne l'a pris en charge.",
        ),
        T(
            "kubectl get ingress {ingress} -n {namespace} -w shows the ADDRESS column; check its class "
            "(kubectl get ingressclass).",
            "kubectl get ingress {ingress} -n {namespace} -w affiche la colonne ADDRESS ; vérifiez sa classe "
            "(kubectl get ingressclass).",
        ),
    ),
    "ingress-rule-missing": (
        T(
            "Ingress {ingress} has no rule for host {host} and path {path} (its rules: {rules}).",
            "L'Ingress {ingress} n'a pas de règle pour l'hôte {host} et le chemin {path} (ses règles : {rules}).",
        ),
        T(
            "kubectl describe ingress {ingress} -n {namespace} shows its rules; fix spec.rules[].host and paths.",
            "kubectl describe ingress {ingress} -n {namespace} affiche ses règles ; corrigez "
            "spec.rules[].host et paths.",
        ),
    ),
    "ingress-backend-wrong": (
        T(
            "Ingress {ingress} sends {host}{path} to {got}; expected Service {service} port {port}.",
            "L'Ingress {ingress} envoie {host}{path} vers {got} ; attendu : le Service {service} port {port}.",
        ),
        T(
            "Fix backend.service.name and backend.service.port in the rule.",
            "Corrigez backend.service.name et backend.service.port dans la règle.",
        ),
    ),
    "ingress-backend-wrong:missing-service": (
        T(
            "Ingress {ingress} sends traffic to Service {service}, which does not exist in namespace {namespace}.",
            "L'Ingress {ingress} envoie le trafic au Service {service}, qui n'existe pas dans le namespace "
            "{namespace}.",
        ),
        T(
            "kubectl get services -n {namespace} lists the Services; fix the backend's name.",
            "kubectl get services -n {namespace} liste les Services ; corrigez le nom du backend.",
        ),
    ),
    "ingress-backend-wrong:missing-port": (
        T(
            "Ingress {ingress} sends traffic to port {port} of Service {service}, which has no such port "
            "(its ports: {ports}).",
            "L'Ingress {ingress} envoie le trafic au port {port} du Service {service}, qui n'a pas ce port "
            "(ses ports : {ports}).",
        ),
        T(
            "Fix backend.service.port to one of the Service's ports.",
            "Corrigez backend.service.port avec l'un des ports du Service.",
        ),
    ),
    "ingress-backend-no-endpoints": (
        T(
            "Ingress {ingress} sends traffic to Service {service}, which has no ready pod behind it: "
            "requests get HTTP 503.",
            "L'Ingress {ingress} envoie le trafic au Service {service}, qui n'a aucun pod prêt derrière "
            "lui : les requêtes reçoivent HTTP 503.",
        ),
        T(
            "kubectl get endpoints {service} -n {namespace}: check the Service's selector and its pods.",
            "kubectl get endpoints {service} -n {namespace} : vérifiez le sélecteur du Service et ses pods.",
        ),
    ),
    # --- http -----------------------------------------------------------------------------
    "http-failed": (
        T(
            "GET {url} answered HTTP {got}; expected HTTP {want}.",
            "GET {url} a répondu HTTP {got} ; attendu : HTTP {want}.",
        ),
        T("Try it yourself: {command}", "Essayez vous-même : {command}"),
    ),
    "http-failed:error": (
        T("GET {url} got no HTTP answer: {error}.", "GET {url} n'a obtenu aucune réponse HTTP : {error}."),
        T(
            "Check that the pods behind it are Ready and listen on the right port; try it yourself: {command}",
            "Vérifiez que les pods derrière sont Ready et écoutent sur le bon port ; essayez vous-même : {command}",
        ),
    ),
    "http-failed:no-address": (
        T(
            "Ingress {ingress} has no address to send a request to.",
            "L'Ingress {ingress} n'a pas d'adresse à laquelle envoyer une requête.",
        ),
        T(
            "kubectl get ingress {ingress} -n {namespace} shows the ADDRESS column.",
            "kubectl get ingress {ingress} -n {namespace} affiche la colonne ADDRESS.",
        ),
    ),
    "http-failed:no-port": (
        T(
            "Service {service} has no port {port} to send a request to (its ports: {ports}).",
            "Le Service {service} n'a pas de port {port} auquel envoyer une requête (ses ports : {ports}).",
        ),
        T(
            "kubectl get service {service} -n {namespace} shows its ports.",
            "kubectl get service {service} -n {namespace} affiche ses ports.",
        ),
    ),
    "text-missing:http": (
        T(
            "GET {url} answered HTTP {status}, but the page does not contain {text} (it starts with: {got}).",
            "GET {url} a répondu HTTP {status}, mais la page ne contient pas {text} (elle commence par : {got}).",
        ),
        T("Try it yourself: {command}", "Essayez vous-même : {command}"),
    ),
    # --- nodes ----------------------------------------------------------------------------
    "node-not-ready": (
        T(
            "{ready} node(s) Ready; at least {min} expected ({state}).",
            "{ready} nœud(s) Ready ; au moins {min} attendu(s) ({state}).",
        ),
        T(
            "kubectl get nodes; kubectl describe node <name> explains a node that is not Ready.",
            "kubectl get nodes ; kubectl describe node <nom> explique pourquoi un nœud n'est pas Ready.",
        ),
    ),
    # --- cannot be verified here -----------------------------------------------------------
    "unverifiable:no-ingress-class": (
        T(
            "This cluster has no IngressClass, so no Ingress controller: k8slab cannot check this here.",
            "Ce cluster n'a aucune IngressClass, donc aucun contrôleur d'Ingress : k8slab ne peut pas "
            "vérifier ceci ici.",
        ),
        T(
            "The lab cluster made by k8slab cluster up has one; kubectl get ingressclass lists them.",
            "Le cluster créé par k8slab cluster up en a une ; kubectl get ingressclass les liste.",
        ),
    ),
    "unverifiable:probe": (
        T(
            "k8slab cannot send a request from inside the cluster: {problem}.",
            "k8slab ne peut pas envoyer de requête depuis l'intérieur du cluster : {problem}.",
        ),
        T(
            "kubectl describe pod k8slab-probe -n {namespace} says why its pod does not start.",
            "kubectl describe pod k8slab-probe -n {namespace} dit pourquoi son pod ne démarre pas.",
        ),
    ),
}
