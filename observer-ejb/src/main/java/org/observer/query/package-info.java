/**
 * The search language: a small immutable query tree ({@link org.observer.query.Query}) and the
 * parser that builds it from the user's text. Pure Java; the storage layer evaluates the tree.
 */
package org.observer.query;
