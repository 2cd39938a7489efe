namespace SharpPrune.Comparison;

/// <summary>A model's value in one column of the comparison and its standard error (null where none is known).</summary>
public readonly record struct Measurement(double Value, double? StandardError);
