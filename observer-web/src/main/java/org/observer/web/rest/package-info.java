/**
 * The HTTP API under {@code /api}: ingest, search and index administration, with every client
 * mistake answered by a JSON error and a 4xx status.
 */
package org.observer.web.rest;
