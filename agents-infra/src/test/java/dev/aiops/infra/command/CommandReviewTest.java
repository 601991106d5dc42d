package dev.aiops.infra.command;

import static dev.aiops.infra.command.CommandClass.DESTRUCTIVE;
import static dev.aiops.infra.command.CommandClass.MUTATING;
import static dev.aiops.infra.command.CommandClass.READ_ONLY;
import static dev.aiops.infra.command.CommandClass.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The classification table: one row per command line. */
class CommandReviewTest {

    /**
     * One row: the line and its class; rows with a target also pin verb, resource, name and namespace (null
     * meaning none), rows with a subverb or a reason fragment pin those.
     */
    record Row(String line, CommandClass expected, boolean target, String verb, String resource, String name,
            String namespace, String subverb, String reason) {

        Row at(String verb, String resource, String name, String namespace) {
            return new Row(line, expected, true, verb, resource, name, namespace, subverb, reason);
        }

        Row sub(String subverb) {
            return new Row(line, expected, target, verb, resource, name, namespace, subverb, reason);
        }

        Row because(String fragment) {
            return new Row(line, expected, target, verb, resource, name, namespace, subverb, fragment);
        }

        @Override
        public String toString() {
            return expected + " <- " + line.replace("\n", "\\n");
        }
    }

    private static Row row(CommandClass expected, String line) {
        return new Row(line, expected, false, null, null, null, null, null, null);
    }

    private static Row ro(String line) {
        return row(READ_ONLY, line);
    }

    private static Row mut(String line) {
        return row(MUTATING, line);
    }

    private static Row des(String line) {
        return row(DESTRUCTIVE, line);
    }

    private static Row unk(String line) {
        return row(UNKNOWN, line);
    }

