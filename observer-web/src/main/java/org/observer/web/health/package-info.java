/** MicroProfile Health checks: ready only when the node can accept and index logs. */
package org.observer.web.health;
