/**
 * The Elasticsearch-compatible API at the root of the HTTP port, for the shippers and clients that
 * speak Elasticsearch (Filebeat, Logstash, Fluent Bit, Vector, rsyslog, the official clients):
 * a filter routes their paths to the resource under {@code /api/es}, which answers in
 * Elasticsearch's shapes on top of the native services.
 */
package org.observer.web.es;
