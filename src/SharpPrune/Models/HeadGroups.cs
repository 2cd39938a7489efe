namespace SharpPrune.Models;

/// <summary>
/// Index arithmetic over attention heads. KV head g serves query heads g·q … g·q + q − 1 (q = heads / kvHeads), the
/// order <see cref="CausalSelfAttention"/> repeats k and v in; multi-head attention is the case q = 1.
/// </summary>
public static class HeadGroups
{
    /// <summary>The query heads the given KV groups serve, in the groups' order.</summary>
    public static IEnumerable<long> QueryHeads(IEnumerable<long> groups, int queriesPerGroup) =>
        groups.SelectMany(g => Enumerable.Range(0, queriesPerGroup).Select(j => g * queriesPerGroup + j));

    /// <summary>Rows (or columns) of the given heads in a block laid out head after head, <paramref name="size"/> each, from <paramref name="offset"/>.</summary>
    public static IEnumerable<long> Rows(IEnumerable<long> heads, int size, long offset = 0) =>
        heads.SelectMany(h => Enumerable.Range(0, size).Select(d => offset + h * size + d));
}
