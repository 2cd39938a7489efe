namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// Stage 2's learning rate, as the released D-Pruner computes it (LOMO's LearningRateScheduler, "linear"): the
/// trainer counts steps from 1, so with progress p = (step + 1) / T the rate is Peak·p/w while p &lt; w and
/// Peak·(1 − p)/(1 − w) after. The first step therefore runs at Peak/(w·T), not 0, and the last at 0 — one step later
/// than transformers' get_linear_schedule_with_warmup, which starts at 0 and ends at Peak/(T − W).
/// </summary>
public sealed record LinearSchedule(double Peak, int TotalSteps, double WarmupFraction)
{
    public double At(int step)
    {
        // max(2, T) as released: a one-step run would otherwise divide by a zero-length decay.
        double progress = (step + 1) / (double)Math.Max(2, TotalSteps);
        return progress < WarmupFraction
            ? Peak * progress / WarmupFraction
            : Peak * Math.Max(0.0, (1 - progress) / (1 - WarmupFraction));
    }
}
