package org.observer.web.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.observer.api.AuditLog;
import org.observer.api.Caller;
import org.observer.api.IndexService;
import org.observer.api.RecoveryService;
import org.observer.api.SearchRequest;


/** The {@link Access} of the caller of the HTTP request being handled (left in it by {@link ObserverAuthentication}). */
@RequestScoped
public class CallerAccess {

    @Inject
    HttpServletRequest request;

    @Inject
    AuditLog audit;

    public Caller caller() {
        return request.getAttribute(ObserverAuthentication.CALLER) instanceof Caller known ? known : Caller.NOBODY;
    }

    private Access access() {
        return new Access(caller());
    }

    /** {@code engine} as the caller may use it: manage actions checked and recorded with who asked. */
    public IndexService indexes(IndexService engine) {
        return access().indexes(engine, audit);
    }

    /** {@code engine} as the caller may use it: restores checked and recorded with who asked. */
    public RecoveryService recovery(RecoveryService engine) {
        return access().recovery(engine, audit);
    }

    public void requireWrite(String index) {
        access().requireWrite(index);
    }

    public void requireManage(String index) {
        access().requireManage(index);
    }

    /** As {@link #requireManage(String)}, with a refusal of {@code action} recorded in the oplog. */
    public void requireManage(String index, String action) {
        access().requireManage(index, action, audit);
    }

    public void requireRead(String index) {
        access().requireRead(index);
    }

    public void requireAdmin() {
        access().requireAdmin();
    }

    public boolean mayRead(String index) {
        return access().mayRead(index);
    }

    public boolean mayWrite(String index) {
        return access().mayWrite(index);
    }

    public boolean isAdmin() {
        return access().isAdmin();
    }

    public SearchRequest readable(SearchRequest search) {
        return access().readable(search);
    }

    public boolean maySeeOplogOf(String index) {
        return access().maySeeOplogOf(index);
    }

    public String describeCaller() {
        return access().describeCaller();
    }
}
