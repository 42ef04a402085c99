package org.observer.web.security;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.servlet.http.HttpServletRequest;
import org.observer.api.Caller;

/**
 * The {@link Access} of the caller of the HTTP request being handled, for the REST and
 * Elasticsearch resources: the caller {@link ObserverAuthentication} left in the request, or
 * {@link Caller#NOBODY}.
 */
@Dependent
public class RequestAccess {

    /**
     * Made when a request-scoped bean (a resource) is made for a request, so it is that request's
     * caller. A longer-lived bean would keep the first caller's rights for every later request:
     * injecting it there is refused.
     */
    @Produces
    static Access of(HttpServletRequest request, InjectionPoint injectionPoint) {
        Bean<?> into = injectionPoint.getBean();
        if (into != null && into.getScope() != RequestScoped.class) {
            throw new IllegalStateException("Access is one request's caller: " + into.getBeanClass().getName()
                    + " is " + into.getScope().getSimpleName() + ", inject it only into @RequestScoped beans");
        }
        return new Access(request.getAttribute(ObserverAuthentication.CALLER) instanceof Caller known ? known : Caller.NOBODY);
    }
}
