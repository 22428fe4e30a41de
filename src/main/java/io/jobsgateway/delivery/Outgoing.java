package io.jobsgateway.delivery;

import java.nio.charset.StandardCharsets;

/**
 * One text message on its way to its receivers: its JSON, and the WebSocket frame that carries
 * it, encoded by the first receiver that needs it and then shared by all the others. An event
 * for a room of thousands is framed once, not once per receiver (issue 15: framing each frame
 * per receiver was a fifth of the fan-out's CPU).
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
            frame = textFrame(text.getBytes(StandardCharsets.UTF_8));
            webSocketFrame = frame;
        }
        return frame;
    }

    /** RFC 6455 section 5.2: FIN and opcode 1, then the payload length in 7, 7+16 or 7+64 bits. */
    static byte[] textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}
