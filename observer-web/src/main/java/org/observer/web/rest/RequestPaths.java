package org.observer.web.rest;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Locale;

/**
 * Refuses request paths that the container would resolve to another path than the one written
 * ({@code /api/logs/..%2F..%2Fx} is {@code /x}, the console's): an encoded {@code /} or
 * {@code \}, or a {@code .} or {@code ..} segment, plain or encoded. Index and snapshot names never
 * hold them, so such a path is always a mistake or an attack.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** What in a raw path ({@code getRequestURI}, not decoded) would be resolved elsewhere; null if nothing. */
    public static String hiddenSegment(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
            return "an encoded '/' or a '\\'";
        }
        for (String segment : lower.split("/", -1)) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return "a '" + decoded + "' segment";
            }
        }
        return null;
    }

    /** Answers a 400 in the API's JSON if {@code rawPath} holds a {@link #hiddenSegment}; true if it did. */
    public static boolean refusedHidden(String rawPath, HttpServletResponse response) throws IOException {
        String hidden = hiddenSegment(rawPath);
        if (hidden == null) {
            return false;
        }
        response.setStatus(400);
        response.setContentType("application/json; charset=UTF-8");
        response.getWriter().write(Json.error(400, "invalid_request", "the path holds " + hidden
                + ": index and snapshot names never do; name them as they are"));
        return true;
    }
}
