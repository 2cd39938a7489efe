namespace SharpPrune.Pruning;

/// <summary>Which entries of a weight matrix [out, in] a method may set to zero.</summary>
public abstract record SparsityPattern
{
    /// <summary>Parses "unstructured" or "N:M" (e.g. "2:4").</summary>
    public static SparsityPattern Parse(string pattern, double sparsity, PruningScope scope)
    {
        if (pattern == "unstructured")
        {
            if (!(sparsity > 0 && sparsity < 1)) throw new SharpPruneException($"--sparsity must be in (0, 1), not {sparsity}");
            return new UnstructuredPattern(sparsity, scope);
        }
        var parts = pattern.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out int n) && int.TryParse(parts[1], out int m))
        {
            if (n < 1 || m < 2 || n >= m) throw new SharpPruneException($"--pattern {pattern}: N:M needs 1 ≤ N < M");
            return new NmPattern(n, m);
        }
        throw new SharpPruneException($"--pattern must be 'unstructured' or N:M such as 2:4, not '{pattern}'");
    }
}

/// <summary>A fraction of zeros, counted per row, per matrix or over all pruned matrices.</summary>
public sealed record UnstructuredPattern(double Sparsity, PruningScope Scope) : SparsityPattern
{
    public override string ToString() => $"unstructured {Sparsity:0.###} per {Scope.ToString().ToLowerInvariant()}";
}

/// <summary>In each row, within every group of M consecutive inputs, at most N non-zeros (at least M−N zeros).</summary>
public sealed record NmPattern(int N, int M) : SparsityPattern
{
    public double Sparsity => (double)(M - N) / M;

    public override string ToString() => $"{N}:{M}";
}

/// <summary>Exactly the zeros of a mask given with the weights (reconstruction of a mask chosen elsewhere).</summary>
public sealed record FixedMaskPattern : SparsityPattern
{
    public override string ToString() => "fixed mask";
}

/// <summary>Where an unstructured sparsity is enforced.</summary>
public enum PruningScope
{
    Row,
    Matrix,
    Global,
}
