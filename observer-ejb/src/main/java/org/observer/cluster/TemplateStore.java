package org.observer.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Local;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.observer.api.TemplateService;
import org.observer.config.ObserverConfig;

import java.util.Map;
import java.util.logging.Logger;

/**
 * The index templates, ILM policies and ingest pipelines clients installed through the
 * Elasticsearch-compatible API, by {@code kind/name}, shared by every node through the compacted
 * topic {@code observer.templates} ({@link CompactedMap}).
 */
@Singleton
@Startup
@Local(TemplateService.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class TemplateStore implements TemplateService {

    private static final Logger LOG = Logger.getLogger(TemplateStore.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    private CompactedMap installed;

    @PostConstruct
    void start() {
        installed = new CompactedMap(config, ObserverConfig.TEMPLATES_TOPIC, "observer-templates", LOG, key -> {
        });
        installed.start(threads);
    }

    @PreDestroy
    void stop() {
        installed.stop();
    }

    @Override
    public String get(String key) {
        return installed.get(key);
    }

    @Override
    public Map<String, String> all() {
        return installed.all();
    }

    @Override
    public void put(String key, String body) {
        installed.put(key, body);
    }

    @Override
    public boolean remove(String key) {
        if (get(key) == null) {
            return false;
        }
        installed.put(key, null);
        return true;
    }
}
