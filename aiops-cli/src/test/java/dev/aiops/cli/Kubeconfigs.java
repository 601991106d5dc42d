package dev.aiops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig with one context pointing at {@code server}, made the one fabric8 reads (system property). */
final class Kubeconfigs {

    private Kubeconfigs() {
    }

    static Path pointAt(Path file, String server, String context) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: demo
                  cluster: {server: "%s"}
                users:
                - name: someone
                  user: {token: not-a-real-token}
                contexts:
                - name: %s
                  context: {cluster: demo, user: someone, namespace: default}
                current-context: %s
                """.formatted(server, context, context));
        System.setProperty("kubeconfig", file.toString());
        return file;
    }
}
