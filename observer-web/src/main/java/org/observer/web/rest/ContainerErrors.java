package org.observer.web.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of the whole application (see {@code WEB-INF/web.xml}): what the container or
 * JAX-RS answers by itself, before any resource runs (a {@code Content-Type} it cannot parse, a
 * body or header over its limits, an exception that escaped everything), in the API's JSON
 * instead of the container's HTML page. The status stays the container's.
 */
@WebServlet(ContainerErrors.PATH)
public class ContainerErrors extends HttpServlet {

    static final String PATH = "/api/_error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, it is no endpoint
        int status = code == null ? 404 : code instanceof Integer c && c >= 400 ? c : 500;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String reason = message instanceof String m && !m.isBlank() ? m : defaultReason(status);
        if (status >= 500) {
            reason = "unexpected error; see the server log"; // never a stack trace or a class name
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String u ? u.substring(Math.min(u.length(), request.getContextPath().length())) : null;
        response.getWriter().write(Json.errorFor(path, status, type(status), reason));
    }

    private static String type(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    private static String defaultReason(int status) {
        return switch (status) {
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed on this endpoint";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 415 -> "unsupported media type";
            case 431 -> "the request's headers are too large";
            default -> "the request could not be read: check its URL, headers and body";
        };
    }
}