    static Stream<Row> table() {
        return Stream.of(
                // read-only verbs
                ro("kubectl get pods -n shop").at("get", "pods", null, "shop"),
                ro("kubectl describe deployment web -n shop").at("describe", "deployments", "web", "shop"),
                ro("kubectl logs web-1 -n shop").at("logs", "pods", "web-1", "shop"),
                ro("kubectl logs -f -p web-1 -c app").at("logs", "pods", "web-1", null),
                ro("kubectl logs deploy/web --tail=50 --since 1h").at("logs", "deployments", "web", null),
                ro("kubectl logs -l app=web -n shop --all-containers").at("logs", "pods", null, "shop"),
                ro("kubectl top pod web-1 -n shop --containers").at("top", "pods", "web-1", "shop"),
                ro("kubectl top nodes").at("top", "nodes", null, null),
                ro("kubectl events -n shop --for pod/web-1").at("events", "events", null, "shop"),
                ro("kubectl auth can-i delete pods -n shop").sub("can-i").at("auth", null, null, "shop"),
                ro("kubectl rollout status deployment/web -n shop --timeout=5m").sub("status")
                        .at("rollout", "deployments", "web", "shop"),
                ro("kubectl rollout history deploy/web").sub("history").at("rollout", "deployments", "web", null),
                ro("kubectl explain deployment.spec.strategy").at("explain", "deployments", null, null),
                ro("kubectl api-resources --namespaced=true -o wide"),
                ro("kubectl api-versions"),
                ro("kubectl version -o json"),
                ro("kubectl cluster-info"),
                ro("kubectl cluster-info dump --all-namespaces").sub("dump"),
                ro("kubectl config view --minify").sub("view"),
                ro("kubectl config current-context").sub("current-context"),
                ro("kubectl config get-contexts").sub("get-contexts"),
                ro("kubectl diff -f deploy.yaml"),
                ro("kubectl get pods -A -o wide").at("get", "pods", null, null),
                // mutating verbs
                mut("kubectl apply -f deploy.yaml -n shop").at("apply", null, null, "shop"),
                mut("kubectl patch deployment web -n shop -p '{\"spec\":{\"replicas\":2}}'")
                        .at("patch", "deployments", "web", "shop"),
                mut("kubectl scale deploy/web --replicas=3 -n shop").at("scale", "deployments", "web", "shop"),
                mut("kubectl scale --replicas 0 statefulset db").at("scale", "statefulsets", "db", null),
                mut("kubectl set image deployment/web web=registry.example.com/web:1.2.3 -n shop").sub("image")
                        .at("set", "deployments", "web", "shop"),
                mut("kubectl set env deployment/web LOG_LEVEL=debug").sub("env")
                        .at("set", "deployments", "web", null),
                mut("kubectl set resources deploy web -c web --limits=cpu=500m,memory=512Mi").sub("resources")
                        .at("set", "deployments", "web", null),
                mut("kubectl set serviceaccount deployment web reader").sub("serviceaccount"),
                mut("kubectl label pods web-1 tier=frontend --overwrite").at("label", "pods", "web-1", null),
                mut("kubectl annotate svc web team=payments").at("annotate", "services", "web", null),
                mut("kubectl create deployment web --image=nginx -n shop").sub("deployment")
                        .at("create", "deployments", "web", "shop"),
                mut("kubectl create -f job.yaml").at("create", null, null, null),
                mut("kubectl rollout restart deployment/web -n shop").sub("restart")
                        .at("rollout", "deployments", "web", "shop"),
                mut("kubectl rollout undo deployment/web --to-revision=3 -n shop").sub("undo")
                        .at("rollout", "deployments", "web", "shop"),
                mut("kubectl rollout pause deploy/web").sub("pause"),
                mut("kubectl rollout resume deploy/web").sub("resume"),
                mut("kubectl autoscale deployment web --min=2 --max=10 --cpu-percent=80")
                        .at("autoscale", "deployments", "web", null),
                mut("kubectl expose deployment web --port=80 --target-port=8080")
                        .at("expose", "deployments", "web", null),
                mut("kubectl run debug-shell --image=busybox --restart=Never -n shop")
                        .at("run", "pods", "debug-shell", "shop"),
                mut("kubectl taint nodes worker-1 dedicated=db:NoSchedule").at("taint", "nodes", "worker-1", null),
                mut("kubectl uncordon worker-1").at("uncordon", "nodes", "worker-1", null),
                mut("kubectl edit svc/web -n shop").at("edit", "services", "web", "shop"),
                mut("kubectl replace -f web.yaml").at("replace", null, null, null),
                // destructive verbs
                des("kubectl delete pod web-1 -n shop").at("delete", "pods", "web-1", "shop"),
                des("kubectl delete -f web.yaml"),
                des("kubectl drain worker-1 --ignore-daemonsets").at("drain", "nodes", "worker-1", null),
                des("kubectl cordon worker-1").at("cordon", "nodes", "worker-1", null),
                des("kubectl replace --force -f web.yaml").because("replace --force"),
                des("kubectl exec -it web-1 -n shop -- sh -c 'ls /tmp'").at("exec", "pods", "web-1", "shop"),
                des("kubectl exec deploy/web -- env").at("exec", "deployments", "web", null),
                des("kubectl attach web-1 -c app -i").at("attach", "pods", "web-1", null),
                des("kubectl cp shop/web-1:/tmp/heap.hprof ./heap.hprof").at("cp", "pods", "web-1", "shop"),
                des("kubectl debug -it web-1 --image=busybox --target=web").at("debug", "pods", "web-1", null),
                des("kubectl debug node/worker-1 -it --image=busybox").at("debug", "nodes", "worker-1", null),
                unk("kubectl port-forward svc/web 8080:80 -n shop").at("port-forward", "services", "web", "shop"),
                // --force, --grace-period=0 and --now on anything
                des("kubectl apply -f web.yaml --force").because("--force"),
                des("kubectl get pods --force").because("--force"),
                des("kubectl scale deploy/web --replicas=0 --grace-period=0").because("--grace-period=0"),
                des("kubectl rollout restart deploy/web --grace-period 0").because("--grace-period=0"),
                des("kubectl patch pod web-1 -p '{}' --now").because("--now"),
                des("kubectl delete pod web-1 --grace-period=0 --force -n shop")
                        .at("delete", "pods", "web-1", "shop"),
                mut("kubectl apply -f web.yaml --force=false"),
                mut("kubectl apply -f web.yaml --grace-period=30"),
                // --dry-run
                ro("kubectl apply -f web.yaml --dry-run=server").because("--dry-run=server"),
                ro("kubectl create deployment web --image=nginx --dry-run=client -o yaml"),
                ro("kubectl scale deploy/web --replicas=2 --dry-run").because("--dry-run"),
                mut("kubectl apply -f web.yaml --dry-run=none"),
                ro("kubectl delete pod web-1 --dry-run=server"),
                ro("kubectl delete pod web-1 --dry-run=client -n shop").at("delete", "pods", "web-1", "shop"),
                des("kubectl delete pod web-1 --dry-run"),
                des("kubectl drain worker-1 --dry-run=server"),
                des("kubectl apply -f web.yaml --force --dry-run=server"),
                des("kubectl replace --force -f web.yaml --dry-run=server"),
                ro("kubectl replace -f web.yaml --dry-run=server"),
                // shell operators outside quotes
                unk("kubectl get pods | grep web").because("pipes").at("get", "pods", null, null),
                unk("kubectl get pods|grep web").because("`|`"),
                unk("kubectl get pods; kubectl delete pod web-1").because("`;`"),
                unk("kubectl get pods && kubectl delete pod web-1").because("`&&`"),
                unk("kubectl get pods || true").because("`||`"),
                unk("kubectl delete pod $(kubectl get pods -o name | head -1)").because("$("),
                unk("kubectl delete pod `cat victim`").because("backticks"),
                unk("kubectl get pods -o \"$(echo yaml)\"").because("$("),
                unk("kubectl get pods > pods.txt").because("redirects"),
                unk("kubectl get pods >> pods.txt").because("`>>`"),
                unk("kubectl apply -f - < web.yaml").because("`<`"),
                unk("kubectl get pods 2> errors.txt").because("`2>`"),
                unk("kubectl get pods 2>&1").because("redirects"),
                unk("kubectl logs -f web-1 &").because("background"),
                unk("kubectl diff -f <(cat web.yaml)").because("process substitution"),
                unk("(kubectl get pods)").because("subshell"),
                unk("kubectl get pods\nkubectl delete pod web-1").because("newline"),
                // the same characters inside quotes
                ro("kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"|\"}{end}'"),
                mut("kubectl patch deploy web -p '{\"metadata\":{\"annotations\":{\"note\":\"a;b && c > d\"}}}'")
                        .at("patch", "deployments", "web", null),
                ro("kubectl get pods -l 'app in (web, api)'").at("get", "pods", null, null),
                mut("kubectl annotate pod web-1 'cmd=$(rm -rf /)'").at("annotate", "pods", "web-1", null),
                mut("kubectl annotate pod web-1 'note=`date`'"),
                mut("kubectl annotate pod web-1 \"note=a|b;c&d>e<f\"").at("annotate", "pods", "web-1", null),
                mut("kubectl annotate pod web-1 \"note=\\$(not run)\""),
                ro("kubectl get pods -o jsonpath=\"{.items[*].metadata.name}\""),
                des("kubectl exec web-1 -- sh -c 'ps aux | grep java > /tmp/x'").at("exec", "pods", "web-1", null),
                ro("kubectl get cm web\\|x").at("get", "configmaps", "web|x", null),
                // a trailing comment
                des("kubectl delete pod web-1 -n shop   # destructive").at("delete", "pods", "web-1", "shop"),
                mut("kubectl rollout undo deployment/web -n shop   # destructive"),
                ro("kubectl get cm web#1").at("get", "configmaps", "web#1", null),
                // unterminated quotes, empty input, no verb
                unk("kubectl get pods -o 'jsonpath={.items}").because("unterminated single quote"),
                unk("kubectl annotate pod web \"note=abc").because("unterminated double quote"),
                unk("kubectl get pods $(date").because("unterminated $("),
                unk("").because("empty"),
                unk("   ").because("empty"),
                unk("# destructive").because("empty"),
                unk("kubectl").because("no kubectl verb"),
                unk("kubectl -n shop").because("no kubectl verb"),
                // not kubectl
                unk("helm uninstall web").because("not kubectl"),
                unk("sed -i s/a/b/ web.yaml").because("`sed`"),
                unk("kubectl.exe get pods").because("not kubectl"),
                unk("/usr/local/bin/kubectl get pods").because("not kubectl"),
                unk("KUBECONFIG=/tmp/k kubectl get pods").because("not kubectl"),
                unk("sudo kubectl delete pod web-1").because("not kubectl"),
                // unknown verbs, plugins, config
                unk("kubectl krew install neat").because("plugin"),
                unk("kubectl neat get pod web-1").because("plugin"),
                unk("kubectl GET pods").because("plugin"),
                unk("kubectl config use-context prod").sub("use-context"),
                unk("kubectl config set-context --current --namespace=shop").sub("set-context"),
                unk("kubectl config delete-context prod"),
                unk("kubectl rollout").because("subcommand"),
                unk("kubectl set").because("subcommand"),
                unk("kubectl rollout explode deploy/web").because("subcommand"),
                unk("kubectl proxy --port=8001"),
                // every abbreviation
                ro("kubectl get po web-1 -n shop").at("get", "pods", "web-1", "shop"),
                ro("kubectl get svc web -n shop").at("get", "services", "web", "shop"),
                ro("kubectl get deploy web -n shop").at("get", "deployments", "web", "shop"),
                ro("kubectl describe sts db -n shop").at("describe", "statefulsets", "db", "shop"),
                ro("kubectl describe ds node-exporter -n monitoring")
                        .at("describe", "daemonsets", "node-exporter", "monitoring"),
                ro("kubectl get rs web-7d9f -n shop").at("get", "replicasets", "web-7d9f", "shop"),
                ro("kubectl get cm app -n shop").at("get", "configmaps", "app", "shop"),
                ro("kubectl get secret db -n shop").at("get", "secrets", "db", "shop"),
                ro("kubectl get ns shop").at("get", "namespaces", "shop", null),
                ro("kubectl describe no worker-1").at("describe", "nodes", "worker-1", null),
                ro("kubectl describe node worker-1").at("describe", "nodes", "worker-1", null),
                ro("kubectl get pvc data -n shop").at("get", "persistentvolumeclaims", "data", "shop"),
                ro("kubectl get pv pv-0001").at("get", "persistentvolumes", "pv-0001", null),
                ro("kubectl get ing web -n shop").at("get", "ingresses", "web", "shop"),
                ro("kubectl describe hpa web -n shop").at("describe", "horizontalpodautoscalers", "web", "shop"),
                ro("kubectl get cj nightly -n batch").at("get", "cronjobs", "nightly", "batch"),
                ro("kubectl get job nightly-28 -n batch").at("get", "jobs", "nightly-28", "batch"),
                ro("kubectl get sa web -n shop").at("get", "serviceaccounts", "web", "shop"),
                ro("kubectl get netpol deny-all -n shop").at("get", "networkpolicies", "deny-all", "shop"),
                ro("kubectl get pdb web -n shop").at("get", "poddisruptionbudgets", "web", "shop"),
                ro("kubectl get ep web -n shop").at("get", "endpoints", "web", "shop"),
                ro("kubectl get ev -n shop").at("get", "events", null, "shop"),
                ro("kubectl get sc standard").at("get", "storageclasses", "standard", null),
                ro("kubectl get crd certificates.cert-manager.io")
                        .at("get", "customresourcedefinitions", "certificates.cert-manager.io", null),
                ro("kubectl get role reader -n shop").at("get", "roles", "reader", "shop"),
                ro("kubectl get rolebinding reader -n shop").at("get", "rolebindings", "reader", "shop"),
                ro("kubectl get clusterrole view").at("get", "clusterroles", "view", null),
                ro("kubectl get clusterrolebinding admins").at("get", "clusterrolebindings", "admins", null),
                ro("kubectl describe quota compute -n shop").at("describe", "resourcequotas", "compute", "shop"),
                ro("kubectl describe limits defaults -n shop").at("describe", "limitranges", "defaults", "shop"),
                // namespace and name in every form
                ro("kubectl get deployment/web -n shop").at("get", "deployments", "web", "shop"),
                ro("kubectl get deploy web --namespace shop").at("get", "deployments", "web", "shop"),
                ro("kubectl get deployments.apps/web --namespace=shop").at("get", "deployments", "web", "shop"),
                ro("kubectl -nshop get deployment.v1.apps web").at("get", "deployments", "web", "shop"),
                ro("kubectl -n=shop get Deployments web").at("get", "deployments", "web", "shop"),
                ro("kubectl --context prod -n shop get pods web-1 -o yaml").at("get", "pods", "web-1", "shop"),
                ro("kubectl get -n shop svc web -o yaml").at("get", "services", "web", "shop"),
                ro("kubectl get pods,svc -n shop").at("get", "pods,services", null, "shop"),
                ro("kubectl get deploy/web svc/web -n shop").at("get", "deployments,services", "web", "shop"),
                ro("kubectl --kubeconfig /tmp/kc get nodes").at("get", "nodes", null, null),
                ro("kubectl get -n shop pods -n staging").at("get", "pods", null, "staging"),
                ro("kubectl get pods -lapp=web -ojson -n shop").at("get", "pods", null, "shop"),
                // remediation strings of agents-domain, as the diagnosis renders them
                ro("kubectl describe node worker-1"),
                des("kubectl drain worker-1 --ignore-daemonsets --delete-emptydir-data   # destructive")
                        .at("drain", "nodes", "worker-1", null),
                ro("kubectl auth can-i --list -n shop --as=system:serviceaccount:shop:web").sub("can-i")
                        .at("auth", null, null, "shop"),
                ro("kubectl get svc,endpoints -n shop").at("get", "services,endpoints", null, "shop"),
                ro("kubectl describe rolebinding -n shop web-reader")
                        .at("describe", "rolebindings", "web-reader", "shop"),
                des("kubectl delete pod -n shop web-7d9f-x2x   # destructive")
                        .at("delete", "pods", "web-7d9f-x2x", "shop"),
                ro("kubectl get pod -n shop web-1 -o jsonpath='{.spec.containers[?(@.name==\"web\")].livenessProbe}'")
                        .at("get", "pods", "web-1", "shop"),
                ro("kubectl describe hpa -n shop web").at("describe", "horizontalpodautoscalers", "web", "shop"),
                mut("kubectl patch pdb web -n shop --type merge "
                        + "-p '{\"spec\":{\"maxUnavailable\":1,\"minAvailable\":null}}'")
                        .at("patch", "poddisruptionbudgets", "web", "shop"),
                ro("kubectl logs -n search indexer-1 -c indexer --previous")
                        .at("logs", "pods", "indexer-1", "search"),
                ro("kubectl describe pod -n billing invoice-worker-1")
                        .at("describe", "pods", "invoice-worker-1", "billing"),
                ro("kubectl get endpoints -n shop web").at("get", "endpoints", "web", "shop"),
                mut("kubectl set resources deployment/web -n shop -c web --limits=memory=1Gi   # destructive")
                        .sub("resources").at("set", "deployments", "web", "shop"),
                mut("kubectl set resources deployment/web -n shop --requests=cpu=500m   # destructive"),
                mut("kubectl set image deployment/frontend -n web frontend=r/i:1   # destructive")
                        .at("set", "deployments", "frontend", "web"),
                unk("kubectl set image deployment/web -n shop web=<registry>/<image>:<tag>   # destructive")
                        .because("placeholder <registry>").at("set", "deployments", "web", "shop"),
                mut("kubectl patch secret db -n shop --type merge -p '{\"stringData\":{\"PASSWORD\":\"<value>\"}}'")
                        .at("patch", "secrets", "db", "shop"),
                mut("kubectl patch configmap app -n shop --type merge -p '{\"data\":{\"LOG_LEVEL\":\"<value>\"}}'")
                        .at("patch", "configmaps", "app", "shop"),
                unk("kubectl create secret generic db -n shop --from-literal=<KEY>=<value>")
                        .because("placeholder <KEY>").at("create", "secrets", "db", "shop"),
                unk("kubectl create configmap app -n shop --from-literal=<KEY>=<value>").because("<KEY>"),
                mut("kubectl create secret generic billing-db -n billing --from-literal=K=v").sub("secret")
                        .at("create", "secrets", "billing-db", "billing"),
                unk("kubectl get storageclass && kubectl describe pvc -n shop data-db-0").because("`&&`")
                        .at("get", "storageclasses", null, null),
                unk("kubectl get pvc data -n shop -o yaml | sed 's/storageClassName: fast/storageClassName: standard/'"
                        + " | kubectl replace --force -f -   # destructive").because("pipes"),
                ro("kubectl describe statefulset -n shop db").at("describe", "statefulsets", "db", "shop"),
                unk("kubectl get job nightly -n batch -o yaml | kubectl replace --force -f -   # destructive")
                        .because("pipes").at("get", "jobs", "nightly", "batch"),
                mut("kubectl patch cronjob nightly -n batch --type merge "
                        + "-p '{\"spec\":{\"schedule\":\"<min> <hour> <day> <month> <weekday>\"}}'")
                        .at("patch", "cronjobs", "nightly", "batch"),
                mut("kubectl edit networkpolicy deny-all -n shop").at("edit", "networkpolicies", "deny-all", "shop"),
                ro("kubectl get pods -n shop --show-labels"),
                ro("kubectl describe resourcequota -n shop compute")
                        .at("describe", "resourcequotas", "compute", "shop"),
                ro("kubectl describe rs -n shop web-7d9f").at("describe", "replicasets", "web-7d9f", "shop"),
                ro("kubectl rollout status deployment/cart -n shop").at("rollout", "deployments", "cart", "shop"),
                mut("kubectl rollout undo deployment/cart -n shop   # destructive")
                        .at("rollout", "deployments", "cart", "shop"),
                mut("kubectl edit ingress frontend-ingress -n web")
                        .at("edit", "ingresses", "frontend-ingress", "web"),
                ro("kubectl get pvc -n shop"),
                mut("kubectl patch service web -n shop --type merge -p '{\"spec\":{\"selector\":{<label>: <value>}}}'")
                        .at("patch", "services", "web", "shop"),
                mut("kubectl patch service catalog -n shop --type json "
                        + "-p '[{\"op\":\"replace\",\"path\":\"/spec/ports/0/targetPort\",\"value\":8080}]'")
                        .at("patch", "services", "catalog", "shop"),
                ro("kubectl describe pods -n shop -l app=web").at("describe", "pods", null, "shop"),
                ro("kubectl get deployment web -n shop -o yaml").at("get", "deployments", "web", "shop"),
                // runbook steps of agents-domain
                unk("kubectl get configmap app -n shop -o yaml > before-configmap-app.yaml").because("`>`")
                        .at("get", "configmaps", "app", "shop"),
                mut("kubectl apply -f before-configmap-app.yaml"),
                ro("kubectl rollout status deployment/web -n shop --timeout=5m"),
                des("kubectl delete configmap app -n shop").at("delete", "configmaps", "app", "shop"),
                unk("aiops diagnose -n shop --filter CrashLoopBackOff").because("`aiops`"),
                ro("kubectl cluster-info dump --all-namespaces"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void classifies(Row row) {
        KubectlCommand c = CommandReview.review(row.line());

        assertThat(c.commandClass()).as("%s (%s)", row.line(), c.reason()).isEqualTo(row.expected());
        assertThat(c.reason()).isNotBlank().endsWith(".");
        assertThat(c.text()).isEqualTo(row.line());
        if (row.target()) {
            assertThat(c.verb()).as("verb").isEqualTo(row.verb());
            assertThat(c.resource()).as("resource").isEqualTo(row.resource());
            assertThat(c.name()).as("name").isEqualTo(row.name());
            assertThat(c.namespace()).as("namespace").isEqualTo(row.namespace());
        }
        if (row.subverb() != null) {
            assertThat(c.subverb()).as("subverb").isEqualTo(row.subverb());
        }
        if (row.reason() != null) {
            assertThat(c.reason()).as("reason").contains(row.reason());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void reviewingTheTokensAgainGivesTheSameClassWhenTheLineHasNoShellSyntax(Row row) {
        KubectlCommand c = CommandReview.review(row.line());
        if (c.argv().isEmpty() || c.reason().startsWith("The command has")
                || c.reason().contains("outside quotes")) {
            return; // unsplittable, substitutions and operators: the argv form reads these literally
        }

        KubectlCommand again = CommandReview.review(c.argv());

        assertThat(again.commandClass()).as(again.reason()).isEqualTo(c.commandClass());
        assertThat(again).usingRecursiveComparison().ignoringFields("text").isEqualTo(c);
        assertThat(CommandReview.review(again.text())).usingRecursiveComparison().ignoringFields("text")
                .isEqualTo(c);
    }
}
