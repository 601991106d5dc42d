package dev.aiops.cli;

import dev.aiops.core.contract.Durations;
import dev.aiops.core.llm.Usage;
import dev.aiops.core.llm.UsageLog;
import dev.aiops.core.llm.UsageRecord;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aiops usage}: tokens and cost of model calls, from the usage log. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Summarises tokens and cost of model calls from the usage log"
                + " ($XDG_STATE_HOME/aiops/usage.jsonl, or ~/.local/state/aiops/usage.jsonl).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:summary printed (also when there were no calls)",
            "2:usage error, or a --file that is missing, not a regular file or unreadable"})
final class UsageCommand implements Callable<Integer> {

    enum GroupBy { agent, model, day, prompt, session }

    @Option(names = "--since", defaultValue = "7d", paramLabel = "DURATION",
            description = "How far back: 30m, 24h, 7d, or ISO-8601. Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--by", defaultValue = "day", paramLabel = "KEY",
            description = "Group by ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    GroupBy by;

    @Option(names = "--file", paramLabel = "PATH", description = "The usage log to read (default: as above); a"
            + " regular file.")
    Path file;

    @Option(names = "--max-file-mib", defaultValue = "64", paramLabel = "MIB",
            description = "Read at most the last MIB mebibytes of the log (the newest calls) and say what was left"
                    + " out. Default: ${DEFAULT-VALUE}.")
    int maxFileMib;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    String output;

    @Spec
    CommandSpec spec;

    private static final long MIB = 1024 * 1024;

    private final Map<String, String> env;
    private final Clock clock;

    UsageCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("text") && !output.equals("json")) {
            err.println("aiops usage: -o must be text or json, not '" + output + "'");
            return 2;
        }
        Instant from;
        try {
            from = clock.instant().minus(Durations.parse(since));
        } catch (IllegalArgumentException e) {
            err.println("aiops usage: --since: " + e.getMessage());
            return 2;
        }
        if (maxFileMib < 1) {
            err.println("aiops usage: --max-file-mib must be at least 1, not " + maxFileMib);
            return 2;
        }
        if (file != null && !Files.exists(file)) {
            err.println("aiops usage: --file " + file + " does not exist");
            return 2;
        }
        Path log = file != null ? file : UsageLog.defaultFile(env);
        UsageLog.Contents contents;
        try {
            contents = UsageLog.read(log, from, maxFileMib * MIB);
        } catch (UncheckedIOException e) {
            err.println("aiops usage: " + e.getMessage());
            return 2;
        }
        if (contents.unreadBytes() > 0) {
            err.println("aiops usage: " + log + " is larger than " + maxFileMib + " MiB; read only its last "
                    + maxFileMib + " MiB, so the calls in its first " + contents.unreadBytes() + " bytes are not"
                    + " counted (raise --max-file-mib to read more)");
        }
        contents.skipped().forEach(s -> err.println("aiops usage: skipped unreadable line " + s));
        Map<String, Row> rows = new TreeMap<>();
        Row total = new Row();
        Function<UsageRecord, String> key = key(by);
        for (UsageRecord r : contents.records()) {
            rows.computeIfAbsent(key.apply(r), k -> new Row()).add(r);
            total.add(r);
        }
        if (output.equals("json")) {
            printJson(out, rows, total, from);
        } else {
            printText(out, rows, total, log);
        }
        return 0;
    }

    private static Function<UsageRecord, String> key(GroupBy by) {
        switch (by) {
            case agent: return UsageRecord::agent;
            case model: return UsageRecord::model;
            case prompt: return r -> r.prompt().id() + "@" + r.prompt().version();
            case session: return UsageRecord::session;
            default: return r -> r.timestamp().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
    }

    private void printText(PrintWriter out, Map<String, Row> rows, Row total, Path log) {
        if (rows.isEmpty()) {
            out.println("No model calls since " + since + " ago in " + log + ".");
            return;
        }
        String fmt = "%-28s %6s %12s %12s %12s %11s %s%n";
        out.printf(fmt, by.name().toUpperCase(), "CALLS", "INPUT", "CACHED", "OUTPUT", "COST (USD)", "");
        rows.forEach((k, r) -> out.printf(fmt, k, r.calls, r.usage.inputTokens(), r.usage.cachedInputTokens(),
                r.usage.outputTokens(), String.format("%.4f", r.usage.costUsd()), r.notes()));
        out.printf(fmt, "TOTAL", total.calls, total.usage.inputTokens(), total.usage.cachedInputTokens(),
                total.usage.outputTokens(), String.format("%.4f", total.usage.costUsd()), total.notes());
    }

    private void printJson(PrintWriter out, Map<String, Row> rows, Row total, Instant from) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("since", from.toString());
        root.put("groupBy", by.name());
        ArrayNode groups = root.putArray("groups");
        rows.forEach((k, r) -> groups.add(r.toJson(json.createObjectNode().put("key", k))));
        root.set("total", total.toJson(json.createObjectNode()));
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static final class Row {
        int calls;
        int failed;
        int estimated;
        Usage usage = Usage.NONE;

        void add(UsageRecord r) {
            calls++;
            usage = usage.plus(r.usage());
            if (!"ok".equals(r.outcome()) && !"refused".equals(r.outcome())) {
                failed++;
            }
            if (r.usage().estimated()) {
                estimated++;
            }
        }

        String notes() {
            String s = failed > 0 ? failed + " failed" : "";
            if (estimated > 0) {
                s += (s.isEmpty() ? "" : ", ") + estimated + " estimated";
            }
            return s;
        }

        ObjectNode toJson(ObjectNode n) {
            n.put("calls", calls).put("failed", failed).put("estimatedCalls", estimated)
                    .put("inputTokens", usage.inputTokens()).put("cachedInputTokens", usage.cachedInputTokens())
                    .put("outputTokens", usage.outputTokens()).put("reasoningTokens", usage.reasoningTokens())
                    .put("costUsd", usage.costUsd());
            return n;
        }
    }
}
