package dev.aiops.domain.diagnosis.analyzers;

import dev.aiops.domain.diagnosis.Analyzer;
import dev.aiops.domain.diagnosis.Category;
import dev.aiops.domain.diagnosis.ClusterIndex;
import dev.aiops.domain.diagnosis.Evidence;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.diagnosis.FindingDraft;
import dev.aiops.domain.diagnosis.LogClue;
import dev.aiops.domain.diagnosis.ObjectRef;
import dev.aiops.domain.diagnosis.Remediation;
import dev.aiops.domain.diagnosis.SeverityRules.Problem;
import dev.aiops.domain.diagnosis.SeverityRules.Symptom;
import dev.aiops.infra.k8s.K8s;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Jobs that failed (with the cause their pods logged) and CronJobs that cannot run (invalid schedule or time
 * zone, deadlines they always miss). Completed Jobs and suspended CronJobs are not problems.
 */
public final class JobAnalyzer implements Analyzer {

    private static final Pattern CRON_FIELD = Pattern.compile("[0-9*/,\\-?LW#A-Za-z]+");

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public List<Finding> analyze(ClusterIndex index) {
        List<Finding> out = new ArrayList<>();
        for (JsonNode job : index.objects("Job")) {
            Finding f = failedJob(index, job);
            if (f != null) out.add(f);
        }
        for (JsonNode cj : index.objects("CronJob")) {
            Finding f = cronJob(index, cj);
            if (f != null) out.add(f);
        }
        return out;
    }

