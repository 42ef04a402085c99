/**
 * What a log is to the engine: a request body checked to be one JSON object within the limits
 * ({@link org.observer.logs.LogValidator}), its time read from its fields
 * ({@link org.observer.logs.LogTimestamps}), and its fields flattened into the values that get
 * indexed ({@link org.observer.logs.JsonFields}) — streamed, with no object tree built. A bulk
 * body is read where it lies: its lines are places in its bytes ({@link org.observer.logs.NdjsonLines}),
 * checked for UTF-8 ({@link org.observer.logs.Utf8}) by the same pass that reads their JSON.
 */
package org.observer.logs;
