/**
 * The reviewed-command parser and classifier every agent runs a {@code kubectl} command line through before it
 * runs it: {@link dev.aiops.infra.command.CommandReview#review(String)} tokenises the line shell-like (no shell is
 * ever run), parses it into a {@link dev.aiops.infra.command.KubectlCommand} and classifies it as read-only,
 * mutating, destructive or unknown. Pure logic: nothing here executes anything.
 */
package dev.aiops.infra.command;
