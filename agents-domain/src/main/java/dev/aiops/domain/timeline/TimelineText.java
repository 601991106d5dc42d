package dev.aiops.domain.timeline;

import dev.aiops.core.contract.Durations;
import dev.aiops.domain.timeline.TimelineEntry.Level;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A timeline for people: one line per entry (plain text, optionally coloured) or a Markdown table, with the markers
 * beside their entries and summed up at the end. Times are UTC to the millisecond; {@code ~} marks an uncertain one.
 */
public final class TimelineText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";

    private TimelineText() {
    }

    public static String text(Timeline t, boolean color) {
        StringBuilder sb = new StringBuilder();
        sb.append(bold(headline(t), color)).append('\n');
        List<TimelineEntry> entries = t.entries();
        int width = String.valueOf(Math.max(0, entries.size() - 1)).length();
        for (int i = 0; i < entries.size(); i++) {
            TimelineEntry e = entries.get(i);
            sb.append(String.format("%" + width + "d ", i)).append(TIME.format(e.time()))
                    .append(e.timeUncertain() ? '~' : ' ').append(' ')
                    .append(String.format("%-7s ", e.source().label()))
                    .append(level(e.level(), color)).append(' ')
                    .append(e.object()).append("  ").append(what(e));
            String marks = marks(t, i);
            if (!marks.isEmpty()) sb.append("   ").append(bold("<- " + marks, color));
            sb.append('\n');
        }
        sb.append('\n').append(markers(t, ""));
        String omitted = omitted(t);
        if (!omitted.isEmpty()) sb.append(omitted).append('\n');
        t.warnings().forEach(w -> sb.append("warning: ").append(w).append('\n'));
        if (entries.stream().anyMatch(TimelineEntry::timeUncertain)) {
            sb.append(dim("~ the time was not in the line (placed by the line before it), or another source's entry"
                    + " is within " + Durations.text(t.clockSkew()) + " and may have come first", color)).append('\n');
        }
        return sb.toString();
    }

    public static String markdown(Timeline t) {
        StringBuilder sb = new StringBuilder("# Timeline\n\n").append(headline(t)).append("\n\n");
        sb.append("## Markers\n\n").append(markers(t, "- ")).append("\n## Entries\n\n");
        sb.append("| # | time (UTC) | source | level | object | what happened | |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        List<TimelineEntry> entries = t.entries();
        for (int i = 0; i < entries.size(); i++) {
            TimelineEntry e = entries.get(i);
            sb.append("| ").append(i).append(" | ").append(TIME.format(e.time())).append(e.timeUncertain() ? " ~" : "")
                    .append(" | ").append(e.source().label()).append(" | ").append(e.level().label()).append(" | ")
                    .append(cell(e.object().toString())).append(" | ").append(cell(what(e))).append(" | ")
                    .append(marks(t, i).isEmpty() ? "" : "**" + marks(t, i) + "**").append(" |\n");
        }
        String omitted = omitted(t);
        if (!omitted.isEmpty()) sb.append('\n').append(omitted).append('\n');
        if (!t.warnings().isEmpty()) {
            sb.append("\n## Input warnings\n\n");
            t.warnings().forEach(w -> sb.append("- ").append(w).append('\n'));
        }
        if (entries.stream().anyMatch(TimelineEntry::timeUncertain)) {
            sb.append("\n~ the time was not in the line (placed by the line before it), or another source's entry is"
                    + " within ").append(Durations.text(t.clockSkew())).append(" and may have come first.\n");
        }
        return sb.toString();
    }

    /** {@code 42 entries from dump ./dump, namespace shop, around Deployment shop/cart, 2026-... to 2026-...}. */
    static String headline(Timeline t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.entries().size()).append(t.entries().size() == 1 ? " entry" : " entries").append(" from ")
                .append(t.source().type()).append(t.source().name() == null ? "" : " " + t.source().name());
        sb.append(t.query().namespace() == null ? ", all namespaces" : ", namespace " + t.query().namespace());
        if (t.query().around() != null) sb.append(", around ").append(t.query().around());
        sb.append(", ").append(t.windowStart() == null ? "from the start" : "from " + iso(t.windowStart()))
                .append(t.windowEnd() == null ? " to the end" : " to " + iso(t.windowEnd()));
        sb.append(" (clock-skew tolerance ").append(Durations.text(t.clockSkew())).append(')');
        return sb.toString();
    }

    /** What happened, with the series' count and span. */
    static String what(TimelineEntry e) {
        StringBuilder sb = new StringBuilder();
        if (e.source() == TimelineEntry.Source.EVENT && e.reason() != null && !e.text().equals(e.reason())) {
            sb.append(e.reason()).append(": ");
        }
        sb.append(e.text());
        if (e.count() > 1) {
            sb.append(" (x").append(e.count());
            if (e.firstTime() != null && e.lastTime() != null) {
                sb.append(", ").append(TIME.format(e.firstTime())).append(" to ").append(TIME.format(e.lastTime()));
            }
            sb.append(')');
        }
        if (e.correlationId() != null) sb.append("  [correlation ").append(e.correlationId()).append(']');
        return sb.toString();
    }

    private static String marks(Timeline t, int i) {
        List<String> out = new ArrayList<>();
        Timeline.Markers m = t.markers();
        if (Integer.valueOf(i).equals(m.trigger())) out.add("trigger");
        if (Integer.valueOf(i).equals(m.detection())) out.add("detection");
        if (Integer.valueOf(i).equals(m.firstError())) out.add("first error");
        if (Integer.valueOf(i).equals(m.recovery())) out.add("recovery");
        return String.join(", ", out);
    }

    private static String markers(Timeline t, String bullet) {
        Timeline.Markers m = t.markers();
        StringBuilder sb = new StringBuilder(bullet.isEmpty() ? "Markers:\n" : "");
        marker(sb, t, "probable trigger", m.trigger(), bullet);
        marker(sb, t, "detection", m.detection(), bullet);
        marker(sb, t, "first error", m.firstError(), bullet);
        marker(sb, t, "recovery", m.recovery(), bullet);
        return sb.toString();
    }

    private static void marker(StringBuilder sb, Timeline t, String name, Integer index, String bullet) {
        sb.append(bullet.isEmpty() ? "  " : bullet).append(name).append(": ");
        if (index == null) {
            sb.append("none found\n");
            return;
        }
        TimelineEntry e = t.entries().get(index);
        sb.append('#').append(index).append(' ').append(TIME.format(e.time())).append(' ').append(e.object())
                .append("  ").append(what(e)).append('\n');
    }

    private static String omitted(Timeline t) {
        Timeline.Omitted o = t.omitted();
        List<String> parts = new ArrayList<>();
        if (o.beforeWindow() > 0) parts.add(o.beforeWindow() + " before the window");
        if (o.afterWindow() > 0) parts.add(o.afterWindow() + " after it");
        if (o.undated() > 0) parts.add(o.undated() + " log lines with no time and nothing to place them by");
        String s = parts.isEmpty() ? "" : "Not shown: " + String.join(", ", parts) + ".";
        if (o.blankLogLines() > 0) s += (s.isEmpty() ? "" : " ") + o.blankLogLines() + " blank log lines skipped.";
        return s;
    }

    private static String iso(Instant t) {
        return t.toString();
    }

    private static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String level(Level l, boolean color) {
        String label = String.format("%-7s", l.label().toUpperCase());
        if (!color) return label;
        return switch (l) {
            case ERROR -> "\u001b[31m" + label + RESET;
            case WARNING -> "\u001b[33m" + label + RESET;
            case INFO -> DIM + label + RESET;
        };
    }

    private static String bold(String s, boolean color) {
        return color ? BOLD + s + RESET : s;
    }

    private static String dim(String s, boolean color) {
        return color ? DIM + s + RESET : s;
    }
}
