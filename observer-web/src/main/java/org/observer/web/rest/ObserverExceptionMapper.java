package org.observer.web.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.observer.api.ObserverException;
import org.observer.api.ServiceUnavailableException;

/** Answers the engine's client-facing errors with their status and a JSON body saying what is wrong. */
@Provider
public class ObserverExceptionMapper implements ExceptionMapper<ObserverException> {

    @Override
    public Response toResponse(ObserverException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.error(e.status(), e.type(), e.getMessage()));
        if (e instanceof ServiceUnavailableException unavailable) {
            response.header("Retry-After", unavailable.retryAfterSeconds());
        }
        return response.build();
    }
}
