namespace SharpPrune.Models;

/// <summary>
/// Rotary-frequency scaling from <c>rope_scaling</c> (transformers 4) or <c>rope_parameters</c>
/// (transformers 5). Only the kinds we implement exactly are representable; others are refused
/// when the config is read.
/// </summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFreqFactor = 1,
    double HighFreqFactor = 4,
    int OriginalMaxPositions = 8192)
{
    public const string Linear = "linear";
    public const string Llama3 = "llama3";
}
