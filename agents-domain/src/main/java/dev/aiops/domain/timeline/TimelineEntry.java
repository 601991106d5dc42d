package dev.aiops.domain.timeline;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing that happened, as the incident-timeline v1 contract has it: when, where it was read, about which
 * object, how bad, and what.
 *
 * @param time          when it happened (for a collapsed event series, its first occurrence in the window)
 * @param source        where it was read
 * @param object        what it is about
 * @param level         how bad
 * @param reason        the event's or condition's reason, a container's termination reason; null when none
 * @param text          what happened: an event's message, a transition, or the log line as written
 * @param count         occurrences collapsed into this entry (1 unless an event repeated)
 * @param firstTime     first occurrence of a collapsed series; null when {@code count} is 1
 * @param lastTime      last occurrence of a collapsed series; null when {@code count} is 1
 * @param correlationId the trace, correlation or request id the log line carries; null when none
 * @param timeUncertain the time could not be read (a log line placed by its neighbours) or the order relative to
 *                      an entry of another source or clock is within the skew tolerance
 */
public record TimelineEntry(Instant time, Source source, Subject object, Level level, String reason, String text,
                            int count, Instant firstTime, Instant lastTime, String correlationId,
                            boolean timeUncertain) {

    /** Where an entry was read. */
    public enum Source {
        /** A Kubernetes Event (core/v1 or events.k8s.io/v1). */
        EVENT,
        /** A pod's or container's status: starts, terminations, conditions, phase. */
        STATUS,
        /** A rollout or configuration change: new ReplicaSets and revisions, Deployment conditions, restarts. */
        ROLLOUT,
        /** A container log line. */
        LOG;

        /** The contract's name: {@code event}, {@code status}, {@code rollout}, {@code log}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source parse(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** How bad, in the contract's three levels. */
    public enum Level {
        INFO, WARNING, ERROR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level parse(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * What an entry is about: a Kubernetes object, and for container status and logs the container.
     *
     * @param namespace null for cluster-scoped objects
     * @param container null unless the entry is about one container
     */
    public record Subject(String kind, String namespace, String name, String container) {

        public Subject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
        }

        public static Subject of(String kind, String namespace, String name) {
            return new Subject(kind, namespace, name, null);
        }

        /**
         * An object as people write it: {@code KIND/NAME} (in {@code namespace}) or {@code KIND/NAMESPACE/NAME}, with
         * kubectl's short kinds ({@code deploy}, {@code po}, {@code rs}, {@code svc}, {@code sts}, {@code ds},
         * {@code cj}, {@code no}, {@code cm}...) and plurals.
         *
         * @throws IllegalArgumentException when {@code ref} is not of that form
         */
        public static Subject parse(String ref, String namespace) {
            String[] p = ref == null ? new String[0] : ref.split("/", -1);
            if (p.length < 2 || p.length > 3 || Arrays.stream(p).anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("an object is KIND/NAME or KIND/NAMESPACE/NAME, not '" + ref + "'");
            }
            String kind = kind(p[0]);
            return p.length == 3 ? of(kind, p[1], p[2]) : of(kind, "Node".equals(kind) || "Namespace".equals(kind)
                    ? null : namespace, p[1]);
        }

        /** kubectl's name for a kind ({@code deploy}, {@code deployments}, {@code Deployment}) as the API writes it. */
        static String kind(String type) {
            String t = type.toLowerCase(Locale.ROOT);
            return switch (t) {
                case "po", "pod", "pods" -> "Pod";
                case "deploy", "deployment", "deployments" -> "Deployment";
                case "rs", "replicaset", "replicasets" -> "ReplicaSet";
                case "sts", "statefulset", "statefulsets" -> "StatefulSet";
                case "ds", "daemonset", "daemonsets" -> "DaemonSet";
                case "job", "jobs" -> "Job";
                case "cj", "cronjob", "cronjobs" -> "CronJob";
                case "svc", "service", "services" -> "Service";
                case "no", "node", "nodes" -> "Node";
                case "ns", "namespace", "namespaces" -> "Namespace";
                case "cm", "configmap", "configmaps" -> "ConfigMap";
                case "secret", "secrets" -> "Secret";
                case "pvc", "persistentvolumeclaim", "persistentvolumeclaims" -> "PersistentVolumeClaim";
                case "hpa", "horizontalpodautoscaler", "horizontalpodautoscalers" -> "HorizontalPodAutoscaler";
                case "ing", "ingress", "ingresses" -> "Ingress";
                case "pdb", "poddisruptionbudget", "poddisruptionbudgets" -> "PodDisruptionBudget";
                default -> type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
            };
        }

        /** The same object without its container. */
        public Subject object() {
            return container == null ? this : new Subject(kind, namespace, name, null);
        }

        /** {@code Pod shop/cart-1 [app]}. */
        @Override
        public String toString() {
            return kind + " " + (namespace == null ? "" : namespace + "/") + name
                    + (container == null ? "" : " [" + container + "]");
        }
    }

    public TimelineEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
        if (count < 1) throw new IllegalArgumentException("count must be at least 1: " + count);
    }
}
