package org.observer.web.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import org.observer.api.IndexService;
import org.observer.api.RecoveryService;
import org.observer.api.SnapshotInfo;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the console can do to an index, each run through the services with its outcome told in a
 * notification (an error's message, never a stack trace). Delete and restore throw data away, so
 * they ask first. {@code afterChange} runs after every attempt, so views show the state as it is.
 */
final class IndexActions {

    private final IndexService indexes;
    private final RecoveryService recovery;
    private final Runnable afterChange;

    IndexActions(IndexService indexes, RecoveryService recovery, Runnable afterChange) {
        this.indexes = indexes;
        this.recovery = recovery;
        this.afterChange = afterChange;
    }

    void close(String index) {
        run("Closing " + index, () -> indexes.close(index).name() + " is closed");
    }

    void open(String index) {
        run("Opening " + index, () -> indexes.open(index).name() + " is open");
    }

    void compact(String index) {
        run("Compacting " + index, () -> indexes.compact(index).name() + " is compacted");
    }

    void snapshot(String index) {
        run("Snapshotting " + index, () -> "Snapshot " + indexes.snapshot(index).snapshot() + " of " + index + " taken");
    }

    void confirmDelete(String index) {
        confirm("Delete " + index + "?", "Its logs and files are removed on every node. Snapshots are kept.",
                "Delete", () -> run("Deleting " + index, () -> {
                    indexes.delete(index);
                    return index + " is deleted";
                }));
    }

    /** Restores {@code snapshot}, or the newest one when null (as {@code POST _restore} does). */
    void confirmRestore(String index, String snapshot) {
        String chosen = snapshot;
        if (chosen == null) {
            try {
                List<SnapshotInfo> all = indexes.snapshots(index);
                if (all.isEmpty()) {
                    notify(index + " has no snapshot: take one first", true);
                    return;
                }
                chosen = all.get(all.size() - 1).snapshot();
            } catch (RuntimeException e) {
                notify(ConsoleErrors.message("Listing snapshots of " + index, e), true);
                return;
            }
        }
        String name = chosen;
        confirm("Restore " + index + " from " + name + "?",
                "The index is replaced by the snapshot, then caught up from Kafka; what it holds now is thrown away.",
                "Restore", () -> run("Restoring " + index, () -> {
                    recovery.restore(index, name);
                    return index + " is restored from " + name;
                }));
    }

    private void run(String what, Supplier<String> action) {
        try {
            notify(action.get(), false);
        } catch (RuntimeException e) {
            notify(ConsoleErrors.message(what, e), true);
        }
        afterChange.run();
    }

    private static void confirm(String header, String text, String verb, Runnable action) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("confirm-dialog");
        dialog.setHeader(header);
        dialog.setText(text);
        // own buttons: ids for tests, and the destructive one styled as such
        Button yes = new Button(verb, e -> {
            dialog.close();
            action.run();
        });
        yes.setId("confirm");
        yes.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        Button no = new Button("Cancel", e -> dialog.close());
        no.setId("cancel");
        dialog.setConfirmButton(yes);
        dialog.setCancelable(true);
        dialog.setCancelButton(no);
        dialog.open();
    }

    private static void notify(String message, boolean error) {
        if (error) {
            ConsoleErrors.notify(message);
            return;
        }
        Notification done = new Notification(message, 3000, Notification.Position.BOTTOM_START);
        done.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        done.open();
    }
}
