package dev.aiops.cli;

import dev.aiops.infra.k8s.ReadLimits;
import dev.aiops.infra.k8s.SnapshotException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How much of a {@code --from-dump} snapshot is read: the size limits of {@link ReadLimits}, per run. */
final class DumpLimitOptions {

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = Size.class,
            description = "--from-dump: skip (with a warning) a JSON or YAML file larger than this, e.g. 512m or 1g."
                    + " Default: 256m, or the system property " + ReadLimits.MAX_FILE_PROPERTY + ".")
    Long maxFileSize;

    @Option(names = "--max-log-size", paramLabel = "SIZE", converter = Size.class,
            description = "--from-dump: of a logs.txt larger than this keep only the newest SIZE bytes (with a"
                    + " warning). Default: 16m, or the system property " + ReadLimits.MAX_LOG_PROPERTY + ".")
    Long maxLogSize;

    /** {@code sources} reading dumps within these limits. @throws SnapshotException when a system property is not a size */
    SnapshotSources apply(SnapshotSources sources) {
        ReadLimits limits;
        try {
            limits = ReadLimits.defaults();
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(e.getMessage(), e);
        }
        if (maxFileSize != null) limits = limits.withMaxFileBytes(maxFileSize);
        if (maxLogSize != null) limits = limits.withMaxLogBytes(maxLogSize);
        return sources.withLimits(limits);
    }

    /** Sizes as {@link ReadLimits#parseSize} reads them; picocli turns a bad one into a usage error (exit 2). */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ReadLimits.parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
