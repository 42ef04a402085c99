package org.observer.storage.search;

import java.util.List;

import org.observer.query.Plan;
import org.observer.storage.Aggregation;

/**
 * A search as every chunk and the segment run it: the plan, its AND-of-terms form when it has one
 * (the fast path, see {@link TermKeys#clausesOf}), how documents were analyzed (to verify phrases)
 * and what to aggregate (null: nothing).
 */
public record PreparedQuery(Plan plan, List<TermKeys.Clause> clauses, PlanMatcher.Analysis analysis, Aggregation aggregation) {
}
