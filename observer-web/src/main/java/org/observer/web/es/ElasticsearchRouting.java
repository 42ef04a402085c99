package org.observer.web.es;

import jakarta.json.spi.JsonProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.observer.web.rest.RequestPaths;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Sends Elasticsearch's paths to {@link ElasticsearchResource}: every {@code /_…} path, an index's
 * {@code /{index}/_…} paths, {@code GET|HEAD /} unless a browser asks for the console (its
 * {@code Accept} names {@code text/html}) or the console's own requests ({@code ?v-r=…}), and
 * {@code /{index}} itself for {@code DELETE}, {@code HEAD} and a {@code GET} that accepts JSON
 * (a browser's {@code GET /indexes} is the console's page).
 * Shippers such as rsyslog cannot add a path prefix, so these live at the root. A gzip body
 * ({@code Content-Encoding: gzip}, as Beats and Logstash send; also deflate and zstd) is unpacked on
 * the way; another encoding is a 415.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ElasticsearchRouting extends HttpFilter {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Where the resource lives (the REST application's path plus the resource's). */
    static final String TARGET = "/api/es";
    /** Root paths of the native API, the console and the platform: never Elasticsearch's. */
    /** Body encodings unpacked on the way in (Beats and Logstash send gzip; Vector can send zstd or zlib). */
    private static final List<String> CODINGS = List.of("identity", "gzip", "x-gzip", "deflate", "zstd");
    private static final List<String> OTHERS = List.of("/api/", "/logs/", "/health", "/metrics", "/openapi", "/VAADIN/");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (RequestPaths.refusedHidden(path, response)) {
            return; // every request passes here first (this filter maps /*): none gets past through such a path
        }
        if (!isElasticsearch(request.getMethod(), path, request.getHeader("Accept"), isConsole(request.getQueryString()))) {
            chain.doFilter(request, response);
            return;
        }
        String query = request.getQueryString();
        String encoding = request.getHeader("Content-Encoding");
        String coding = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
        if (!CODINGS.contains(coding)) {
            response.setStatus(415);
            response.setContentType("application/json; charset=UTF-8");
            response.setHeader(ElasticsearchResource.PRODUCT_HEADER, ElasticsearchResource.PRODUCT);
            String reason = "Content-Encoding " + encoding + " is not supported: send gzip, deflate, zstd or no encoding";
            response.getWriter().write("{\"error\":{\"root_cause\":[{\"type\":\"illegal_argument_exception\",\"reason\":"
                    + JSON.createValue(reason) + "}],\"type\":\"illegal_argument_exception\",\"reason\":"
                    + JSON.createValue(reason) + "},\"status\":415}");
            return;
        }
        HttpServletRequest forwarded = coding.equals("identity") ? request : new Unpacked(request, coding);
        request.getRequestDispatcher(TARGET + (path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query))
                .forward(forwarded, response);
    }

    /**
     * True if the query string is the console's own ({@code ?v-r=…}). Read from the query string,
     * never through getParameter, which would consume a form-encoded body (curl's default type for
     * {@code -d} and {@code --data-binary}) before the API could read it.
     */
    public static boolean isConsole(String queryString) {
        return queryString != null && (queryString.startsWith("v-r=") || queryString.contains("&v-r="));
    }

    /** True if a request for {@code path} is one for the Elasticsearch API. */
    public static boolean isElasticsearch(String method, String path, String accept, boolean console) {
        if (path.isEmpty() || path.equals("/")) {
            if (console) {
                return false;
            }
            return method.equals("HEAD") || (method.equals("GET")
                    && (accept == null || !accept.toLowerCase(Locale.ROOT).contains("text/html")));
        }
        for (String other : OTHERS) {
            // whole path segments: an index named healthapp-… or metrics-… is Elasticsearch's
            if (other.endsWith("/") ? path.startsWith(other) : path.equals(other) || path.startsWith(other + "/")) {
                return false;
            }
        }
        if (path.startsWith("/_")) {
            return true;
        }
        int slash = path.indexOf('/', 1);
        if (slash < 0) { // /{index}
            return method.equals("DELETE") || method.equals("HEAD") || method.equals("PUT")
                    || (method.equals("GET") && accept != null && accept.toLowerCase(Locale.ROOT).contains("json")
                    && !accept.toLowerCase(Locale.ROOT).contains("text/html"));
        }
        return slash > 1 && path.startsWith("/_", slash); // /{index}/_bulk, /{index}/_doc, …
    }

    /** The request with its body unpacked (and no length or encoding left that would describe the packed one). */
    private static final class Unpacked extends HttpServletRequestWrapper {

        private final String coding;

        Unpacked(HttpServletRequest request, String coding) {
            super(request);
            this.coding = coding;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            InputStream packed = super.getInputStream();
            InputStream in = switch (coding) {
                case "deflate" -> new java.util.zip.InflaterInputStream(packed, new java.util.zip.Inflater(), 64 * 1024);
                case "zstd" -> new com.github.luben.zstd.ZstdInputStream(packed);
                default -> new GZIPInputStream(packed, 64 * 1024);
            };
            return new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    finished = n < 0;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("gzip bodies are read blocking");
                }
            };
        }

        @Override
        public String getHeader(String name) {
            return dropped(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return dropped(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        private static boolean dropped(String name) {
            return name.equalsIgnoreCase("Content-Encoding") || name.equalsIgnoreCase("Content-Length");
        }
    }
}
