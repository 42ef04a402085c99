package org.observer.web.security;

import org.observer.api.AuditLog;
import org.observer.api.Caller;
import org.observer.api.ForbiddenException;
import org.observer.api.IndexInfo;
import org.observer.api.IndexService;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;
import org.observer.api.Privilege;
import org.observer.api.RecoveryService;
import org.observer.api.SearchRequest;
import org.observer.api.SearchService;
import org.observer.api.SnapshotInfo;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a caller may do, checked where a request is handled (the APIs through {@link RequestAccess},
 * the console through its session). A refusal is a {@link ForbiddenException} naming the caller
 * and what it lacks.
 */
public final class Access {

    private final Caller caller;

    public Access(Caller caller) {
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    /** Ingest into {@code index}. */
    public void requireWrite(String index) {
        require(Privilege.WRITE, index);
    }

    /** Close, open, compact, snapshot, restore or delete {@code index}. */
    public void requireManage(String index) {
        require(Privilege.MANAGE, index);
    }

    /** See {@code index} (its figures, mappings and history). */
    public void requireRead(String index) {
        require(Privilege.READ, index);
    }

    public boolean mayRead(String index) {
        return caller.may(Privilege.READ, index);
    }

    public boolean mayWrite(String index) {
        return caller.may(Privilege.WRITE, index);
    }

    public boolean mayManage(String index) {
        return caller.may(Privilege.MANAGE, index);
    }

    /** True if some index may be managed: who may manage none is shown no actions. */
    public boolean mayManageSome() {
        return caller.mayAny(Privilege.MANAGE);
    }

    public boolean isAdmin() {
        return caller.isAdmin();
    }

    /** Security and cluster administration. */
    public void requireAdmin() {
        if (!caller.isAdmin()) {
            throw new ForbiddenException(describeCaller() + " may not administer security or the cluster: that needs the admin role");
        }
    }

    /**
     * {@code search} over only what the caller may read: prefixes silently narrowed (as
     * Elasticsearch does), an explicitly named index it may not read refused.
     */
    public SearchRequest readable(SearchRequest search) {
        if (caller.isAdmin() || search.index() == null) {
            return search;
        }
        String forbidden = caller.forbidden(search.index(), Privilege.READ);
        if (forbidden != null) {
            throw denied(Privilege.READ, forbidden);
        }
        return search.readableOnly(caller.readable(search.index()));
    }

    /** An oplog entry of {@code index} ("" for the node's and security's own, which only an admin sees). */
    public boolean maySeeOplogOf(String index) {
        return caller.isAdmin() || (!index.isEmpty() && mayRead(index));
    }

    /** "the user [name]" or "the API key [name]", for messages. */
    public String describeCaller() {
        return (caller.kind().equals("api_key") ? "the API key " : "the user ") + "[" + caller.name() + "]";
    }

    private void require(Privilege privilege, String index) {
        if (!caller.may(privilege, index)) {
            throw denied(privilege, index);
        }
    }

    private ForbiddenException denied(Privilege privilege, String index) {
        return new ForbiddenException(describeCaller() + " may not " + privilege.label() + " index [" + index
                + "]: no role of it grants " + privilege.label() + " on it");
    }

    // The engine's services as this caller may use them: what the console's views are given.

    /** Searches over only what the caller may read. */
    public SearchService searches(SearchService engine) {
        return request -> engine.search(readable(request));
    }

    /**
     * Indexes the caller may read listed and seen; actions on those it may manage, each recorded in
     * {@code audit} with who asked for it and whether it failed.
     */
    public IndexService indexes(IndexService engine, AuditLog audit) {
        return new IndexService() {
            @Override
            public List<IndexInfo> list() {
                return engine.list().stream().filter(i -> mayRead(i.name())).toList();
            }

            @Override
            public IndexInfo get(String name) {
                requireRead(name);
                return engine.get(name);
            }

            @Override
            public IndexInfo close(String name) {
                return managed(audit, name, "close", () -> engine.close(name));
            }

            @Override
            public IndexInfo open(String name) {
                return managed(audit, name, "open", () -> engine.open(name));
            }

            @Override
            public IndexInfo compact(String name) {
                return managed(audit, name, "compact", () -> engine.compact(name));
            }

            @Override
            public void delete(String name) {
                managed(audit, name, "delete", () -> {
                    engine.delete(name);
                    return null;
                });
            }

            @Override
            public SnapshotInfo snapshot(String name) {
                return managed(audit, name, "snapshot", () -> engine.snapshot(name));
            }

            @Override
            public List<SnapshotInfo> snapshots(String name) {
                requireRead(name);
                return engine.snapshots(name);
            }
        };
    }

    public RecoveryService recovery(RecoveryService engine, AuditLog audit) {
        return (index, snapshot) -> managed(audit, index, "restore from snapshot " + snapshot,
                () -> engine.restore(index, snapshot));
    }

    /** Refuses {@code action} on {@code index} unless the caller may manage it, and records a refusal. */
    public void requireManage(String index, String action, AuditLog audit) {
        try {
            requireManage(index);
        } catch (ForbiddenException e) {
            audit.requested(index, action, describeCaller(), e.getMessage());
            throw e;
        }
    }

    /** Runs a manage action if the caller may take it, and records who asked for it (refused too). */
    private <T> T managed(AuditLog audit, String index, String action, Supplier<T> run) {
        T result;
        try {
            requireManage(index);
            result = run.get();
        } catch (RuntimeException e) {
            audit.requested(index, action, describeCaller(), String.valueOf(e.getMessage()));
            throw e;
        }
        audit.requested(index, action, describeCaller(), null);
        return result;
    }

    /** The entries of the indexes the caller may read (all, for an admin). */
    public OplogService oplog(OplogService engine) {
        return (index, from, to, size) -> {
            if (index != null) {
                requireRead(index);
            }
            return engine.read(index, from, to, size).stream().filter((OplogEntry e) -> maySeeOplogOf(e.index())).toList();
        };
    }
}
