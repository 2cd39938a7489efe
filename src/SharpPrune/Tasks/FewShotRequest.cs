namespace SharpPrune.Tasks;

/// <summary>What a run asks of few-shot prompting (eval's --fewshot / --fewshot-seed, a suite's "fewshot" / "fewshot_seed"); null keeps the task's own setting.</summary>
/// <param name="K">Examples before every prompt.</param>
public sealed record FewShotRequest(int? K = null, int? Seed = null);
