using System.Text.RegularExpressions;
using SharpPrune.Models;
using TorchSharp.Modules;

namespace SharpPrune.Pruning;

/// <summary>
/// Which decoder-layer linears a run prunes, by glob over their full names without ".weight"
/// ("model.layers.3.self_attn.q_proj"; <c>*</c> any run of characters, <c>?</c> one). Default:
/// every decoder-layer linear. Embeddings, norms and the LM head are never candidates.
/// </summary>
public sealed class LinearSelection
{
    readonly Regex[] include;
    readonly Regex[] exclude;

    public LinearSelection(IReadOnlyList<string> includeGlobs, IReadOnlyList<string> excludeGlobs)
    {
        Include = includeGlobs.Count == 0 ? ["*"] : includeGlobs;
        Exclude = excludeGlobs;
        include = Include.Select(ToRegex).ToArray();
        exclude = Exclude.Select(ToRegex).ToArray();
    }

    public static LinearSelection All { get; } = new([], []);

    public IReadOnlyList<string> Include { get; }
    public IReadOnlyList<string> Exclude { get; }

    public bool Selects(string name) => include.Any(r => r.IsMatch(name)) && !exclude.Any(r => r.IsMatch(name));

    /// <summary>The selected linears of a model, in layer order; every glob must match at least one linear.</summary>
    public IReadOnlyList<NamedLinear> In(CausalLM model)
    {
        var all = model.NamedLinears();
        foreach (var (glob, regex) in Include.Zip(include).Concat(Exclude.Zip(exclude)))
            if (!all.Any(l => regex.IsMatch(l.Name)))
                throw new SharpPruneException($"glob '{glob}' matches no linear (names look like '{all[0].Name}')");
        var selected = all.Where(l => Selects(l.Name)).ToList();
        if (selected.Count == 0) throw new SharpPruneException("--include/--exclude leave no linear to prune");
        return selected;
    }

    static Regex ToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
}
