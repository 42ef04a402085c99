package org.observer.web.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own errors (unknown path, wrong method, bad parameter) as JSON like every other error,
 * in Elasticsearch's shape on its API's paths.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        String reason = switch (status) {
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed on this endpoint";
            case 406 -> "cannot produce the requested media type; accept application/json";
            case 415 -> "unsupported media type";
            default -> e.getMessage() == null ? original.getStatusInfo().getReasonPhrase() : e.getMessage();
        };
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.errorFor(uri == null ? null : "/api/" + uri.getPath().replaceFirst("^/", ""), status,
                        original.getStatusInfo().getReasonPhrase().toLowerCase().replace(' ', '_'), reason));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }
}
