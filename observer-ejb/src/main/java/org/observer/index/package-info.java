/**
 * Index lifecycle: which indexes exist, which are OPEN (mapped, written) or CLOSED (sealed and
 * evicted), lazy loading for queries and writes, and the TTL timer that closes idle indexes.
 */
package org.observer.index;
