namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// One score per FFN neuron and, when heads were scored, per query head, per layer (the mean over examples), and the
/// candidate each example explained.
/// </summary>
/// <param name="Heads">Per layer, one score per query head; null when heads were not scored.</param>
/// <param name="Targets">Per example id, the candidate index F was taken on; empty for scores that use no target.</param>
public sealed record UnitScores(IReadOnlyList<double[]> Neurons, IReadOnlyList<double[]>? Heads, IReadOnlyList<(string Id, int Target)> Targets);
