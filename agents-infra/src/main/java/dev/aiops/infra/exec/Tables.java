package dev.aiops.infra.exec;

import dev.aiops.infra.k8s.K8s;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** {@code kubectl get}'s default tables for the common kinds, NAME and AGE for the others. */
final class Tables {

    private Tables() {
    }

    static String render(String kind, List<JsonNode> objects, boolean namespaces, boolean labels, Instant now) {
        List<String> header = new ArrayList<>();
        if (namespaces) {
            header.add("NAMESPACE");
        }
        header.add("NAME");
        header.addAll(columns(kind));
        header.add("AGE");
        if (labels) {
            header.add("LABELS");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (JsonNode o : objects) {
            List<String> row = new ArrayList<>();
            if (namespaces) {
                row.add(String.valueOf(K8s.namespace(o)));
            }
            row.add(K8s.name(o));
            row.addAll(values(kind, o));
            row.add(age(o.path("metadata").path("creationTimestamp").asString(null), now));
            if (labels) {
                row.add(o.path("metadata").path("labels").properties().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().asString()).collect(Collectors.joining(",")));
            }
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + (width[i] + 3) + "s", r.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static List<String> columns(String kind) {
        return switch (kind) {
            case "Pod" -> List.of("READY", "STATUS", "RESTARTS");
            case "Deployment" -> List.of("READY", "UP-TO-DATE", "AVAILABLE");
            case "ReplicaSet" -> List.of("DESIRED", "CURRENT", "READY");
            case "StatefulSet" -> List.of("READY");
            case "Service" -> List.of("TYPE", "CLUSTER-IP", "PORT(S)");
            case "Node" -> List.of("STATUS");
            case "PersistentVolumeClaim" -> List.of("STATUS", "STORAGECLASS");
            default -> List.of();
        };
    }

    private static List<String> values(String kind, JsonNode o) {
        JsonNode spec = o.path("spec");
        JsonNode st = o.path("status");
        return switch (kind) {
            case "Pod" -> pod(o);
            case "Deployment" -> List.of(st.path("readyReplicas").asInt(0) + "/" + spec.path("replicas").asInt(1),
                    String.valueOf(st.path("updatedReplicas").asInt(0)),
                    String.valueOf(st.path("availableReplicas").asInt(0)));
            case "ReplicaSet" -> List.of(String.valueOf(spec.path("replicas").asInt(0)),
                    String.valueOf(st.path("replicas").asInt(0)), String.valueOf(st.path("readyReplicas").asInt(0)));
            case "StatefulSet" -> List.of(st.path("readyReplicas").asInt(0) + "/" + spec.path("replicas").asInt(1));
            case "Service" -> List.of(spec.path("type").asString("ClusterIP"), spec.path("clusterIP").asString("<none>"),
                    ports(spec.path("ports")));
            case "Node" -> List.of(node(o));
            case "PersistentVolumeClaim" -> List.of(st.path("phase").asString(""),
                    spec.path("storageClassName").asString(""));
            default -> List.of();
        };
    }

    private static String ports(JsonNode ports) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : ports) {
            out.add(p.path("port").asInt() + (p.has("nodePort") ? ":" + p.path("nodePort").asInt() : "") + "/"
                    + p.path("protocol").asString("TCP"));
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    private static String node(JsonNode o) {
        String ready = "Unknown";
        for (JsonNode c : o.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString())) {
                ready = "True".equals(c.path("status").asString()) ? "Ready" : "NotReady";
            }
        }
        return ready + (o.path("spec").path("unschedulable").asBoolean(false) ? ",SchedulingDisabled" : "");
    }

    private static List<String> pod(JsonNode o) {
        int ready = 0;
        int total = 0;
        int restarts = 0;
        String status = o.path("status").path("phase").asString("Unknown");
        for (JsonNode cs : o.path("status").path("containerStatuses")) {
            total++;
            if (cs.path("ready").asBoolean(false)) {
                ready++;
            }
            restarts += cs.path("restartCount").asInt(0);
            JsonNode state = cs.path("state");
            String waiting = state.path("waiting").path("reason").asString(null);
            String terminated = state.path("terminated").path("reason").asString(null);
            if (waiting != null) {
                status = waiting;
            } else if (terminated != null) {
                status = terminated;
            }
        }
        if (total == 0) {
            total = o.path("spec").path("containers").size();
        }
        return List.of(ready + "/" + total, status, String.valueOf(restarts));
    }

    /** kubectl's short ages: 45s, 12m, 5h, 3d. */
    static String age(String time, Instant now) {
        Duration d = ReadCommands.since(time, now);
        if (d == null) {
            return "<unknown>";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7_200) {
            return s / 60 + "m";
        }
        if (s < 172_800) {
            return s / 3_600 + "h";
        }
        return s / 86_400 + "d";
    }

}
