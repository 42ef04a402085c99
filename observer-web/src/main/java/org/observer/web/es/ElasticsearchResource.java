package org.observer.web.es;

import jakarta.json.spi.JsonProvider;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.observer.api.AuditLog;
import org.observer.api.BulkItemResult;
import org.observer.api.BulkResult;
import org.observer.api.ClusterInfo;
import org.observer.api.ClusterService;
import org.observer.api.IndexInfo;
import org.observer.api.IndexService;
import org.observer.api.IndexState;
import org.observer.api.IngestService;
import org.observer.api.InvalidRequestException;
import org.observer.api.NodeInfo;
import org.observer.api.NodeSettings;
import org.observer.api.NodeState;
import org.observer.api.ObserverException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;
import org.observer.api.ServiceUnavailableException;
import org.observer.api.TemplateService;
import org.observer.analysis.FieldTypes;
import org.observer.search.SearchCursor;
import org.observer.web.rest.JsonBodies;
import org.observer.web.rest.RequestBodies;
import org.observer.web.security.Access;

import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Elasticsearch-compatible API ({@link ElasticsearchRouting} sends the root's Elasticsearch
 * paths here): what shippers and clients call before and while they send logs. Every answer is
 * JSON in Elasticsearch's shape with {@code X-Elastic-Product: Elasticsearch}, in the vendor media
 * type when the client asked for it ({@code compatible-with} 7, 8 or 9); a client's mistake is a
 * 4xx in Elasticsearch's error shape.
 */
@Path("es")
@RequestScoped
public class ElasticsearchResource {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    static final String PRODUCT_HEADER = "X-Elastic-Product";
    static final String PRODUCT = "Elasticsearch";
    static final String CLUSTER_NAME = "observer";
    private static final Pattern COMPATIBLE_WITH = Pattern.compile("compatible-with\\s*=\\s*\"?(\\w+)\"?");

    @Inject
    Access access;

    /** Where the manage actions the caller asks for are recorded, with who asked. */
    @Inject
    AuditLog audit;

    @Inject
    NodeSettings config;

    /**
     * Templates, component templates, ILM policies and ingest pipelines, by kind and name: given
     * back to shippers that install theirs before shipping; an ILM policy's delete phase attached
     * to index patterns by a template sets their retention, nothing else is applied.
     */
    @Inject
    TemplateService templates;

    @Inject
    IngestService ingest;

    @Inject
    ClusterService cluster;

    @Inject
    SearchService searcher;

    @Inject
    IndexService indexes;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @Context
    Request request;

    // ---- what clients check first

    @GET
    public Response info() {
        return answer(() -> ok(json -> {
            String version = config.esVersion();
            int major = version.charAt(0) - '0';
            json.writeStartObject()
                    .write("name", config.nodeName())
                    .write("cluster_name", CLUSTER_NAME)
                    .write("cluster_uuid", clusterUuid())
                    .writeStartObject("version")
                    .write("number", version)
                    .write("build_flavor", "default")
                    .write("build_type", "tar")
                    .write("build_hash", "observer")
                    .write("build_date", "2025-01-01T00:00:00.000000000Z")
                    .write("build_snapshot", false)
                    .write("lucene_version", major == 7 ? "8.11.3" : major == 8 ? "9.12.0" : "10.2.1")
                    .write("minimum_wire_compatibility_version", major == 7 ? "6.8.0" : major == 8 ? "7.17.0" : "8.18.0")
                    .write("minimum_index_compatibility_version", major == 7 ? "6.0.0-beta1" : major == 8 ? "7.0.0" : "8.0.0")
                    .writeEnd()
                    .write("tagline", "You Know, for Search")
                    .writeEnd();
        }));
    }

    @HEAD
    public Response ping() {
        return answer(() -> Response.ok().type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build());
    }

    @GET
    @Path("_license")
    public Response license() {
        return answer(() -> ok(json -> json.writeStartObject().writeStartObject("license")
                .write("status", "active")
                .write("uid", clusterUuid())
                .write("type", "basic")
                .write("issue_date", "2025-01-01T00:00:00.000Z")
                .write("issue_date_in_millis", 1_735_689_600_000L)
                .write("max_nodes", 1000)
                .writeNull("max_resource_units")
                .write("issued_to", CLUSTER_NAME)
                .write("issuer", "elasticsearch")
                .write("start_date_in_millis", -1)
                .writeEnd().writeEnd()));
    }

    @GET
    @Path("_xpack")
    public Response xpack() {
        return answer(() -> ok(json -> json.writeStartObject()
                .writeStartObject("build").write("hash", "observer").write("date", "2025-01-01T00:00:00.000Z").writeEnd()
                .writeStartObject("license").write("uid", clusterUuid()).write("type", "basic").write("mode", "basic")
                .write("status", "active").writeEnd()
                .writeStartObject("features").writeEnd()
                .write("tagline", "for everything else")
                .writeEnd()));
    }

    @GET
    @Path("_cluster/health")
    public Response health() {
        return answer(() -> {
            Health h = Health.of(cluster.cluster(), config.replicas());
            return ok(json -> json.writeStartObject()
                    .write("cluster_name", CLUSTER_NAME)
                    .write("status", h.status())
                    .write("timed_out", false)
                    .write("number_of_nodes", h.nodes())
                    .write("number_of_data_nodes", h.nodes())
                    .write("active_primary_shards", h.primaries())
                    .write("active_shards", h.active())
                    .write("relocating_shards", 0)
                    .write("initializing_shards", 0)
                    .write("unassigned_shards", h.unassigned())
                    .write("delayed_unassigned_shards", 0)
                    .write("number_of_pending_tasks", 0)
                    .write("number_of_in_flight_fetch", 0)
                    .write("task_max_waiting_in_queue_millis", 0)
                    .write("active_shards_percent_as_number", h.activePercent())
                    .writeEnd());
        });
    }

