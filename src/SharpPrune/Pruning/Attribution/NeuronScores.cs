namespace SharpPrune.Pruning.Attribution;

/// <summary>One score per FFN neuron per layer (the mean over examples), and the candidate each example explained.</summary>
/// <param name="Targets">Per example id, the candidate index F was taken on; empty for scores that use no target.</param>
public sealed record NeuronScores(IReadOnlyList<double[]> PerLayer, IReadOnlyList<(string Id, int Target)> Targets);
