namespace SharpPrune.Pruning.DPruner;

/// <summary>Linear warm-up from 0 to the peak over the first steps, then linear decay to 0 (transformers' linear schedule).</summary>
public sealed record LinearSchedule(double Peak, int TotalSteps, int WarmupSteps)
{
    public double At(int step) => step < WarmupSteps
        ? Peak * (step + 1) / WarmupSteps
        : Peak * Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps));
}