    @GET
    @Path("_cluster/health/{index}")
    public Response indexHealth() {
        return health();
    }

    /** {@code GET /_cat/health}: one line of text (a header with {@code ?v}), or JSON with {@code ?format=json}. */
    @GET
    @Path("_cat/health")
    public Response catHealth(@QueryParam("format") String format, @QueryParam("v") String verbose) {
        return answer(() -> {
            Health h = Health.of(cluster.cluster(), config.replicas());
            Instant now = Instant.now();
            String[] names = {"epoch", "timestamp", "cluster", "status", "node.total", "node.data", "shards", "pri",
                    "relo", "init", "unassign", "pending_tasks", "max_task_wait_time", "active_shards_percent"};
            String[] values = {String.valueOf(now.getEpochSecond()),
                    DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(now), CLUSTER_NAME,
                    h.status(), String.valueOf(h.nodes()), String.valueOf(h.nodes()), String.valueOf(h.active()),
                    String.valueOf(h.primaries()), "0", "0", String.valueOf(h.unassigned()), "0", "-",
                    String.format(Locale.ROOT, "%.1f%%", h.activePercent())};
            if ("json".equals(format)) {
                return ok(json -> {
                    json.writeStartArray().writeStartObject();
                    for (int i = 0; i < names.length; i++) {
                        json.write(names[i], values[i]);
                    }
                    json.writeEnd().writeEnd();
                });
            }
            String text = (verbose != null ? String.join(" ", names) + "\n" : "") + String.join(" ", values) + "\n";
            return Response.ok(text).type("text/plain; charset=UTF-8").header(PRODUCT_HEADER, PRODUCT).build();
        });
    }

    /** {@code GET /_nodes/http} (Logstash's sniffing) and the like: every live node with its HTTP address. */
    @GET
    @Path("_nodes{metrics: (/[^/]*)?}")
    public Response nodes() {
        return answer(() -> {
            List<NodeInfo> live = cluster.cluster().nodes().stream().filter(n -> n.state() != NodeState.DOWN).toList();
            return ok(json -> {
                json.writeStartObject()
                        .writeStartObject("_nodes").write("total", live.size()).write("successful", live.size())
                        .write("failed", 0).writeEnd()
                        .write("cluster_name", CLUSTER_NAME)
                        .writeStartObject("nodes");
                for (NodeInfo node : live) {
                    URI url = URI.create(node.url());
                    String http = url.getHost() + ":" + (url.getPort() < 0 ? 80 : url.getPort());
                    json.writeStartObject(node.name())
                            .write("name", node.name())
                            .write("transport_address", node.rpc())
                            .write("host", url.getHost())
                            .write("ip", url.getHost())
                            .write("version", config.esVersion())
                            .write("build_flavor", "default")
                            .write("build_type", "tar")
                            .write("build_hash", "observer")
                            .writeStartArray("roles").write("data").write("ingest").write("master").writeEnd()
                            .writeStartObject("http")
                            .writeStartArray("bound_address").write(http).writeEnd()
                            .write("publish_address", http)
                            .write("max_content_length_in_bytes", config.maxBodyBytes())
                            .writeEnd()
                            .writeEnd();
                }
                json.writeEnd().writeEnd();
            });
        });
    }

    // ---- templates, policies and pipelines: kept for the cluster; ILM delete phases set retention

    @PUT
    @Path("{kind: _index_template|_template|_component_template|_ilm/policy|_ingest/pipeline}/{name}")
    public Response install(@PathParam("kind") String kind, @PathParam("name") String name,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return answer(() -> {
            access.requireAdmin();
            String text = RequestBodies.read(body, length == null ? -1 : length, config.maxBodyBytes()).strip();
            if (!text.isEmpty()) {
                parseObject(text, "the " + kind.substring(1) + " body");
            }
            templates.put(kind + "/" + name, text.isEmpty() ? "{}" : text);
            return ok(json -> json.writeStartObject().write("acknowledged", true).writeEnd());
        });
    }

    @POST
    @Path("{kind: _index_template|_template|_component_template|_ilm/policy|_ingest/pipeline}/{name}")
    public Response installByPost(@PathParam("kind") String kind, @PathParam("name") String name,
                                  @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return install(kind, name, length, body);
    }

    @GET
    @Path("{kind: _index_template|_template|_component_template|_ilm/policy|_ingest/pipeline}/{name}")
    public Response installed(@PathParam("kind") String kind, @PathParam("name") String name) {
        return answer(() -> {
            String body = templates.get(kind + "/" + name);
            if (body == null) {
                return kind.equals("_template") || kind.equals("_ingest/pipeline") || kind.equals("_ilm/policy")
                        ? Response.status(404).entity("{}").type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build()
                        : error(404, "resource_not_found_exception", kind.substring(1) + " [" + name + "] not found");
            }
            String shaped = switch (kind) {
                case "_index_template" -> "{\"index_templates\":[{\"name\":" + quoted(name) + ",\"index_template\":" + body + "}]}";
                case "_component_template" -> "{\"component_templates\":[{\"name\":" + quoted(name)
                        + ",\"component_template\":" + body + "}]}";
                case "_ilm/policy" -> "{" + quoted(name) + ":{\"version\":1,\"modified_date\":\"2025-01-01T00:00:00.000Z\","
                        + "\"policy\":" + policyOf(body) + "}}";
                default -> "{" + quoted(name) + ":" + body + "}";
            };
            return Response.ok(shaped).type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build();
        });
    }

