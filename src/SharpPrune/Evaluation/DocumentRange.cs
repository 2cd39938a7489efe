using System.Globalization;

namespace SharpPrune.Evaluation;

/// <summary>
/// A slice of a corpus by position after sorting documents by id (ordinal): "0:0.8" is the first
/// 80 %, "0.8:1" the rest — the calibration/evaluation split rule of our data (e.g. Brown).
/// </summary>
public sealed record DocumentRange(double From, double To)
{
    public static readonly DocumentRange All = new(0, 1);

    public static DocumentRange Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double from)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double to)
            && from >= 0 && from < to && to <= 1)
            return new DocumentRange(from, to);
        throw new SharpPruneException($"document range must be FROM:TO with 0 ≤ FROM < TO ≤ 1 (e.g. 0:0.8), not '{text}'");
    }

    public IReadOnlyList<Document> Of(IReadOnlyList<Document> documents)
    {
        if (this == All) return documents;
        var sorted = documents.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        int start = (int)Math.Floor(From * sorted.Count), end = (int)Math.Floor(To * sorted.Count);
        return sorted.GetRange(start, end - start);
    }

    public override string ToString() => FormattableString.Invariant($"{From}:{To}");
}
