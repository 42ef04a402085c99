package org.observer.web.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The design's own path {@code /logs/...} answers exactly like {@code /api/logs/...}. */
@WebFilter("/logs/*")
public class LogsAliasFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (RequestPaths.refusedHidden(path, response)) {
            return; // forwarded, /api/logs/../../x would be resolved to /x
        }
        String query = request.getQueryString();
        request.getRequestDispatcher("/api" + path + (query == null ? "" : "?" + query)).forward(request, response);
    }
}