    @HEAD
    @Path("{kind: _index_template|_template|_component_template}/{name}")
    public Response installedExists(@PathParam("kind") String kind, @PathParam("name") String name) {
        boolean known = templates.get(kind + "/" + name) != null;
        return Response.status(known ? 200 : 404).type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build();
    }

    @DELETE
    @Path("{kind: _index_template|_template|_component_template|_ilm/policy|_ingest/pipeline}/{name}")
    public Response uninstall(@PathParam("kind") String kind, @PathParam("name") String name) {
        return answer(() -> {
            access.requireAdmin();
            return !templates.remove(kind + "/" + name)
                    ? error(404, "resource_not_found_exception", kind.substring(1) + " [" + name + "] not found")
                    : ok(json -> json.writeStartObject().write("acknowledged", true).writeEnd());
        });
    }

    // ---- writing logs

    @POST
    @Path("_bulk")
    public Response bulk(@QueryParam("refresh") String refresh, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                         InputStream body) {
        return answer(() -> bulk(null, refresh, length, body));
    }

    @PUT
    @Path("_bulk")
    public Response bulkByPut(@QueryParam("refresh") String refresh, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                              InputStream body) {
        return bulk(refresh, length, body);
    }

    @POST
    @Path("{index}/_bulk")
    public Response indexBulk(@PathParam("index") String index, @QueryParam("refresh") String refresh,
                              @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return answer(() -> bulk(index, refresh, length, body));
    }

    @PUT
    @Path("{index}/_bulk")
    public Response indexBulkByPut(@PathParam("index") String index, @QueryParam("refresh") String refresh,
                                   @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return indexBulk(index, refresh, length, body);
    }

    @POST
    @Path("{index}/_doc")
    public Response document(@PathParam("index") String index, @QueryParam("refresh") String refresh,
                             @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return answer(() -> single(index, null, refresh, length, body));
    }

    @PUT
    @Path("{index}/{kind: _doc|_create}/{id}")
    public Response documentWithId(@PathParam("index") String index, @PathParam("id") String id,
                                   @QueryParam("refresh") String refresh, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                   InputStream body) {
        return answer(() -> single(index, id, refresh, length, body));
    }

    @POST
    @Path("{index}/{kind: _doc|_create}/{id}")
    public Response documentWithIdByPost(@PathParam("index") String index, @PathParam("id") String id,
                                         @QueryParam("refresh") String refresh,
                                         @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return documentWithId(index, id, refresh, length, body);
    }

    private Response bulk(String pathIndex, String refresh, Long length, InputStream body) {
        checkCompatibility();
        long start = System.currentTimeMillis();
        byte[] ndjson = RequestBodies.readBytes(body, length == null ? -1 : length, config.maxBodyBytes());
        List<BulkActions.Action> actions = BulkActions.parse(ndjson, pathIndex);
        List<String> indexes = new ArrayList<>();
        int[] from = new int[actions.size()];
        int[] to = new int[actions.size()];
        java.util.Set<BulkActions.Action> forbidden = new java.util.HashSet<>();
        String writable = null; // the last index found writable: a bulk names few, mostly one
        for (BulkActions.Action action : actions) {
            if (action.refusal() != null) {
                continue;
            }
            if (!action.index().equals(writable) && !access.mayWrite(action.index())) {
                forbidden.add(action); // this line only: the others go in, as Elasticsearch does
                continue;
            }
            writable = action.index();
            from[indexes.size()] = action.from();
            to[indexes.size()] = action.to();
            indexes.add(action.index());
        }
        BulkResult result = indexes.isEmpty() ? new BulkResult(0, 0, 0, List.of())
                : ingest.ingestEach(indexes, ndjson, Arrays.copyOf(from, indexes.size()), Arrays.copyOf(to, indexes.size()),
                        waitFor(refresh));
        boolean errors = result.rejected() > 0 || indexes.size() < actions.size();
        long took = System.currentTimeMillis() - start;
        String filter = uri.getQueryParameters().getFirst("filter_path");
        FilteredJson json = new FilteredJson(filter == null || filter.isBlank() ? null : FilterPath.of(filter),
                64 + actions.size() * 200);
        json.field("took", took).field("errors", errors).startArray("items");
        int next = 0;
        for (BulkActions.Action action : actions) {
            json.startObject().startObject(action.kind());
            json.field("_index", action.index() == null ? "" : action.index());
            if (action.refusal() != null) {
                json.field("_id", action.id()).field("status", 400);
                bulkError(json, "illegal_argument_exception", action.refusal());
            } else if (forbidden.contains(action)) {
                json.field("_id", action.id()).field("status", 403);
                bulkError(json, "security_exception", "action [indices:data/write/bulk] is unauthorized for "
                        + access.describeCaller() + " on index [" + action.index() + "]");
            } else {
                BulkItemResult item = result.items().get(next++);
                if (item.isAccepted()) {
                    json.field("_id", action.id() != null ? action.id() : item.receipt().id())
                            .field("_version", 1)
                            .field("result", "created")
                            .startObject("_shards").field("total", 1).field("successful", 1).field("failed", 0).end()
                            .field("_seq_no", item.receipt().offset())
                            .field("_primary_term", 1)
                            .field("status", 201);
                } else {
                    json.field("_id", action.id()).field("status", item.status());
                    bulkError(json, item.status() == 503 ? "unavailable_shards_exception"
                            : item.status() == 413 ? "document_too_large_exception" : "document_parsing_exception", item.error());
                }
            }
            json.end().end();
        }
        // written as bytes, filtered as written: thousands of items, and Beats always send a filter_path
        return Response.ok(json.end().toByteArray()).type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build();
    }

