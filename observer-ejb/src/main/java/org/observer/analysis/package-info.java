/**
 * Turns text into the tokens the index stores and queries look up. Pure Java, no container:
 * the same analyzer runs at ingest and at query time, so both sides agree on what a term is.
 */
package org.observer.analysis;
