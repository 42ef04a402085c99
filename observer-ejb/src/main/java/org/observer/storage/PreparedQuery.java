package org.observer.storage;

import java.util.List;

import org.observer.query.Plan;

/**
 * A search as every chunk and the segment run it: the plan, its AND-of-terms form when it has one
 * (the fast path, see {@link TermKeys#clausesOf}), how documents were analyzed (to verify phrases)
 * and what to aggregate (null: nothing).
 */
record PreparedQuery(Plan plan, List<TermKeys.Clause> clauses, PlanMatcher.Analysis analysis, Aggregation aggregation) {
}