    private static void bulkError(FilteredJson json, String type, String reason) {
        json.startObject("error").field("type", type).field("reason", reason == null ? "" : reason).end();
    }

    private Response single(String index, String id, String refresh, Long length, InputStream body) {
        checkCompatibility();
        access.requireWrite(index);
        byte[] source = RequestBodies.readBytes(body, length == null ? -1 : length, config.maxBodyBytes());
        BulkResult result = ingest.ingestEach(List.of(index), source, new int[] {0}, new int[] {source.length},
                waitFor(refresh));
        BulkItemResult item = result.items().get(0);
        if (!item.isAccepted()) {
            return error(item.status(), item.status() == 400 ? "document_parsing_exception" : "illegal_argument_exception",
                    item.error());
        }
        return status(201, json -> json.writeStartObject()
                .write("_index", index)
                .write("_id", id != null ? id : item.receipt().id())
                .write("_version", 1)
                .write("result", "created")
                .writeStartObject("_shards").write("total", 1).write("successful", 1).write("failed", 0).writeEnd()
                .write("_seq_no", item.receipt().offset())
                .write("_primary_term", 1)
                .writeEnd());
    }

    /**
     * {@code _refresh}: answers once every log accepted so far (through any API or straight into
     * Kafka) is searchable, or after the refresh timeout ({@code observer.ingest.refresh-timeout-ms}).
     */
    @POST
    @Path("{index: ([^/]+/)?}_refresh")
    public Response refresh(@PathParam("index") String index) {
        return answer(() -> {
            ingest.awaitAllSearchable();
            if (index != null && !index.isEmpty()) {
                named(index.substring(0, index.length() - 1)); // an explicit name must exist, once all is in
            }
            int partitions = cluster.cluster().partitions().size();
            return ok(json -> {
                json.writeStartObject();
                shards(json, partitions, partitions);
                json.writeEnd();
            });
        });
    }

    @GET
    @Path("{index: ([^/]+/)?}_refresh")
    public Response refreshByGet(@PathParam("index") String index) {
        return refresh(index);
    }

    // ---- searching

    @GET
    @Path("_search")
    public Response searchAll(@QueryParam("q") String q, @QueryParam("size") String size, @QueryParam("from") String from,
                              @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return answer(() -> search("*", q, size, from, length, body, false));
    }

    @POST
    @Path("_search")
    public Response searchAllByPost(@QueryParam("q") String q, @QueryParam("size") String size,
                                    @QueryParam("from") String from, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                    InputStream body) {
        return searchAll(q, size, from, length, body);
    }

    @GET
    @Path("{index}/_search")
    public Response searchIndex(@PathParam("index") String index, @QueryParam("q") String q, @QueryParam("size") String size,
                                @QueryParam("from") String from, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                InputStream body) {
        return answer(() -> search(index, q, size, from, length, body, false));
    }

    @POST
    @Path("{index}/_search")
    public Response searchIndexByPost(@PathParam("index") String index, @QueryParam("q") String q,
                                      @QueryParam("size") String size, @QueryParam("from") String from,
                                      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return searchIndex(index, q, size, from, length, body);
    }

    @GET
    @Path("_count")
    public Response countAll(@QueryParam("q") String q, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return answer(() -> search("*", q, null, null, length, body, true));
    }

    @POST
    @Path("_count")
    public Response countAllByPost(@QueryParam("q") String q, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                   InputStream body) {
        return countAll(q, length, body);
    }

    @GET
    @Path("{index}/_count")
    public Response countIndex(@PathParam("index") String index, @QueryParam("q") String q,
                               @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return answer(() -> search(index, q, null, null, length, body, true));
    }

    @POST
    @Path("{index}/_count")
    public Response countIndexByPost(@PathParam("index") String index, @QueryParam("q") String q,
                                     @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return countIndex(index, q, length, body);
    }

    private Response search(String index, String q, String sizeParam, String fromParam, Long length, InputStream body,
                            boolean count) {
        String text = RequestBodies.read(body, length == null ? -1 : length, config.maxBodyBytes()).strip();
        EsSearch es = EsSearch.of(text.isEmpty() ? null : parseObject(text, "the search body"), q, sizeParam, fromParam,
                count, System.currentTimeMillis());
        SearchRequest request = es.request(index);
        SearchResult result = searchAs(request);
        int total = result.partitions() == null ? 1 : result.partitions().total();
        int answered = result.partitions() == null ? 1 : result.partitions().answered();
        if (count) {
            return ok(json -> {
                json.writeStartObject().write("count", result.total());
                shards(json, total, answered);
                json.writeEnd();
            });
        }
        List<SearchHit> hits = es.oldestFirst()
                ? OldestFirst.page(request, SearchCursor.decodeOrNull(es.searchAfter()), es.from(), es.size(), this::searchAs)
                : result.hits().subList(Math.min(es.from(), result.hits().size()), result.hits().size());
        return ok(json -> {
            json.writeStartObject().write("took", result.tookMs()).write("timed_out", false);
            shards(json, total, answered);
            json.writeStartObject("hits")
                    .writeStartObject("total").write("value", result.total()).write("relation", "eq").writeEnd()
                    .writeNull("max_score")
                    .writeStartArray("hits");
            for (SearchHit hit : hits) {
                writeHit(json, es, hit);
            }
            json.writeEnd().writeEnd();
            es.aggregations().write(json, request, result, this::searchAs,
                    "true".equals(uri.getQueryParameters().getFirst("typed_keys")));
            json.writeEnd();
        });
    }

