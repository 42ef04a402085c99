package org.observer.web.rest;

import org.observer.api.InvalidRequestException;
import org.observer.api.PayloadTooLargeException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a request body as UTF-8 text, refusing bodies over the limit before reading them whole. */
public final class RequestBodies {

    private RequestBodies() {
    }

    public static String read(InputStream in, long declaredLength, long maxBytes) {
        byte[] body = readBytes(in, declaredLength, maxBytes);
        try {
            return decode(body, 0, body.length);
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("the body is not valid UTF-8");
        }
    }

    private static String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
        // The String constructor's UTF-8 path is the JDK's fastest (vectorized over ASCII) but puts
        // U+FFFD where the bytes are not UTF-8: only a line holding one is decoded again strictly,
        // to tell a client's own U+FFFD from broken bytes. A decoder per line cost 5% of a bulk request.
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, length))
                .toString();
    }

    /** The body's bytes as they came. */
    public static byte[] readBytes(InputStream in, long declaredLength, long maxBytes) {
        if (declaredLength > maxBytes) {
            throw tooLarge(declaredLength, maxBytes);
        }
        if (declaredLength > 0) {
            return readDeclared(in, (int) declaredLength);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 8192);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(total, maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new InvalidRequestException("could not read the request body: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /**
     * A body of a known length, read into its own array: no buffer to copy from (a bulk is megabytes).
     * The container ends the stream at the declared length.
     */
    private static byte[] readDeclared(InputStream in, int length) {
        try {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new InvalidRequestException("could not read the request body: " + e.getMessage());
        }
    }

    private static PayloadTooLargeException tooLarge(long bytes, long maxBytes) {
        return new PayloadTooLargeException("the body is " + (bytes > maxBytes ? "over " : "") + maxBytes
                + " bytes, the limit (observer.ingest.max-body-bytes); split it into smaller requests");
    }
}
