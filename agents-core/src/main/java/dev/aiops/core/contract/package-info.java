/** Null-marked: NullAway checks this package (ADR 0022). */
@NullMarked
package dev.aiops.core.contract;

import org.jspecify.annotations.NullMarked;
