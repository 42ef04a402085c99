/**
 * Who may do what: users, roles and API keys, kept for the whole cluster on the compacted topic
 * {@code observer.security} (secrets only as hashes), and the {@link org.observer.api.Caller}
 * a request is made by. Authentication itself (reading the request's credentials) is the web
 * module's, through Jakarta Security.
 */
package org.observer.security;
