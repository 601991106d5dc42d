package dev.aiops.domain.diagnosis;

/**
 * One observation a finding rests on.
 *
 * @param source {@code status}, {@code event}, {@code log}, {@code spec}, {@code metric} or {@code related}
 * @param text   what was observed, quoted where possible
 */
public record Evidence(String source, String text) {

    public static Evidence status(String text) {
        return new Evidence("status", text);
    }

    public static Evidence event(String text) {
        return new Evidence("event", text);
    }

    public static Evidence log(String text) {
        return new Evidence("log", text);
    }

    public static Evidence spec(String text) {
        return new Evidence("spec", text);
    }

    public static Evidence related(String text) {
        return new Evidence("related", text);
    }
}