    private static Finding failedJob(ClusterIndex index, JsonNode job) {
        JsonNode failed = null;
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asString("");
            if ((type.equals("Failed") || type.equals("FailureTarget")) && "True".equals(c.path("status").asString(""))) {
                failed = c;
            }
            if (type.equals("Complete") && "True".equals(c.path("status").asString(""))) return null;
        }
        if (failed == null) return null;
        ObjectRef ref = ObjectRef.of(job);
        String ns = ref.namespace();
        JsonNode owner = K8s.controllerOf(job);
        ObjectRef ownerRef = owner == null ? null : new ObjectRef(owner.path("kind").asString(), ns,
                owner.path("name").asString());
        List<Evidence> ev = new ArrayList<>();
        String reason = failed.path("reason").asString("Failed");
        ev.add(Evidence.status("Failed=True (" + reason + "): " + failed.path("message").asString("")));
        ev.add(Evidence.status(job.path("status").path("failed").asInt(0) + " failed pod(s), backoffLimit "
                + job.path("spec").path("backoffLimit").asInt(6)));
        LogClue clue = null;
        String failedPod = null;
        for (JsonNode pod : index.objects("Pod")) {
            JsonNode c = K8s.controllerOf(pod);
            if (c == null || !ref.name().equals(c.path("name").asString()) || !ns.equals(K8s.namespace(pod))) continue;
            for (Map.Entry<String, List<String>> logs : index.snapshot().logs(ns, K8s.name(pod)).entrySet()) {
                LogClue found = LogClue.find(logs.getValue());
                if (found != null && (clue == null || found.kind().ordinal() < clue.kind().ordinal())) {
                    clue = found;
                    failedPod = K8s.name(pod);
                }
            }
            for (JsonNode cs : pod.path("status").path("containerStatuses")) {
                JsonNode t = cs.path("state").path("terminated");
                if (t.path("exitCode").asInt(0) != 0) {
                    ev.add(Evidence.status("pod " + K8s.name(pod) + " container " + cs.path("name").asString()
                            + " exited with code " + t.path("exitCode").asInt() + " (" + t.path("reason").asString("Error")
                            + ")"));
                    if (failedPod == null) failedPod = K8s.name(pod);
                }
            }
        }
        String cause;
        if (reason.equals("DeadlineExceeded")) {
            cause = "the Job ran longer than activeDeadlineSeconds " + job.path("spec").path("activeDeadlineSeconds")
                    .asString("?");
        } else if (clue != null) {
            cause = "its pods fail because " + clue.describe() + " (" + reason + " after "
                    + job.path("status").path("failed").asInt(0) + " attempts)";
            ev.add(Evidence.log(clue.line()));
        } else {
            cause = "its pods keep failing: " + failed.path("message").asString(reason);
        }
        boolean superseded = ownerRef != null && newerSuccess(index, job, owner.path("name").asString());
        if (superseded) ev.add(Evidence.related("a later Job of CronJob " + ownerRef.name() + " completed"));
        FindingDraft d = FindingDraft.of(Category.JobFailed, Problem.FAILURE, superseded ? Symptom.RECOVERED
                        : Symptom.DEGRADED, ref).owner(ownerRef)
                .summary("JobFailed: Job " + ns + "/" + ref.name() + " failed (" + reason + ")")
                .rootCause(cause).evidence(ev);
        if (failedPod != null) {
            d.remediate(Remediation.command("Read the failed pod's log", "kubectl logs -n " + ns + " " + failedPod));
        }
        d.remediate(Remediation.destructive("Re-run it after fixing the cause: delete the failed Job and recreate it",
                "kubectl get job " + ref.name() + " -n " + ns + " -o yaml | kubectl replace --force -f -"));
        return d.build();
    }

    private static boolean newerSuccess(ClusterIndex index, JsonNode failedJob, String cronJob) {
        java.time.Instant failedAt = ClusterIndex.instant(failedJob.path("metadata").get("creationTimestamp"));
        for (JsonNode other : index.snapshot().objects("Job", K8s.namespace(failedJob))) {
            JsonNode c = K8s.controllerOf(other);
            if (other == failedJob || c == null || !cronJob.equals(c.path("name").asString())) continue;
            java.time.Instant at = ClusterIndex.instant(other.path("metadata").get("creationTimestamp"));
            boolean complete = false;
            for (JsonNode cond : other.path("status").path("conditions")) {
                if ("Complete".equals(cond.path("type").asString("")) && "True".equals(cond.path("status").asString(""))) {
                    complete = true;
                }
            }
            if (complete && at != null && failedAt != null && at.isAfter(failedAt)) return true;
        }
        return false;
    }

    private static Finding cronJob(ClusterIndex index, JsonNode cj) {
        if (cj.path("spec").path("suspend").asBoolean(false)) return null;
        ObjectRef ref = ObjectRef.of(cj);
        String ns = ref.namespace();
        String schedule = cj.path("spec").path("schedule").asString("");
        List<String> causes = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        // an invalid schedule or zone stops every run; a short starting deadline only risks skipping some
        Symptom symptom = Symptom.NONE;
        if (!validSchedule(schedule)) {
            symptom = Symptom.WARNING;
            causes.add("schedule \"" + schedule + "\" is not a valid cron expression");
            ev.add(Evidence.spec("schedule: " + schedule));
        }
        String tz = K8s.text(cj.path("spec").get("timeZone"));
        if (tz != null) {
            try {
                java.time.ZoneId.of(tz);
            } catch (java.time.DateTimeException e) {
                causes.add("timeZone \"" + tz + "\" is not a known time zone");
                symptom = Symptom.WARNING;
                ev.add(Evidence.spec("timeZone: " + tz));
            }
        }
        JsonNode deadline = cj.path("spec").get("startingDeadlineSeconds");
        if (deadline != null && deadline.asInt(100) < 10) {
            causes.add("startingDeadlineSeconds " + deadline.asInt() + " is shorter than the controller's 10 s sync,"
                    + " so jobs can be skipped");
            ev.add(Evidence.spec("startingDeadlineSeconds: " + deadline.asInt()));
        }
        for (JsonNode e : index.events(cj)) {
            String reason = e.path("reason").asString("");
            if (reason.equals("JobAlreadyActive")) {
                ev.add(Evidence.event(reason + ": " + e.path("message").asString("")));
                String stuck = stuckActiveJob(index, cj);
                if (stuck != null && !causes.contains(stuck)) causes.add(0, stuck);
                symptom = Symptom.WARNING;
            } else if (reason.equals("FailedNeedsStart") || reason.equals("InvalidSchedule")
                    || reason.equals("UnknownTimeZone") || reason.equals("FailedCreate") || reason.equals("MissSchedule")
                    || reason.equals("TooManyMissedTimes")) {
                ev.add(Evidence.event(reason + ": " + e.path("message").asString("")));
                if (causes.isEmpty()) causes.add(e.path("message").asString(reason));
                symptom = Symptom.WARNING;
            }
        }
        if (causes.isEmpty()) return null;
        FindingDraft d = FindingDraft.of(Category.CronJobMisconfigured, Problem.MISCONFIGURATION, symptom, ref)
                .summary("CronJobMisconfigured: CronJob " + ns + "/" + ref.name() + ": " + causes.get(0))
                .rootCause(String.join("; ", causes)).evidence(ev);
        if (causes.get(0).startsWith("concurrencyPolicy Forbid")) {
            return d.remediate(Remediation.command("See what the active Job is waiting for",
                            "kubectl get jobs -n " + ns + " --sort-by=.status.startTime"))
                    .remediate(Remediation.command("Give its runs a deadline", "kubectl patch cronjob " + ref.name()
                            + " -n " + ns + " --type merge -p '{\"spec\":{\"jobTemplate\":{\"spec\":"
                            + "{\"activeDeadlineSeconds\":<seconds>}}}}'"))
                    .build();
        }
        return d.remediate(Remediation.command("Fix the schedule", "kubectl patch cronjob " + ref.name() + " -n " + ns
                        + " --type merge -p '{\"spec\":{\"schedule\":\"<min> <hour> <day> <month> <weekday>\"}}'"))
                .build();
    }

    /**
     * The Job a Forbid-policy CronJob waits for: active since before the snapshot's last skipped run, named with
     * how long it has been running and whether it has a deadline that would ever end it.
     */
    private static String stuckActiveJob(ClusterIndex index, JsonNode cj) {
        if (!"Forbid".equals(cj.path("spec").path("concurrencyPolicy").asString(""))) return null;
        for (JsonNode ref : cj.path("status").path("active")) {
            String name = ref.path("name").asString("");
            JsonNode job = index.get("Job", K8s.namespace(cj), name);
            java.time.Instant start = job == null ? null : ClusterIndex.instant(job.path("status").get("startTime"));
            String since = start == null ? "" : " for " + java.time.Duration.between(start, index.now()).toMinutes()
                    + " minutes";
            boolean deadline = job != null && job.path("spec").has("activeDeadlineSeconds")
                    || cj.path("spec").path("jobTemplate").path("spec").has("activeDeadlineSeconds");
            return "concurrencyPolicy Forbid skips every run while Job " + name + " is still active" + since
                    + (deadline ? "" : ", and no activeDeadlineSeconds ever ends it");
        }
        return "concurrencyPolicy Forbid skips runs while an earlier Job is still active";
    }

    static boolean validSchedule(String schedule) {
        String s = schedule.trim();
        if (s.startsWith("@")) {
            return List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
                    .contains(s) || s.startsWith("@every ");
        }
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int sp = s.indexOf(' ');
            if (sp < 0) return false;
            s = s.substring(sp + 1).trim();
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) return false;
        int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        for (int i = 0; i < 5; i++) {
            if (!CRON_FIELD.matcher(fields[i]).matches()) return false;
            for (String part : fields[i].split("[,/\\-]")) {
                if (part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
                    int v = Integer.parseInt(part);
                    boolean isStep = fields[i].contains("/" + part);
                    if (!isStep && (v < ranges[i][0] || v > ranges[i][1])) return false;
                }
            }
        }
        return true;
    }
}