    private static void writeHit(JsonOut json, EsSearch es, SearchHit hit) {
        json.writeStartObject().write("_index", hit.index()).write("_id", hit.id()).writeNull("_score");
        boolean whole = es.source() != null && es.source().keepsAll();
        boolean parse = (es.source() != null && !whole) || es.fields() != null || es.highlight() != null;
        jakarta.json.JsonObject source = parse ? (jakarta.json.JsonObject) parseValue(hit.source()) : null;
        if (whole) {
            json.writeRaw("_source", hit.source()); // valid JSON since it was ingested: written as it is
        } else if (es.source() != null) {
            json.write("_source", es.source().filter(source));
        }
        Map<String, List<jakarta.json.JsonValue>> flat = es.fields() == null && es.highlight() == null ? null
                : SourceFields.flatten(source);
        if (es.fields() != null) {
            json.writeStartObject("fields");
            for (Map.Entry<String, List<jakarta.json.JsonValue>> field : flat.entrySet()) {
                if (es.fields().matches(field.getKey())) {
                    json.writeStartArray(field.getKey());
                    field.getValue().forEach(json::write);
                    json.writeEnd();
                }
            }
            json.writeEnd();
        }
        if (es.highlight() != null) {
            Map<String, List<String>> shown = es.highlightOf(hit, flat);
            if (!shown.isEmpty()) {
                json.writeStartObject("highlight");
                shown.forEach((field, fragments) -> {
                    json.writeStartArray(field);
                    fragments.forEach(json::write);
                    json.writeEnd();
                });
                json.writeEnd();
            }
        }
        json.writeStartArray("sort").write(hit.timestamp()).write(EsSearch.cursorAfter(hit)).writeEnd().writeEnd();
    }

