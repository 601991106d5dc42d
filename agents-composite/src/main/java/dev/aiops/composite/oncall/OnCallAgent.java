package dev.aiops.composite.oncall;

import dev.aiops.core.audit.AuditLog;
import dev.aiops.core.contract.AgentDescriptor;
import dev.aiops.core.contract.DescriptorSet;
import dev.aiops.core.graph.CompositionGraph;
import dev.aiops.core.llm.Cancellation;
import dev.aiops.core.llm.LlmGateway;
import dev.aiops.core.llm.Usage;
import dev.aiops.core.notify.Notifier;
import dev.aiops.core.prompt.PromptRegistry;
import dev.aiops.core.runtime.AgentRuntime;
import dev.aiops.core.runtime.InvocationContext;
import dev.aiops.core.runtime.InvocationResult;
import dev.aiops.core.runtime.SkillException;
import dev.aiops.domain.diagnosis.Diagnoser;
import dev.aiops.domain.diagnosis.DiagnosisReport;
import dev.aiops.domain.diagnosis.DiagnosticsAgent;
import dev.aiops.domain.diagnosis.Finding;
import dev.aiops.domain.runbook.RunbooksAgent;
import dev.aiops.domain.timeline.TimelineAgent;
import dev.aiops.infra.k8s.ClusterReaderSkills;
import dev.aiops.infra.k8s.ClusterSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The on-call agent (Tier 3): an SRE investigates and fixes an incident from one conversation. Slash commands
 * ({@code /diagnose}, {@code /fix}, ...) work with no model; free text is answered by the model through the
 * gateway's tool loop when one is configured, and from the diagnosis when not. Every command it runs goes through
 * review and approval ({@code k8s.command.run}), every tool call through the runtime and its graph rules, and the
 * whole session is saved.
 *
 * <pre>{@code
 * try (ClusterAccess cluster = ClusterAccess.demo();
 *      OnCallAgent agent = OnCallAgent.builder(cluster, descriptors).approver(approver).build()) {
 *     Turn t = agent.turn("/diagnose", TurnListener.NONE, Cancellation.create());
 * }
 * }</pre>
 */
public final class OnCallAgent implements AutoCloseable {

    public static final String AGENT = "oncall";
    public static final String SKILL = "oncall.ask";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final ClusterAccess cluster;
    final Diagnoser diagnoser;
    final AgentRuntime runtime;
    final ActionGate gate;
    final SessionStore.Session session;
    final Clock clock;
    final List<String> namespaces;
    private final ModelConversation model;
    private DiagnosisReport report;
    private ClusterSnapshot reportOf;
    private Usage usage = Usage.NONE;
    private int ungroundedTotal;
    private boolean exit;

