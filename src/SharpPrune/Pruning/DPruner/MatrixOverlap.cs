namespace SharpPrune.Pruning.DPruner;

/// <summary>Per matrix, how much the dual mask shares with the general-only (G) and the domain-only mask.</summary>
public sealed record MatrixOverlap(string Name, double JaccardWithGeneral, double JaccardWithDomainOnly);
