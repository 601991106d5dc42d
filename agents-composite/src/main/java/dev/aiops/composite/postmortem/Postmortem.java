package dev.aiops.composite.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A blameless post-mortem, every statement taken from the timeline or the diagnosis. Fields that could not be
 * established are null (rendered as "unknown"), never guessed.
 *
 * @param title        the incident, from its root cause
 * @param start        the window's start
 * @param end          the window's end
 * @param summary      two or three sentences
 * @param namespaces   affected namespaces
 * @param services     affected workloads and Services
 * @param impactStart  the first error (null: none in the window)
 * @param impactEnd    recovery (null: not recovered in the window)
 * @param detection    the first alerting signal, as a timeline line (null: none)
 * @param timeToDetect first error to detection (null: unknown)
 * @param trigger      the probable trigger, as a timeline line (null: none found)
 * @param rootCauses   the findings that explain the incident, with their evidence
 * @param contributing policy violations and missing safeguards on the affected objects
 * @param wentWell     what helped, from the facts
 * @param wentBadly    what hurt, from the facts
 * @param actions      action items, owners left blank
 * @param timeline     the timeline's lines worth reading (warnings, errors and markers), oldest first
 * @param analysis     a model's analysis, marked as model-written; null without a model
 */
public record Postmortem(String title, Instant start, Instant end, String summary, List<String> namespaces,
                         List<String> services, Instant impactStart, Instant impactEnd, String detection,
                         Duration timeToDetect, String trigger, List<Cause> rootCauses, List<String> contributing,
                         List<String> wentWell, List<String> wentBadly, List<Action> actions, List<String> timeline,
                         Analysis analysis) {

    /** A root cause: the finding, what it rests on. */
    public record Cause(String findingId, String severity, String object, String rootCause, List<String> evidence) {
    }

    /** An action item: what to do, its priority, the command if there is one; the owner is for people to fill. */
    public record Action(String priority, String what, String command) {
    }

    /** Text a model wrote, with the prompt and model that wrote it. */
    public record Analysis(String text, String prompt, String model) {
    }

    public Postmortem withAnalysis(Analysis a) {
        return new Postmortem(title, start, end, summary, namespaces, services, impactStart, impactEnd, detection,
                timeToDetect, trigger, rootCauses, contributing, wentWell, wentBadly, actions, timeline, a);
    }
}
