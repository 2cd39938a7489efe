namespace SharpPrune.Calibration;

/// <summary>What a run's calibration data was, for the recipe: the source's hash and every window's origin.</summary>
public sealed record CalibrationRecord(string SourceSha256, bool Concatenated, IReadOnlyList<CalibrationWindow> Windows);
