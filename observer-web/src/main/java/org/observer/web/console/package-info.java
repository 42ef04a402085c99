/** The Vaadin console at {@code /}: search with a query, an index pattern and a time range. */
package org.observer.web.console;
