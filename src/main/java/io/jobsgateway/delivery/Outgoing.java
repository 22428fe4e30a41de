package io.jobsgateway.delivery;

import io.jobsgateway.quirks.PreEncodedFrames;
import java.nio.charset.StandardCharsets;

/**
 * One text message on its way to its receivers: its JSON, and the WebSocket frame that carries
 * it, encoded by the first receiver that needs it and then shared by all the others. An event
 * for a room of thousands is framed once, not once per receiver (issue 15: framing each frame
 * per receiver was a fifth of the fan-out's profile samples on Payara).
 */
public final class Outgoing {

    private final String text;
    /** Encoded at most a few times (two lanes may race to it), always to the same bytes. */
    private volatile byte[] webSocketFrame;

    public Outgoing(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /**
     * The whole RFC 6455 text frame of this message as a server sends it: final, unmasked, no
     * extension bits. Shared: never write into it.
     */
    public byte[] webSocketFrame() {
        byte[] frame = webSocketFrame;
        if (frame == null) {
            frame = PreEncodedFrames.textFrame(text.getBytes(StandardCharsets.UTF_8));
            webSocketFrame = frame;
        }
        return frame;
    }
}
