/**
 * The benchmark harness: The Observer's storage engine beside Apache Lucene 9.12.3 on the same log
 * lines in the same run. {@link org.observer.bench.BenchMain} runs a one-pass size measurement and
 * a replay (indexing speed, then a seeded query set with hit counts checked between the engines)
 * and prints one JSON line last. Engines are used as libraries: no server, HTTP or Kafka.
 */
package org.observer.bench;
