package dev.aiops.core.contract;

import java.util.Locale;

/** What a skill does to the world it touches. Anything but {@link #READ_ONLY} needs approval to run. */
public enum SideEffect {
    READ_ONLY,
    MUTATING,
    DESTRUCTIVE;

    public static SideEffect parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown side effect '" + text + "' (expected READ_ONLY, MUTATING or DESTRUCTIVE)", e);
        }
    }
}