    private OnCallAgent(Builder b) {
        this.cluster = b.cluster;
        this.clock = b.clock;
        this.namespaces = List.copyOf(b.namespaces);
        this.diagnoser = Diagnoser.standard();
        SessionStore store = b.sessions != null ? b.sessions
                : new SessionStore(Path.of(System.getProperty("java.io.tmpdir"), "aiops-sessions"), b.clock);
        this.session = b.resume != null ? store.resume(b.resume) : store.create(describe(cluster));
        RunbookDraft draft = new RunbookDraft(b.drafts != null ? b.drafts : store.directory().resolveSibling(
                "runbooks").resolve("drafts"), session.id(), describe(cluster), b.clock.instant());
        this.gate = new ActionGate(cluster, b.policy, b.approver, b.audit, b.notifier, draft, b.clock, session.id(),
                session::append);
        Set<String> services = new LinkedHashSet<>(Set.of("kubernetes-api"));
        if (b.gateway != null) {
            services.add("llm");
        }
        CompositionGraph graph = CompositionGraph.of(b.descriptors.descriptors(), services);
        AgentRuntime.Builder rb = ClusterReaderSkills.bind(AgentRuntime.builder(graph), cluster::snapshot);
        rb.bind(DiagnosticsAgent.SKILL, DiagnosticsAgent.handler((type, name) -> cluster.snapshot(), diagnoser));
        rb.bind(RunbooksAgent.SKILL, RunbooksAgent.handler((type, name) -> cluster.snapshot(), diagnoser));
        rb.bind(TimelineAgent.SKILL, TimelineAgent.handler(cluster::snapshot));
        rb.bind(ActionGate.SKILL, call -> {
            JsonNode in = call.input();
            // called by this agent's model (depth > 0) or by the person through a slash command (depth 0)
            return gate.run(in.path("command").asString(), in.path("reason").asString(""),
                    call.envelope().depth() > 0 ? "model" : "user");
        });
        AgentDescriptor self = b.descriptors.descriptors().stream().filter(d -> d.name().equals(AGENT)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the descriptors have no '" + AGENT + "' agent"));
        this.model = b.gateway == null ? null : new ModelConversation(this, b.gateway, b.prompts, self, graph);
        if (model != null) {
            model.streaming(b.streaming);
            rb.bind(SKILL, model::handle);
        } else {
            rb.bind(SKILL, call -> {
                throw new SkillException("no model is configured", false);
            });
        }
        this.runtime = rb.build();
        if (b.resume != null && model != null) {
            model.restore(session.records());
        }
    }

    /** A builder for a session on {@code cluster}, with the agents of {@code descriptors} (the {@code skills/}). */
    public static Builder builder(ClusterAccess cluster, DescriptorSet descriptors) {
        return new Builder(cluster, descriptors);
    }

    private static String describe(ClusterAccess c) {
        return c.source().type() + (c.source().name() == null ? "" : " " + c.source().name());
    }

    public String sessionId() {
        return session.id();
    }

    public Path sessionFile() {
        return session.file();
    }

    /** True after {@code /exit}. */
    public boolean exitRequested() {
        return exit;
    }

    /** True when a model answers free text. */
    public boolean conversational() {
        return model != null;
    }

    /**
     * One turn: a slash command, or a question (answered by the model when one is configured, else from the
     * diagnosis). {@code cancel} stops a model's answer (the stream is closed), never the session.
     */
    public Turn turn(String input, TurnListener listener, Cancellation cancel) {
        String text = input.strip();
        if (text.isEmpty()) {
            return new Turn(input, Turn.Kind.COMMAND, "", List.of(), List.of(), List.of(), Usage.NONE, false);
        }
        session.append(JSON.createObjectNode().put("type", "user").put("text", text)
                .put("ts", clock.instant().toString()));
        Turn turn;
        if (text.startsWith("/")) {
            String answer = new SlashCommands(this).run(text);
            listener.text(answer);
            turn = new Turn(text, exit ? Turn.Kind.EXIT : Turn.Kind.COMMAND, answer, List.of(), List.of(),
                    List.of(), Usage.NONE, false);
        } else if (model != null) {
            turn = modelTurn(text, listener, cancel);
        } else {
            String answer = OfflineAnswers.answer(text, report(), grounding());
            listener.text(answer);
            turn = new Turn(text, Turn.Kind.OFFLINE, answer, cited(answer), List.of(), List.of(), Usage.NONE, false);
        }
        ObjectNode rec = JSON.createObjectNode().put("type", "answer").put("mode", turn.kind().name().toLowerCase())
                .put("text", turn.answer()).put("cancelled", turn.cancelled());
        turn.ungrounded().forEach(rec.putArray("ungrounded")::add);
        session.append(rec);
        return turn;
    }

    private Turn modelTurn(String text, TurnListener listener, Cancellation cancel) {
        model.begin(listener, cancel);
        ObjectNode in = JSON.createObjectNode().put("question", text).put("conversationId", session.id());
        InvocationResult r = runtime.invoke(SKILL, in, InvocationContext.create().withCorrelationId(session.id()));
        ModelConversation.Outcome o = model.end();
        usage = usage.plus(o.usage());
        ungroundedTotal += o.ungrounded().size();
        session.append(JSON.createObjectNode().put("type", "usage").put("inputTokens", o.usage().inputTokens())
                .put("outputTokens", o.usage().outputTokens()).put("costUsd", o.usage().costUsd())
                .put("ungroundedNames", o.ungrounded().size()));
        if (cancel.cancelled()) {
            listener.text("\n(cancelled)\n");
            return new Turn(text, Turn.Kind.MODEL, o.answer() + "\n(cancelled)", List.of(), o.ungrounded(),
                    o.tools(), o.usage(), true);
        }
        if (!r.isSuccess()) {
            // offline first: a failed model call still gets the question answered from the diagnosis
            String fallback = "The model could not answer (" + r.message() + ").\n"
                    + OfflineAnswers.answer(text, report(), grounding());
            listener.text(fallback);
            return new Turn(text, Turn.Kind.OFFLINE, fallback, cited(fallback), o.ungrounded(), o.tools(),
                    o.usage(), false);
        }
        return new Turn(text, Turn.Kind.MODEL, o.answer(), cited(o.answer()), o.ungrounded(), o.tools(), o.usage(),
                false);
    }

    /** The current diagnosis: run again whenever the cluster state was read again (after a change). */
    DiagnosisReport report() {
        ClusterSnapshot now = cluster.snapshot();
        if (report == null || reportOf != now) {
            report = diagnoser.diagnose(now, Set.copyOf(namespaces), Set.of());
            reportOf = now;
        }
        return report;
    }

    /** A fresh read and diagnosis, of {@code onlyNamespaces} when given. */
    DiagnosisReport rediagnose(Set<String> onlyNamespaces) {
        ClusterSnapshot now = cluster.refresh();
        report = diagnoser.diagnose(now, onlyNamespaces.isEmpty() ? Set.copyOf(namespaces) : onlyNamespaces,
                Set.of());
        reportOf = now;
        return report;
    }

    /** The names of the current cluster state, made once per state read. */
    Grounding grounding() {
        ClusterSnapshot now = cluster.snapshot();
        if (grounding == null || groundingOf != now) {
            grounding = new Grounding(now);
            groundingOf = now;
        }
        return grounding;
    }

    private Grounding grounding;
    private ClusterSnapshot groundingOf;

    Usage usage() {
        return usage;
    }

    int ungroundedTotal() {
        return ungroundedTotal;
    }

    void requestExit() {
        exit = true;
    }

    void clearConversation() {
        if (model != null) {
            model.clear();
        }
        session.append(JSON.createObjectNode().put("type", "clear").put("ts", clock.instant().toString()));
    }

    private List<String> cited(String answer) {
        List<String> ids = new ArrayList<>();
        if (!answer.contains("-")) {
            return ids;
        }
        for (Finding f : report().findings()) {
            if (answer.contains(f.id())) {
                ids.add(f.id());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** Configures an on-call session. */
    public static final class Builder {

        private final ClusterAccess cluster;
        private final DescriptorSet descriptors;
        private LlmGateway gateway;
        private PromptRegistry prompts;
        private ActionPolicy policy = ActionPolicy.defaults();
        private Approver approver = Approver.denyAll();
        private AuditLog audit;
        private Notifier notifier = Notifier.none();
        private SessionStore sessions;
        private String resume;
        private Path drafts;
        private List<String> namespaces = List.of();
        private Clock clock = Clock.systemUTC();
        private boolean streaming = true;

        private Builder(ClusterAccess cluster, DescriptorSet descriptors) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            this.descriptors = Objects.requireNonNull(descriptors, "descriptors");
        }

        /** The model that answers free text; without one, free text is answered from the diagnosis. */
        public Builder gateway(LlmGateway g, PromptRegistry p) {
            this.gateway = g;
            this.prompts = p;
            return this;
        }

        public Builder policy(ActionPolicy p) {
            this.policy = Objects.requireNonNull(p);
            return this;
        }

        /** Who approves commands; by default nobody (everything that needs approval is declined). */
        public Builder approver(Approver a) {
            this.approver = Objects.requireNonNull(a);
            return this;
        }

        /** The audit log every action is written to (required). */
        public Builder audit(AuditLog a) {
            this.audit = a;
            return this;
        }

        public Builder notifier(Notifier n) {
            this.notifier = Objects.requireNonNull(n);
            return this;
        }

        public Builder sessions(SessionStore s) {
            this.sessions = s;
            return this;
        }

        /** Continues session {@code id} of the store instead of starting one. */
        public Builder resume(String id) {
            this.resume = id;
            return this;
        }

        /** Where runbook drafts of approved commands are written (default: beside the sessions). */
        public Builder drafts(Path dir) {
            this.drafts = dir;
            return this;
        }

        public Builder namespaces(List<String> ns) {
            this.namespaces = List.copyOf(ns);
            return this;
        }

        /** Stream answers as they are written (default), or ask the model for whole answers. */
        public Builder streaming(boolean value) {
            this.streaming = value;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** @throws SessionException when the session to resume cannot be read (naming file and line) */
        public OnCallAgent build() {
            Objects.requireNonNull(audit, "an audit log is required");
            return new OnCallAgent(this);
        }
    }
}
