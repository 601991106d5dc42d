package dev.aiops.bench;

import dev.aiops.core.llm.LlmCall;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.LlmSettings;
import dev.aiops.core.llm.PromptRef;
import dev.aiops.core.llm.StreamEvent;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap while a slow subscriber reads a stream the provider would send far faster. A plain-socket server
 * writes SSE chunks of ~250 bytes as fast as the client lets it, up to 256 MB; the subscriber takes one event per
 * millisecond for 10 seconds, then cancels. Printed: bytes the server managed to send, events consumed, the
 * largest live heap (used right after a full GC, sampled every second) and the peak of heap used including
 * garbage not yet collected (all heap pools, reset at the start).
 *
 * <p>Run: {@code java -Xmx256m -cp benchmarks/target/benchmarks-jmh.jar dev.aiops.bench.SlowConsumerProbe}
 */
public final class SlowConsumerProbe {

    private SlowConsumerProbe() {
    }

    public static void main(String[] args) throws Exception {
        long total = 256L * 1024 * 1024;
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        AtomicLong written = new AtomicLong();
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread writer = new Thread(() -> serve(server, written, total), "sse-writer");
        writer.setDaemon(true);
        writer.start();

        try (LlmGateway gateway = LlmGateway.openAi(new LlmSettings("http://127.0.0.1:" + server.getLocalPort()
                + "/v1", "k", "gpt-4o-mini", Duration.ofSeconds(30))).build()) {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong events = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            gateway.stream(LlmCall.of("bench", "probe", PromptRef.NONE, List.of(UserMessage.from("go"))))
                    .subscribe(new Flow.Subscriber<StreamEvent>() {
                        Flow.Subscription s;

                        @Override
                        public void onSubscribe(Flow.Subscription subscription) {
                            s = subscription;
                            s.request(1);
                        }

                        @Override
                        public void onNext(StreamEvent item) {
                            events.incrementAndGet();
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            if (System.nanoTime() > deadline) {
                                s.cancel();
                                done.countDown();
                            } else {
                                s.request(1);
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            t.printStackTrace();
                            done.countDown();
                        }

                        @Override
                        public void onComplete() {
                            done.countDown();
                        }
                    });
            long maxLive = before;
            while (!done.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                System.gc();
                maxLive = Math.max(maxLive, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("[slow-consumer] %ds: consumed %d events (%.1f MB); server sent %.1f MB of %d MB;"
                            + " live heap before %.1f MB, largest live heap during %.1f MB; peak used incl. garbage"
                            + " %.1f MB (max heap %d MB)%n",
                    seconds, events.get(), events.get() * 250 / 1e6, written.get() / 1e6, total / (1024 * 1024),
                    before / 1e6, maxLive / 1e6, peak / 1e6, Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    private static void serve(ServerSocket server, AtomicLong written, long total) {
        String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "x".repeat(120)
                + "\"},\"finish_reason\":null}]}\n\n";
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            while (written.get() < total) {
                out.write(bytes);
                written.addAndGet(bytes.length);
            }
        } catch (IOException closedByClient) {
            // the subscriber cancelled: the connection is closed under the writer
        }
    }
}
