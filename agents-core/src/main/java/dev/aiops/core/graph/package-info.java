/** Null-marked: NullAway checks this package (ADR 0022). */
@NullMarked
package dev.aiops.core.graph;

import org.jspecify.annotations.NullMarked;
