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
        if (declaredLength > maxBytes) {
            throw tooLarge(declaredLength, maxBytes);
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
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("the body is not valid UTF-8");
        }
    }

    private static PayloadTooLargeException tooLarge(long bytes, long maxBytes) {
        return new PayloadTooLargeException("the body is " + (bytes > maxBytes ? "over " : "") + maxBytes
                + " bytes, the limit (observer.ingest.max-body-bytes); split it into smaller requests");
    }
}
