package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.RetentionService;
import org.observer.api.TemplateService;
import org.observer.config.ObserverConfig;
import org.observer.config.RetentionRules;

/**
 * The retention in force: {@code OBSERVER_RETENTION}'s named patterns, then the ILM delete phases
 * clients attached to index patterns ({@link IlmRetention}), then the setting's {@code *}.
 */
@ApplicationScoped
public class IndexRetention implements RetentionService {

    @Inject
    ObserverConfig config;

    @Inject
    TemplateService templates;

    @Override
    public RetentionRules current() {
        return config.retention().with(IlmRetention.rules(templates.all()));
    }
}
