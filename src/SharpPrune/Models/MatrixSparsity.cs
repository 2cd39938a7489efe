namespace SharpPrune.Models;

/// <summary>One decoder-layer weight matrix: its full name, shape [out, in] and zero fraction.</summary>
public sealed record MatrixSparsity(string Name, long[] Shape, double Sparsity);
