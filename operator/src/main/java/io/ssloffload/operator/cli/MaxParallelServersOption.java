package io.ssloffload.operator.cli;

import picocli.CommandLine.Option;

/** {@code --max-parallel-servers}, shared by every command: it sizes the {@link OffloadEngine}. */
final class MaxParallelServersOption {

    @Option(names = "--max-parallel-servers", paramLabel = "N", defaultValue = "10",
            converter = Converters.PositiveCount.class,
            description = "servers reached at once, across all resources (default: ${DEFAULT-VALUE})")
    int maxParallelServers;
}
