/**
 * Authentication through Jakarta Security (users by HTTP Basic, API keys by
 * {@code Authorization: ApiKey}) and the checks the APIs and the console make on the caller.
 */
package org.observer.web.security;
