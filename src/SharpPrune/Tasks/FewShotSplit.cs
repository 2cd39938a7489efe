namespace SharpPrune.Tasks;

/// <summary>A task spec's few-shot source: the file of another split and how many examples to draw from it by default.</summary>
/// <param name="Data">The JSON-lines file the shots come from (never the evaluated one).</param>
/// <param name="K">Examples before every prompt when neither --fewshot nor a suite says; 0 for zero-shot.</param>
public sealed record FewShotSplit(string Data, int K = 0, int Seed = FewShot.DefaultSeed, string Separator = FewShot.DefaultSeparator);
