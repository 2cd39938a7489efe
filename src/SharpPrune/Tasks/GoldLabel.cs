using System.Text.Json;

namespace SharpPrune.Tasks;

/// <summary>
/// Which candidate a row's label names. With a label map the label's text (JSON booleans as "true"/"false", numbers
/// as written) is looked up in it; otherwise the label is a key of the candidates' object (a letter "B" of
/// MedQA-style options), else a candidate index (a number or numeric string), else a candidate's text (compared
/// without surrounding whitespace).
/// </summary>
internal static class GoldLabel
{
    public static int Of(JsonElement label, IReadOnlyList<string> candidates, IReadOnlyList<string>? keys,
        IReadOnlyDictionary<string, int>? map, string where)
    {
        string text = FieldPath.Text(label, $"{where}: the label");
        if (map is not null)
        {
            if (!map.TryGetValue(text, out int mapped))
                throw new SharpPruneException($"{where}: label \"{text}\" is not in \"label_map\" (keys: {string.Join(", ", map.Keys)})");
            return mapped < candidates.Count ? mapped
                : throw new SharpPruneException($"{where}: label \"{text}\" maps to candidate {mapped}, but the row has {candidates.Count} candidates");
        }
        if (keys?.ToList().IndexOf(text) is int key and >= 0) return key;
        int index = int.TryParse(text, out int i) ? i : candidates.Select(c => c.Trim()).ToList().IndexOf(text.Trim());
        return index >= 0 && index < candidates.Count ? index
            : throw new SharpPruneException($"{where}: label \"{text}\" is neither a candidate index below {candidates.Count}"
                + (keys is null ? "" : ", a key of the candidates' object") + " nor a candidate's text (\"label_map\" maps labels to candidates)");
    }
}
