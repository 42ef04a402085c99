/**
 * The node's settings: one place that names every setting, gives its meaning and validates it at
 * start-up. Defaults live in {@code config/microprofile-config.properties}.
 */
package org.observer.config;
