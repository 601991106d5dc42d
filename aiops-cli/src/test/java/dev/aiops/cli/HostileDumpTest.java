package dev.aiops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code aiops diagnose --from-dump} on dumps broken on purpose (issue 16): each bad input is one sentence naming the
 * file, object and field, in the report's warnings or, when nothing can be read, on stderr with exit code 2.
 */
class HostileDumpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HEALTHY = "healthy-small";
    private static final String WEB_POD = "ticket-web-744ddf9885-cvmph";

    private static JsonNode report(CliRun r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static List<String> warnings(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("warnings").forEach(w -> out.add(w.asString()));
        return out;
    }

    /** Changes item {@code index} of a List file of the dump. */
    private static void editItem(Path dump, String file, int index, Consumer<ObjectNode> change) throws IOException {
        Path f = dump.resolve(file);
        ObjectNode list = (ObjectNode) JSON.readTree(f.toFile());
        change.accept((ObjectNode) list.path("items").get(index));
        Files.writeString(f, JSON.writeValueAsString(list));
    }

    /** The web pod's container crash-loops after {@code restarts} restarts (any JSON value). */
    private static void crashLoops(ObjectNode pod, JsonNode restarts) {
        ObjectNode status = (ObjectNode) pod.path("status").path("containerStatuses").get(0);
        status.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff");
        status.putObject("lastState").putObject("terminated").put("exitCode", 1).put("reason", "Error");
        status.put("ready", false);
        status.set("restartCount", restarts);
    }

    @Test
    void aFileOfRandomBytesIsOneSentenceNamingItAndExitsTwo(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[8192];
        new Random(5).nextBytes(bytes);
        Path random = Files.write(dir.resolve("random.bin"), bytes);

        CliRun diagnose = CliRun.run("diagnose", "--from-dump", random.toString());
        CliRun timeline = CliRun.run("timeline", "--from-dump", random.toString());

        assertThat(diagnose.exit()).isEqualTo(2);
        assertThat(diagnose.err().lines()).singleElement().asString().startsWith("aiops diagnose: " + random
                + ": not a Kubernetes JSON or YAML file: byte ").endsWith("is not UTF-8 text (is it a binary file?)");
        assertThat(timeline.exit()).isEqualTo(2);
        assertThat(timeline.err().lines()).singleElement().asString().startsWith("aiops timeline: " + random);
    }

    @Test
    void aLabelThatIsAnArrayCostsOnlyItsPodAndTheRestIsDiagnosed(@TempDir Path dir) throws IOException {
        Path dump = Dumps.copy("crashloop-missing-configmap-key", dir);
        int objects = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"))
                .path("summary").path("objectsScanned").asInt();
        editItem(dump, "members/pods.json", 0, pod -> ((ObjectNode) pod.path("metadata").path("labels"))
                .putArray("app").add("a").add("b"));

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(report.path("summary").path("objectsScanned").asInt()).isEqualTo(objects - 1);
        assertThat(report.toString()).contains("LATE_FEE_POLICY");
        assertThat(warnings(report)).containsExactly("members/pods.json: pod members/member-portal-58bcc67475-t8jsv:"
                + " /metadata/labels/app is an array, expected a string; object skipped");
    }

    @ParameterizedTest(name = "restartCount {0}")
    @CsvSource(delimiter = '|', textBlock = """
            "abc" | is a string ("abc"), expected a whole number from 0 to 2147483647
            1e40  | is 1.0E40, out of range for a whole number from 0 to 2147483647
            null  | is null, expected a whole number from 0 to 2147483647
            -5    | is -5, out of range for a whole number from 0 to 2147483647
            """)
    void aRestartCountOfTheWrongTypeOrOutOfRangeIsAWarningNotAWrongCount(String value, String problem,
                                                                         @TempDir Path dir) throws IOException {
        Path dump = Dumps.copy(HEALTHY, dir);
        editItem(dump, "helpdesk/pods.json", 0, pod -> crashLoops(pod, JSON.readTree(value)));

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(report.toString()).doesNotContain("after 0 restarts", "after -5 restarts");
        assertThat(warnings(report)).containsExactly("helpdesk/pods.json: pod helpdesk/" + WEB_POD
                + ": /status/containerStatuses/0/restartCount " + problem + "; object skipped");
    }

    @Test
    void aValidRestartCountIsReportedAsItIs(@TempDir Path dir) throws IOException {
        Path dump = Dumps.copy(HEALTHY, dir);
        editItem(dump, "helpdesk/pods.json", 0, pod -> crashLoops(pod, JSON.readTree("7")));

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(report.toString()).contains("in CrashLoopBackOff after 7 restarts");
        assertThat(warnings(report)).isEmpty();
    }

    @Test
    void aNumericNameAnItemsStringAndAnEmptyFileAreWarnings(@TempDir Path dir) throws IOException {
        Path dump = Dumps.copy(HEALTHY, dir);
        editItem(dump, "helpdesk/pods.json", 0, pod -> ((ObjectNode) pod.path("metadata")).put("name", 12345));
        Files.writeString(dump.resolve("kb/services.json"), "{\"kind\":\"ServiceList\",\"items\":\"oops\"}");
        Files.write(dump.resolve("kb/pods.json"), new byte[0]);

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(warnings(report)).containsExactly(
                "helpdesk/pods.json: items[0]: /metadata/name is a number (12345), expected a string; object skipped",
                "kb/pods.json: empty file (0 bytes); file skipped",
                "kb/services.json: 'items' is a string (\"oops\"), expected an array of Kubernetes objects; file skipped");
    }

    @Test
    void aDeviceIsRefusedAtOnceAndAFifoInTheFolderIsSkipped(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "needs /dev/zero");
        Path dump = Dumps.copy(HEALTHY, dir);
        Path fifo = dump.resolve("kb/secrets.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "needs mkfifo");

        CliRun zero = CliRun.run("diagnose", "--from-dump", "/dev/zero");
        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("aiops diagnose: /dev/zero: not a regular file (a FIFO, device or socket);"
                + " give a dump folder or a JSON or YAML file" + System.lineSeparator());
        assertThat(warnings(report)).containsExactly("kb/secrets.json: not a regular file (a FIFO, device, socket or"
                + " broken link); file skipped");
    }

    @Test
    void fileAndLogSizeLimitsAreOptionsAndTheReportSaysWhatWasCut(@TempDir Path dir) throws IOException {
        Path dump = Dumps.copy(HEALTHY, dir);
        Path log = dump.resolve("helpdesk/ticket-api-66dbd9fb76-ckp8m/logs.txt");
        long logBytes = Files.size(log);

        CliRun limited = CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json", "--max-file-size", "36k",
                "--max-log-size", "1k");
        CliRun bad = CliRun.run("diagnose", "--from-dump", dump.toString(), "--max-file-size", "lots");

        List<String> warnings = warnings(report(limited));
        assertThat(warnings).contains("helpdesk/pods.json: is 36.4 KiB, over the 36 KiB limit for one JSON or YAML"
                + " file (raise it with --max-file-size or -Daiops.dump.maxFileSize); file skipped");
        assertThat(warnings).anySatisfy(w -> assertThat(w).matches("helpdesk/ticket-api-66dbd9fb76-ckp8m/logs\\.txt: is "
                + logBytes + " bytes, over the 1024 bytes limit for a log file \\(raise it with --max-log-size or"
                + " -Daiops\\.dump\\.maxLogSize\\): its first \\d+ bytes were dropped and its newest lines kept"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("Invalid value for option '--max-file-size': 'lots' is not a size (write it"
                + " like 4096, 512k, 64m or 1g)");
    }

    @Test
    void aByteThatIsNotUtf8InALogIsReplacedAndTheLogStillRead(@TempDir Path dir) throws IOException {
        Path dump = Dumps.copy(HEALTHY, dir);
        Path log = dump.resolve("helpdesk/ticket-api-66dbd9fb76-ckp8m/logs.txt");
        String text = Files.readString(log);
        int at = text.indexOf("request completed");
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, broken, 0, head.length);
        broken[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, broken, head.length + 1, tail.length);
        Files.write(log, broken);
        long line = text.substring(0, at).lines().count();

        JsonNode report = report(CliRun.run("diagnose", "--from-dump", dump.toString(), "-o", "json"));

        assertThat(warnings(report)).containsExactly("helpdesk/ticket-api-66dbd9fb76-ckp8m/logs.txt: 1 byte is not"
                + " UTF-8 (the first on line " + line + "); shown as U+FFFD");
    }

    @Test
    void textOutputPrintsEachWarningOnceWithoutCallingItSkipped(@TempDir Path dir) throws IOException {
        Path dump = Dumps.copy(HEALTHY, dir);
        ArrayNode none = JSON.createArrayNode();
        editItem(dump, "helpdesk/pods.json", 0, pod -> ((ObjectNode) pod.path("metadata")).set("namespace", none));

        CliRun r = CliRun.run("diagnose", "--from-dump", dump.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\nwarning: helpdesk/pods.json: pod " + WEB_POD + ": /metadata/namespace is an"
                + " array, expected a string; object skipped\n").doesNotContain("skipped helpdesk");
    }
}
