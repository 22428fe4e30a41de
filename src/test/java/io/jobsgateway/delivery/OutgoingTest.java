package io.jobsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutgoingTest {

    @Test
    void aShortMessageIsAFinalTextFrameWithItsLengthInTheSecondByte() {
        byte[] frame = new Outgoing("{\"a\":\"é\"}").webSocketFrame();
        byte[] payload = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals((byte) 0x81, frame[0], "FIN and opcode 1 (text), no extension bits");
        assertEquals(payload.length, frame[1], "unmasked, 7-bit length: UTF-8 bytes, not characters");
        assertArrayEquals(payload, Arrays.copyOfRange(frame, 2, frame.length));
    }

    @Test
    void lengthsPast125TakeSixteenAndPast65535SixtyFourBits() {
        assertHeader(125, new byte[] {(byte) 0x81, 125});
        assertHeader(126, new byte[] {(byte) 0x81, 126, 0, 126});
        assertHeader(65_535, new byte[] {(byte) 0x81, 126, (byte) 0xFF, (byte) 0xFF});
        assertHeader(65_536, new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0});
    }

    @Test
    void theFrameIsEncodedOnceAndSharedByEveryReceiver() {
        Outgoing message = new Outgoing("{\"type\":\"job.progress\"}");
        assertSame(message.webSocketFrame(), message.webSocketFrame());
    }

    private static void assertHeader(int length, byte[] header) {
        byte[] frame = new Outgoing("x".repeat(length)).webSocketFrame();
        assertArrayEquals(header, Arrays.copyOf(frame, header.length));
        assertEquals(header.length + length, frame.length);
    }
}
