package dev.aiops.composite.oncall;

import java.nio.file.Path;
import java.util.Set;

/**
 * What the agent may do with commands in this session.
 *
 * @param readOnly              refuse everything that is not read-only
 * @param askAlways             ask before read-only commands too
 * @param productionContexts    kubeconfig contexts where nothing is changed by hand
 * @param productionNamespaces  namespaces where nothing is changed by hand (a namespace labelled or annotated
 *                              {@code aiops.dev/environment: production} counts too)
 * @param gitopsDir             where changes meant for production are written as patches; null refuses them
 */
public record ActionPolicy(boolean readOnly, boolean askAlways, Set<String> productionContexts,
                           Set<String> productionNamespaces, Path gitopsDir) {

    /** The label or annotation that marks a namespace as production. */
    public static final String PRODUCTION_MARK = "aiops.dev/environment";

    public ActionPolicy {
        productionContexts = Set.copyOf(productionContexts);
        productionNamespaces = Set.copyOf(productionNamespaces);
    }

    /** Mutations after approval, nothing marked production. */
    public static ActionPolicy defaults() {
        return new ActionPolicy(false, false, Set.of(), Set.of(), null);
    }

    public ActionPolicy withReadOnly(boolean value) {
        return new ActionPolicy(value, askAlways, productionContexts, productionNamespaces, gitopsDir);
    }

    public ActionPolicy withAskAlways(boolean value) {
        return new ActionPolicy(readOnly, value, productionContexts, productionNamespaces, gitopsDir);
    }

    public ActionPolicy withGitopsDir(Path dir) {
        return new ActionPolicy(readOnly, askAlways, productionContexts, productionNamespaces, dir);
    }

    public ActionPolicy withProduction(Set<String> contexts, Set<String> namespaces) {
        return new ActionPolicy(readOnly, askAlways, contexts, namespaces, gitopsDir);
    }
}
