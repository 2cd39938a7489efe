using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>A task column's own facts, the same for every model: how many examples it scores and the chance level.</summary>
/// <param name="Chance">Null for a task without labels.</param>
public sealed record ComparedTask(int Examples, ChanceLevel? Chance);
