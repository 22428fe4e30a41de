package io.jobsgateway.quirks;

/**
 * What a Jakarta Batch listener sees depends on the runtime, where the specification is silent.
 *
 * <ul>
 * <li><b>Step metrics during a chunk.</b> JBatch (Payara) adds a chunk's items to {@code READ_COUNT} and
 *     {@code WRITE_COUNT} only after the chunk's commit, so {@code ChunkListener.afterChunk} sees the counts
 *     of the chunk before; JBeret (WildFly) counts them before {@code afterChunk}. At the next
 *     {@code beforeChunk} both count every committed chunk, which is where {@code batch.GatewayChunkListener}
 *     reports. Upstream: <a href="https://github.com/jakartaee/batch/issues/138">jakartaee/batch#138</a>
 *     (the spec does not say when metrics are updated).
 * <li><b>Batch status in {@code afterStep} and {@code afterJob}.</b> Both runtimes set the final status after
 *     the listeners: a step or job that completes is still {@code STARTED} there, a stopped one
 *     {@code STOPPING}; a failed one is {@code FAILED} already. {@link #finalStatus} says what it ends as.
 *     Upstream: <a href="https://github.com/jakartaee/batch/issues/76">jakartaee/batch#76</a> and
 *     <a href="https://github.com/jakartaee/batch/issues/149">#149</a> (open: the status a listener sees is unspecified).
 * </ul>
 */
public final class BatchListenerTiming {

    private BatchListenerTiming() {
    }

    /** The batch status a step or job ends with, from the one (a {@code BatchStatus} name) its after-listener sees. */
    public static String finalStatus(String seenInListener) {
        if (seenInListener == null) {
            return null;
        }
        return switch (seenInListener) {
            case "STARTED", "STARTING" -> "COMPLETED";
            case "STOPPING" -> "STOPPED";
            default -> seenInListener;
        };
    }
}
