namespace SharpPrune.Pruning;

/// <summary>One pruned matrix: how many entries the method zeroed, and the zero fraction after pruning.</summary>
public sealed record MatrixResult(string Name, long[] Shape, long Pruned, double Sparsity);
