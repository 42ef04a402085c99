package org.observer.logs;

import jakarta.json.Json;
import jakarta.json.stream.JsonParserFactory;

import java.util.Map;

/**
 * One JSON-P parser factory for the node. {@code Json.createParser} looks the provider up through
 * the ServiceLoader on every call, which cost more than the parsing itself on the ingest path.
 */
final class JsonParsers {

    static final JsonParserFactory FACTORY = Json.createParserFactory(Map.of());

    private JsonParsers() {
    }
}
