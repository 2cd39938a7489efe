namespace SharpPrune.Calibration;

/// <summary>Where one calibration sample was cut from: the documents it covers and its first token's offset in the first of them.</summary>
public sealed record CalibrationWindow(IReadOnlyList<string> DocumentIds, int Start);
