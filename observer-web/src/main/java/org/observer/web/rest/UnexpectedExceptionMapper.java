package org.observer.web.rest;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.observer.api.ObserverException;

import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last resort: unwraps errors that reached us through an EJB proxy, and answers anything truly
 * unexpected (an exception or an {@code Error}) with a logged 500 in the API's JSON, never the
 * container's HTML page, and never a stack trace.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    @Context
    UriInfo uri;

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        Throwable cause = e;
        while (cause instanceof EJBException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ObserverException observer) {
            return new ObserverExceptionMapper().toResponse(observer);
        }
        if (cause instanceof WebApplicationException web) {
            WebApplicationExceptionMapper mapper = new WebApplicationExceptionMapper();
            mapper.uri = uri;
            return mapper.toResponse(web);
        }
        LOG.log(Level.SEVERE, "Unexpected error", e);
        String reason = cause instanceof UncheckedIOException io
                ? io.getMessage() + ": " + io.getCause().getMessage() // names the index and the file
                : "unexpected error: " + cause.getClass().getSimpleName();
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.error(500, "internal_error", reason + "; see the server log"))
                .build();
    }
}
