/**
 * The contract between the engine and its clients (REST resources, console, tests): plain records
 * for requests and answers, the service interfaces the engine implements, and the error types that
 * the web layer turns into HTTP statuses. No logic lives here.
 */
package org.observer.api;
