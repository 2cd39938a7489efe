using System.Text.Json;

namespace SharpPrune.Fuzz.Mutation;

/// <summary>
/// Where one JSON value lies in the raw bytes: [Start, End). For an object member, PropertyStart is
/// where its quoted name begins, so the whole member is [PropertyStart, End); -1 for array items and the root.
/// </summary>
public readonly record struct JsonSpan(int Start, int End, JsonTokenType Kind, int PropertyStart);
