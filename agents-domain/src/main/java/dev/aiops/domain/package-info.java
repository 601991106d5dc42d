/**
 * Tier 2 domain agents: diagnostics, runbooks, incident timelines and scaling advice. They reach
 * infrastructure only through tier-1 skills, called via the runtime, and work with no language model.
 */
package dev.aiops.domain;
