namespace SharpPrune.Training;

/// <summary>What one optimizer step reports: its 1-based number, mean loss, gradient norm before clipping, learning rate, tokens/s.</summary>
public sealed record TrainingStep(int Step, int TotalSteps, double Loss, double GradientNorm, double LearningRate, long Tokens, double TokensPerSecond);
