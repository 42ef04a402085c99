/**
 * Search as a service: resolves the index set of a request (name, comma list or prefix), parses
 * the query, runs it on each index (loading CLOSED ones lazily) and merges the hits newest first.
 */
package org.observer.search;
