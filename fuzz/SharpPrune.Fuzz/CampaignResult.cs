namespace SharpPrune.Fuzz;

/// <param name="Crashes">Distinct crashes (by exception type and throwing frame), not crashing executions.</param>
public sealed record CampaignResult(string Target, long Executions, long Accepted, long Rejected, int Crashes, int Hangs, int BigAllocations, TimeSpan Elapsed);
