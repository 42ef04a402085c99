/**
 * Query evaluation shared by the active segment and sealed chunks: a prepared query, its
 * AND-of-terms fast path ({@code TermKeys}), the plan and document matchers over shapes and
 * lists, and the candidates the hit list is chosen from. Segments and chunks implement the views
 * it reads ({@code Shapes}, {@code PlanMatcher.Source}, {@code Candidate.Chunk}); it imports
 * neither.
 */
package org.observer.storage.search;
