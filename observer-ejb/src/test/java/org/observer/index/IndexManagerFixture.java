package org.observer.index;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;

import org.observer.analysis.FieldTypes;
import org.observer.api.OplogAction;
import org.observer.config.ObserverConfig;
import org.observer.oplog.Oplog;

/**
 * An {@link IndexManager} started on a real data directory, outside a container, with what the
 * container would inject in its place: the directories under {@code data}, the default field
 * types, an oplog and a rebuild event that record what they are given. {@link #close()} stops it.
 */
final class IndexManagerFixture implements AutoCloseable {

    final IndexManager manager;
    /** Every oplog entry as {@code "ACTION index"}, in order. */
    final List<String> recorded = new ArrayList<>();
    /** Every oplog entry as {@code "ACTION index: detail"}, in order. */
    final List<String> details = new ArrayList<>();
    /** The rebuilds asked for: the {@link IndexDamaged} events fired. */
    final List<IndexDamaged> rebuildsAsked = new ArrayList<>();

    private IndexManagerFixture(Path data) {
        manager = new IndexManager();
        manager.config = new ObserverConfig() {
            @Override
            public Path indexesDir() {
                return data.resolve("indexes");
            }

            @Override
            public Path quarantineDir() {
                return data.resolve("quarantine");
            }

            @Override
            public Path snapshotsDir() {
                return data.resolve("snapshots");
            }

            @Override
            public FieldTypes fieldTypes(String index) {
                return FieldTypes.DEFAULT;
            }
        };
        manager.oplog = new Oplog() {
            @Override
            public void record(OplogAction action, String index, Integer partition, Long fromOffset, Long toOffset,
                               Long documents, String detail) {
                recorded.add(action + " " + index);
                details.add(action + " " + index + ": " + detail);
            }
        };
        manager.damaged = new RecordingEvent(rebuildsAsked);
    }

    /** A manager on {@code data} (the indexes it finds there loaded as at a node's start). */
    static IndexManagerFixture start(Path data) {
        IndexManagerFixture fixture = new IndexManagerFixture(data);
        fixture.manager.start();
        return fixture;
    }

    @Override
    public void close() {
        manager.stop();
    }

    /** The CDI event of a rebuild request, recorded (the container's Event is not here). */
    private record RecordingEvent(List<IndexDamaged> fired) implements Event<IndexDamaged> {
        @Override
        public void fire(IndexDamaged event) {
            fired.add(event);
        }

        @Override
        public <U extends IndexDamaged> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends IndexDamaged> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<IndexDamaged> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends IndexDamaged> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends IndexDamaged> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