    /**
     * {@code _msearch} (Grafana sends its queries so): NDJSON pairs of a header ({@code index}) and
     * a search body; each answered in {@code responses[]} with its {@code status}, an error in its
     * own entry.
     */
    @POST
    @Path("{index: ([^/]+/)?}_msearch")
    public Response multiSearch(@PathParam("index") String index, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                InputStream body) {
        return answer(() -> {
            String ndjson = RequestBodies.read(body, length == null ? -1 : length, config.maxBodyBytes());
            List<String> lines = new ArrayList<>();
            for (String line : ndjson.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            if (lines.isEmpty() || lines.size() % 2 != 0) {
                throw new InvalidRequestException("an _msearch body is pairs of lines: a header ({\"index\": ...}) and a search body");
            }
            String pathIndex = index == null || index.isEmpty() ? "*" : index.substring(0, index.length() - 1);
            List<Response> answers = new ArrayList<>();
            for (int i = 0; i < lines.size(); i += 2) {
                jakarta.json.JsonObject header = parseObject(lines.get(i), "the header on line " + (i + 1));
                jakarta.json.JsonValue named = header.get("index");
                if (named instanceof jakarta.json.JsonArray many && !many.stream().allMatch(v -> v instanceof jakarta.json.JsonString)) {
                    throw new InvalidRequestException("the header on line " + (i + 1) + " names its indexes as strings");
                }
                String target = named instanceof jakarta.json.JsonString one ? one.getString()
                        : named instanceof jakarta.json.JsonArray many
                        ? String.join(",", many.getValuesAs(jakarta.json.JsonString::getString)) : pathIndex;
                byte[] search = lines.get(i + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                answers.add(answer(() -> search(target, null, null, null, (long) search.length,
                        new java.io.ByteArrayInputStream(search), false)));
            }
            StringBuilder out = new StringBuilder("{\"took\":0,\"responses\":[");
            for (int i = 0; i < answers.size(); i++) {
                Response answer = answers.get(i);
                String entry = (String) answer.getEntity();
                out.append(i > 0 ? "," : "");
                if (answer.getStatus() == 200) {
                    out.append(entry, 0, entry.length() - 1).append(",\"status\":200}");
                } else {
                    out.append(entry); // an error answer names its status already
                }
            }
            return Response.ok(out.append("]}").toString()).type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build();
        });
    }

    private static void shards(JsonOut json, int total, int answered) {
        json.writeStartObject("_shards").write("total", total).write("successful", answered).write("skipped", 0)
                .write("failed", total - answered).writeEnd();
    }

    private static jakarta.json.JsonValue parseValue(String source) {
        try (jakarta.json.JsonReader reader = JSON.createReader(new java.io.StringReader(source))) {
            return reader.readValue();
        }
    }

    // ---- indexes

    /** {@code GET /_cat/indices[/{pattern}]}: a line per index (a header with {@code ?v}), or JSON with {@code ?format=json}. */
    @GET
    @Path("_cat/indices{pattern: (/[^/]*)?}")
    public Response catIndices(@PathParam("pattern") String pattern, @QueryParam("format") String format,
                               @QueryParam("v") String verbose) {
        return answer(() -> {
            List<IndexInfo> listed = new ArrayList<>();
            for (IndexInfo info : indexes.list()) {
                if (IndexPatterns.matches(pattern == null || pattern.length() <= 1 ? "*" : pattern.substring(1), info.name())
                        && access.mayRead(info.name())) {
                    listed.add(info);
                }
            }
            String[] names = {"health", "status", "index", "uuid", "pri", "rep", "docs.count", "docs.deleted", "store.size",
                    "pri.store.size"};
            List<String[]> rows = new ArrayList<>();
            for (IndexInfo info : listed) {
                rows.add(new String[]{info.state() == IndexState.DEGRADED ? "red" : "green",
                        info.state() == IndexState.CLOSED ? "close" : "open", info.name(), info.name(), "1", "0",
                        String.valueOf(info.documents()), "0", info.diskBytes() + "b", info.diskBytes() + "b"});
            }
            if ("json".equals(format)) {
                return ok(json -> {
                    json.writeStartArray();
                    for (String[] row : rows) {
                        json.writeStartObject();
                        for (int i = 0; i < names.length; i++) {
                            json.write(names[i], row[i]);
                        }
                        json.writeEnd();
                    }
                    json.writeEnd();
                });
            }
            StringBuilder text = new StringBuilder(verbose != null ? String.join(" ", names) + "\n" : "");
            rows.forEach(row -> text.append(String.join(" ", row)).append('\n'));
            return Response.ok(text.toString()).type("text/plain; charset=UTF-8").header(PRODUCT_HEADER, PRODUCT).build();
        });
    }

    /** {@code GET /_resolve/index/{expression}}: the indexes an expression names (Kibana and Grafana ask before they search). */
    @GET
    @Path("_resolve/index/{expression}")
    public Response resolve(@PathParam("expression") String expression) {
        return answer(() -> {
            List<IndexInfo> named = new ArrayList<>();
            for (IndexInfo info : indexes.list()) {
                if (IndexPatterns.matches(expression, info.name()) && access.mayRead(info.name())) {
                    named.add(info);
                }
            }
            return ok(json -> {
                json.writeStartObject().writeStartArray("indices");
                for (IndexInfo info : named) {
                    json.writeStartObject().write("name", info.name()).writeStartArray("attributes")
                            .write(info.state() == IndexState.CLOSED ? "closed" : "open").writeEnd().writeEnd();
                }
                json.writeEnd().writeStartArray("aliases").writeEnd().writeStartArray("data_streams").writeEnd().writeEnd();
            });
        });
    }

    /** {@code GET /_mapping}, {@code GET /{index}/_mapping}: each index's fields, found in its newest logs. */
    @GET
    @Path("{index: ([^/]+/)?}_mapping")
    public Response mapping(@PathParam("index") String index) {
        return answer(() -> {
            Map<String, FieldMappings> mappings = new java.util.LinkedHashMap<>();
            for (String name : named(index == null || index.isEmpty() ? "*" : index.substring(0, index.length() - 1))) {
                mappings.put(name, mappingOf(name));
            }
            return ok(json -> {
                json.writeStartObject();
                mappings.forEach((name, fields) -> {
                    json.writeStartObject(name).writeStartObject("mappings");
                    fields.writeProperties(json);
                    json.writeEnd().writeEnd();
                });
                json.writeEnd();
            });
        });
    }

    /**
     * {@code _field_caps} (Kibana, Grafana): every field of the indexes named whose name matches
     * {@code fields}, with its type; a field typed differently in some indexes lists them per type.
     */
    @GET
    @Path("{index: ([^/]+/)?}_field_caps")
    public Response fieldCaps(@PathParam("index") String index, @QueryParam("fields") String fields,
                              @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return answer(() -> {
            String text = RequestBodies.read(body, length == null ? -1 : length, config.maxBodyBytes()).strip();
            jakarta.json.JsonValue asked = null;
            if (!text.isEmpty()) {
                jakarta.json.JsonObject request = parseObject(text, "the _field_caps body");
                asked = request.get("fields");
            }
            if (asked == null) {
                jakarta.json.JsonArrayBuilder list = JSON.createArrayBuilder();
                for (String f : (fields == null || fields.isBlank() ? "*" : fields).split(",")) {
                    list.add(f.trim());
                }
                asked = list.build();
            } else if (asked instanceof jakarta.json.JsonString one) {
                asked = JSON.createArrayBuilder().add(one).build();
            }
            SourceFields wanted = SourceFields.ofFieldList("fields", asked);
            List<String> names = named(index == null || index.isEmpty() ? "*" : index.substring(0, index.length() - 1));
            // field -> type -> indexes
            Map<String, Map<String, List<String>>> caps = new java.util.TreeMap<>();
            for (String name : names) {
                Map<String, String> types = new java.util.LinkedHashMap<>(mappingOf(name).types());
                types.put("_id", "_id");
                types.put("_index", "_index");
                types.forEach((field, type) -> {
                    if (wanted.matches(field)) {
                        caps.computeIfAbsent(field, f -> new java.util.TreeMap<>()).computeIfAbsent(type, t -> new ArrayList<>())
                                .add(name);
                    }
                });
            }
            return ok(json -> {
                json.writeStartObject().writeStartArray("indices");
                names.forEach(json::write);
                json.writeEnd().writeStartObject("fields");
                caps.forEach((field, byType) -> {
                    json.writeStartObject(field);
                    byType.forEach((type, in) -> {
                        json.writeStartObject(type).write("type", type)
                                .write("metadata_field", type.startsWith("_"))
                                .write("searchable", true)
                                .write("aggregatable", !type.equals("text"));
                        if (byType.size() > 1 || in.size() < names.size()) {
                            json.writeStartArray("indices");
                            in.forEach(json::write);
                            json.writeEnd();
                        }
                        json.writeEnd();
                    });
                    json.writeEnd();
                });
                json.writeEnd().writeEnd();
            });
        });
    }

    @POST
    @Path("{index: ([^/]+/)?}_field_caps")
    public Response fieldCapsByPost(@PathParam("index") String index, @QueryParam("fields") String fields,
                                    @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return fieldCaps(index, fields, length, body);
    }

    /**
     * The indexes an expression names: wildcards match what exists (possibly nothing), an explicit
     * name must exist (else 404, as Elasticsearch answers).
     */
    private List<String> named(String expression) {
        List<String> all = indexes.list().stream().map(IndexInfo::name).toList();
        java.util.Set<String> named = new java.util.LinkedHashSet<>();
        for (String part : expression.split(",")) {
            String p = part.trim();
            if (p.isEmpty() || p.startsWith("-")) {
                continue;
            }
            if (p.contains("*") || p.equals("_all")) {
                all.stream().filter(n -> IndexPatterns.matches(expression, n) && access.mayRead(n)).forEach(named::add);
            } else {
                access.requireRead(p);
                named.add(indexes.get(p).name());
            }
        }
        return List.copyOf(named);
    }

    /** {@code request} over only what the caller may read. */
    private SearchResult searchAs(SearchRequest request) {
        return searcher.search(access.readable(request));
    }

    /** An index's fields, from its newest {@link FieldMappings#SAMPLE} logs. */
    private FieldMappings mappingOf(String index) {
        FieldMappings mappings = new FieldMappings(new FieldTypes(config.textFields(index), config.keywordMaxLength()));
        for (SearchHit hit : searcher.search(new SearchRequest(index, "*", null, null, FieldMappings.SAMPLE)).hits()) {
            if (parseValue(hit.source()) instanceof jakarta.json.JsonObject source) {
                mappings.add(source);
            }
        }
        return mappings;
    }

    /**
     * {@code GET /{index}}: each index named (names, patterns, a comma list) with empty aliases, its
     * mapping and settings; 404 if a name is missing.
     */
    @GET
    @Path("{index: [^_/][^/]*}")
    public Response getIndex(@PathParam("index") String index) {
        return answer(() -> {
            Map<IndexInfo, FieldMappings> found = new java.util.LinkedHashMap<>();
            for (String name : named(index)) {
                found.put(indexes.get(name), mappingOf(name));
            }
            return ok(json -> {
                json.writeStartObject();
                found.forEach((info, fields) -> {
                    json.writeStartObject(info.name()).writeStartObject("aliases").writeEnd().writeStartObject("mappings");
                    fields.writeProperties(json);
                    json.writeEnd()
                            .writeStartObject("settings").writeStartObject("index")
                            .write("number_of_shards", "1").write("number_of_replicas", "0")
                            .write("uuid", info.name()).write("provided_name", info.name())
                            .write("creation_date", String.valueOf(info.minTimestamp() == null ? 0 : info.minTimestamp()))
                            .writeEnd().writeEnd()
                            .writeEnd();
                });
                json.writeEnd();
            });
        });
    }

    @HEAD
    @Path("{index: [^_/][^/]*}")
    public Response indexExists(@PathParam("index") String index) {
        Response found = answer(() -> {
            named(index);
            return ok(json -> json.writeStartObject().writeEnd());
        });
        return Response.status(found.getStatus()).type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build();
    }

    /**
     * {@code PUT /{index}} (clients that create their index first): acknowledged, since an index
     * comes into being with its first log here; settings, mappings and aliases are not applied.
     * An invalid name is a 400, an existing index Elasticsearch's {@code resource_already_exists_exception}.
     */
    @PUT
    @Path("{index: [^_/][^/]*}")
    public Response createIndex(@PathParam("index") String index, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                InputStream body) {
        return answer(() -> {
            String text = RequestBodies.read(body, length == null ? -1 : length, config.maxBodyBytes()).strip();
            if (!text.isEmpty()) {
                parseObject(text, "the index body");
            }
            org.observer.index.IndexNames.requireValid(index);
            access.requireManage(index);
            if (indexes.list().stream().anyMatch(info -> info.name().equals(index))) {
                return error(400, "resource_already_exists_exception", "index [" + index + "] already exists");
            }
            return ok(json -> json.writeStartObject().write("acknowledged", true).write("shards_acknowledged", true)
                    .write("index", index).writeEnd());
        });
    }

    /** {@code DELETE /{index}}: named indexes only (no patterns, as Elasticsearch's destructive_requires_name). */
    @DELETE
    @Path("{index: [^_/][^/]*}")
    public Response deleteIndex(@PathParam("index") String index) {
        return answer(() -> {
            if (index.contains("*")) {
                throw new InvalidRequestException("Wildcard expressions or all indices are not allowed: name the indexes to delete");
            }
            for (String name : index.split(",")) {
                access.requireManage(name.trim(), "delete", audit);
                indexes.get(name.trim()); // all exist, or 404 before anything is deleted
            }
            IndexService managed = access.indexes(indexes, audit); // records who deleted it
            for (String name : index.split(",")) {
                managed.delete(name.trim());
            }
            return ok(json -> json.writeStartObject().write("acknowledged", true).writeEnd());
        });
    }

    // ---- anything else

    @GET
    @Path("{path: .+}")
    public Response unknownGet() {
        return unknown();
    }

    @POST
    @Path("{path: .+}")
    public Response unknownPost() {
        return unknown();
    }

    @PUT
    @Path("{path: .+}")
    public Response unknownPut() {
        return unknown();
    }

    @DELETE
    @Path("{path: .+}")
    public Response unknownDelete() {
        return unknown();
    }

    /** An Elasticsearch path this API does not answer (yet): a clear 400, as Elasticsearch answers an unknown one. */
    private Response unknown() {
        return error(400, "illegal_argument_exception", "no handler found for uri [/" + uri.getPath().replaceFirst("^/?es/?", "")
                + "] and method [" + request.getMethod() + "]: The Observer's Elasticsearch-compatible API does not answer it"
                + " (see the README for what it does)");
    }

    // ---- answers

    /** Runs {@code work}; the client's mistakes and an unavailable Kafka become Elasticsearch's error answers. */
    private Response answer(Supplier<Response> work) {
        try {
            checkCompatibility();
            return work.get();
        } catch (ServiceUnavailableException e) {
            // backpressure: the whole request is refused and nothing of it was taken; shippers retry it
            return error(429, "es_rejected_execution_exception", e.getMessage());
        } catch (ObserverException e) {
            return error(e.status(), e.status() == 404 ? "index_not_found_exception" : e.status() == 403 ? "security_exception"
                    : e.status() == 413
                    ? "content_too_long_exception" : "illegal_argument_exception", e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, "illegal_argument_exception", e.getMessage());
        }
    }

    private Response ok(Consumer<JsonOut> body) {
        return status(200, body);
    }

    private Response status(int status, Consumer<JsonOut> body) {
        StringWriter out = new StringWriter(256);
        try (JsonOut json = new JsonOut(out)) {
            body.accept(json);
        }
        String filter = uri.getQueryParameters().getFirst("filter_path");
        String entity = filter == null || filter.isBlank() || status >= 300 ? out.toString() : FilterPath.of(filter).apply(out.toString());
        return Response.status(status).entity(entity).type(mediaType()).header(PRODUCT_HEADER, PRODUCT).build();
    }

    private Response error(int status, String type, String reason) {
        return status(status, json -> {
            json.writeStartObject().writeStartObject("error")
                    .writeStartArray("root_cause").writeStartObject().write("type", type).write("reason", reason).writeEnd().writeEnd()
                    .write("type", type).write("reason", reason)
                    .writeEnd().write("status", status).writeEnd();
        });
    }

    /**
     * Answers in Elasticsearch's vendor type when the client asked for it (its clients check the
     * type they get back), else in plain JSON.
     */
    private String mediaType() {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        String version = compatibleWith(accept);
        return version == null ? "application/json; charset=UTF-8" : "application/vnd.elasticsearch+json; compatible-with=" + version;
    }

    /** The {@code compatible-with} version in a vendor media type, or null. */
    static String compatibleWith(String mediaType) {
        if (mediaType == null || !mediaType.contains("vnd.elasticsearch")) {
            return null;
        }
        Matcher m = COMPATIBLE_WITH.matcher(mediaType);
        return m.find() ? m.group(1) : null;
    }

    /** A vendor media type must name a version this API speaks. */
    private void checkCompatibility() {
        for (String header : new String[]{HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE}) {
            String version = compatibleWith(headers.getHeaderString(header));
            if (version != null && !version.equals("7") && !version.equals("8") && !version.equals("9")) {
                throw new InvalidRequestException(header + " asks for compatible-with=" + version
                        + ": this API is compatible with 7, 8 and 9");
            }
        }
    }

    private String clusterUuid() {
        String id = ingest.kafkaClusterId();
        return id.isEmpty() ? "_na_" : id;
    }

    private static boolean waitFor(String refresh) {
        if (refresh == null || refresh.equals("false")) {
            return false;
        }
        if (refresh.equals("wait_for") || refresh.equals("true") || refresh.isEmpty()) {
            return true; // true is taken as wait_for: this engine makes logs searchable within a second anyway
        }
        throw new InvalidRequestException("parameter [refresh] is [" + refresh + "]: use true, false or wait_for");
    }

    private static jakarta.json.JsonObject parseObject(String text, String what) {
        return JsonBodies.object(text, what);
    }

    /** The {@code policy} object of an ILM body ({@code {"policy":{...}}}), or the body itself. */
    private static String policyOf(String body) {
        try (jakarta.json.JsonReader reader = JSON.createReader(new java.io.StringReader(body))) {
            jakarta.json.JsonObject object = reader.readObject();
            return object.containsKey("policy") ? object.get("policy").toString() : body;
        }
    }

    private static String quoted(String text) {
        return JSON.createValue(text).toString();
    }

    /** What {@code _cluster/health} reports, from the partitions of {@code observer.ingest} as shards. */
    record Health(String status, int nodes, int primaries, int active, int unassigned, double activePercent) {

        static Health of(ClusterInfo info, int replicas) {
            int nodes = (int) info.nodes().stream().filter(n -> n.state() != NodeState.DOWN).count();
            int wanted = Math.min(replicas, Math.max(0, nodes - 1));
            int primaries = 0;
            int active = 0;
            int unassigned = 0;
            boolean red = false;
            boolean yellow = false;
            for (ClusterInfo.PartitionOwner p : info.partitions()) {
                if (p.owner() == null) {
                    red = true;
                    unassigned += 1 + wanted;
                    continue;
                }
                primaries++;
                int copies = Math.min(wanted, p.replicas().size());
                active += 1 + copies;
                if (copies < wanted) {
                    yellow = true;
                    unassigned += wanted - copies;
                }
            }
            int total = active + unassigned;
            return new Health(red ? "red" : yellow ? "yellow" : "green", nodes, primaries, active, unassigned,
                    total == 0 ? 100.0 : Math.round(1000.0 * active / total) / 10.0);
        }
    }
}
