package org.observer.api;

/** Runs searches over the resolved set of indexes. */
public interface SearchService {

    /** @throws InvalidRequestException if the request or the query cannot be understood */
    SearchResult search(SearchRequest request);
}
