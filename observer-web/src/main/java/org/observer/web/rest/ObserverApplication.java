package org.observer.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under /api; the console owns the rest of the root. */
@ApplicationPath("/api")
public class ObserverApplication extends Application {
}
