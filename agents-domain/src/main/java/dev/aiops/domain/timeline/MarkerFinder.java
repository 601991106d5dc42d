package dev.aiops.domain.timeline;

import dev.aiops.domain.timeline.TimelineEntry.Level;
import java.util.Objects;

/**
 * The markers of ordered drafts (see {@link Timeline.Markers}). Where several entries could be the trigger or the
 * recovery, one in the namespace of the errors is preferred to one elsewhere. A recovery comes after the last error
 * entry and after the last occurrence of every error series.
 */
final class MarkerFinder {

    private MarkerFinder() {
    }

    static Timeline.Markers find(Draft[] d, long lookbackNanos, long skewNanos) {
        Integer firstError = null;
        Integer lastError = null;
        Integer detection = null;
        for (int i = 0; i < d.length; i++) {
            if (d[i].level == Level.ERROR) {
                if (firstError == null) firstError = i;
                lastError = i;
            }
            if (detection == null && d[i].signal == Draft.Signal.ALERT) detection = i;
        }
        Integer trigger = null;
        Integer recovery = null;
        if (firstError != null) {
            String ns = d[firstError].object.namespace();
            long errorAt = d[firstError].at;
            Integer anywhere = null;
            for (int i = 0; i < d.length && d[i].at <= errorAt + skewNanos; i++) {
                if (d[i].signal != Draft.Signal.CHANGE || d[i].at < errorAt - lookbackNanos) continue;
                anywhere = i;
                if (Objects.equals(ns, d[i].object.namespace())) trigger = i;
            }
            if (trigger == null) trigger = anywhere;
            // an error repeated until later (a collapsed series) ends at its last occurrence
            long errorsEnd = Long.MIN_VALUE;
            for (int i = firstError; i <= lastError; i++) {
                if (d[i].level == Level.ERROR) errorsEnd = Math.max(errorsEnd, Math.max(d[i].at, d[i].last));
            }
            String lastNs = d[lastError].object.namespace();
            Integer firstAnywhere = null;
            for (int i = lastError + 1; i < d.length; i++) {
                if (d[i].signal != Draft.Signal.RECOVERY || d[i].at <= errorsEnd) continue;
                if (firstAnywhere == null) firstAnywhere = i;
                if (Objects.equals(lastNs, d[i].object.namespace())) {
                    recovery = i;
                    break;
                }
            }
            if (recovery == null) recovery = firstAnywhere;
        }
        return new Timeline.Markers(firstError, trigger, detection, recovery);
    }
}
