/**
 * Tier 3 composite agents: the on-call agent, the autonomous scaling operator and post-mortems. They
 * orchestrate domain agents and never call upward.
 */
package dev.aiops.composite;
