namespace SharpPrune.Training;

/// <summary>Linear warm-up to the peak learning rate, then cosine decay to <c>MinRatio</c> × peak at the last step.</summary>
public sealed record CosineSchedule(double Peak, int TotalSteps, int WarmupSteps, double MinRatio)
{
    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        double progress = TotalSteps <= WarmupSteps + 1 ? 1 : (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps - 1);
        return Peak * (MinRatio + (1 - MinRatio) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress))));
    }
}
