package io.evalstream.aggregator.stats;

/**
 * One comparison of a family after Holm's correction. See {@link Holm}.
 *
 * @param comparison the comparison's key, e.g. adapter and category
 * @param pValue     its own (unadjusted) p-value
 * @param adjusted   the Holm-adjusted p-value, comparable directly with alpha
 * @param survives   whether it stays significant at the family's alpha ({@code adjusted <= alpha})
 */
public record HolmAdjusted<K>(K comparison, double pValue, double adjusted, boolean survives) {
}
