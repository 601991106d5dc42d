package dev.aiops.domain.eval;

import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.infra.k8s.ClusterSnapshot;
import dev.aiops.infra.k8s.SnapshotReader;
import dev.aiops.infra.k8s.SnapshotWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A recorded incident to measure diagnosis on: a folder with a snapshot ({@code dump/} as {@code kubectl
 * cluster-info dump --output-directory} writes it, or {@code snapshot.json} / {@code snapshot.yaml}) and an
 * {@code expected.json} saying what a diagnosis must report. A new scenario is a new folder, not code.
 */
public record Scenario(String name, Path dir, Path snapshot, Expectations expected) {

    public static final String EXPECTED = "expected.json";
    private static final List<String> INPUTS = List.of("dump", "snapshot.json", "snapshot.yaml");

    /**
     * The scenarios in {@code dir}: {@code dir} itself when it holds an {@code expected.json}, else each of its
     * sub-folders that does, by name. Every {@code expected.json} is read here, so bad input fails before any run.
     *
     * @throws ScenarioException when there is no scenario, a scenario has no snapshot, or an expected.json is wrong
     */
    public static List<Scenario> find(Path dir) {
        if (!Files.isDirectory(dir)) throw new ScenarioException(dir + ": no such folder");
        if (Files.exists(dir.resolve(EXPECTED))) return List.of(at(dir));
        List<Path> folders;
        try (Stream<Path> children = Files.list(dir)) {
            folders = children.filter(p -> Files.exists(p.resolve(EXPECTED))).sorted().toList();
        } catch (IOException e) {
            throw new ScenarioException(dir + ": cannot be listed: " + e.getMessage(), e);
        }
        if (folders.isEmpty()) {
            throw new ScenarioException(dir + " holds no scenario: a scenario is a folder with " + EXPECTED
                    + " and dump/ (or snapshot.json or snapshot.yaml), and DIR is one or a folder of them");
        }
        return folders.stream().map(Scenario::at).toList();
    }

    private static Scenario at(Path dir) {
        Path input = INPUTS.stream().map(dir::resolve).filter(Files::exists).findFirst()
                .orElseThrow(() -> new ScenarioException(dir + " has " + EXPECTED + " but no dump/, snapshot.json or"
                        + " snapshot.yaml to diagnose"));
        return new Scenario(dir.getFileName().toString(), dir, input, Expectations.read(dir.resolve(EXPECTED)));
    }

    /** The scenario's cluster state. @throws dev.aiops.infra.k8s.SnapshotException when it cannot be read */
    public ClusterSnapshot read() {
        return SnapshotReader.read(snapshot);
    }

    /**
     * Turns a live incident into a scenario: {@code dir/dump} with the snapshot (Secret values left out, logs as
     * redacted when read) and {@code dir/expected.json} pre-filled from {@code report} for someone to edit.
     *
     * @throws ScenarioException when {@code dir} exists and is not empty (an edited scenario is never overwritten)
     *                           or cannot be written
     */
    public static Path record(ClusterSnapshot snapshot, DiagnosisReport report, Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> children = Files.list(dir)) {
                    if (children.findAny().isPresent()) {
                        throw new ScenarioException(dir + " is not empty: record a scenario into a new folder");
                    }
                }
            } else if (Files.exists(dir)) {
                throw new ScenarioException(dir + " is a file: record a scenario into a new folder");
            }
            SnapshotWriter.write(snapshot, dir.resolve("dump"));
            Path expected = dir.resolve(EXPECTED);
            Files.writeString(expected, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Expectations.recorded(snapshot, report).toJson()) + "\n");
            return expected;
        } catch (IOException e) {
            throw new ScenarioException("cannot write the scenario to " + dir + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ScenarioException(e.getMessage(), e);
        }
    }
}
