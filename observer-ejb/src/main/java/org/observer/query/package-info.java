/**
 * The search language: an immutable syntax tree ({@link org.observer.query.Query}) and the parser
 * that builds it from the user's text ({@link org.observer.query.QueryParser}, whose javadoc has the
 * full grammar). Pure Java; the tree holds raw text, which the storage layer analyzes and evaluates.
 *
 * <p>In short, Lucene/Kibana-like:
 * <ul>
 * <li>{@code disk full} both words (implicit AND); {@code a OR b c} is {@code a OR (b AND c)};
 * {@code AND}, {@code OR}, {@code NOT} in upper case only, or {@code &&}, {@code ||}, {@code !};
 * {@code -x} excludes, {@code +x} requires; {@code ( )} groups.</li>
 * <li>{@code "disk full"} a phrase; {@code fail*} a prefix; a lone {@code *} everything;
 * a backslash escapes the next character ({@code web\:01}).</li>
 * <li>{@code level:error}, {@code msg:"disk full"}, {@code host:web*}, {@code user.name:*} (exists),
 * {@code level:(error OR warn)}, {@code url:http://x/y} (a value may hold colons).</li>
 * <li>{@code status:[500 TO 599]}, <code>bytes:{0 TO 1000]</code>,
 * {@code @timestamp:[2025-07-10T00:00:00Z TO *]}, {@code status:>=500}, {@code took:<10}.</li>
 * </ul>
 */
package org.observer.query;
