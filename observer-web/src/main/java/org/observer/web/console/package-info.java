/**
 * The Vaadin console at {@code /}. Search ({@link org.observer.web.console.SearchView}) is built of
 * small parts: {@code HistogramChart} (SVG bars, zoom), {@code FieldsSidebar} (fields and their top
 * values as filters), {@code HitList} (hits paged by cursor as one scrolls) and {@code ContextDialog}
 * (the logs around a hit); {@code SearchScope} is what they all search.
 * The admin views: the indexes and their actions ({@code /indexes}, {@code /indexes/{name}}), the
 * oplog ({@code /oplog}) and the cluster's nodes and load ({@code /cluster}).
 * A live tail at {@code /tail} that the server pushes new logs to ({@code TailView}, {@code TailPoller}).
 */
package org.observer.web.console;
