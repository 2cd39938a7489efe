namespace SharpPrune.Export;

/// <summary>
/// One GGUF metadata value: a scalar, a string, or an array of one element type. <see cref="Value"/> holds the
/// CLR value (uint, int, float, bool, string, ulong, ...; an array as <see cref="IReadOnlyList{T}"/> of those).
/// </summary>
public sealed record GgufValue(GgufValueType Type, object Value, GgufValueType ElementType = GgufValueType.UInt8)
{
    public static GgufValue Of(string value) => new(GgufValueType.String, value);

    public static GgufValue Of(uint value) => new(GgufValueType.UInt32, value);

    public static GgufValue Of(int value) => new(GgufValueType.Int32, value);

    public static GgufValue Of(float value) => new(GgufValueType.Float32, value);

    public static GgufValue Of(bool value) => new(GgufValueType.Bool, value);

    public static GgufValue Strings(IReadOnlyList<string> values) => new(GgufValueType.Array, values, GgufValueType.String);

    public static GgufValue Floats(IReadOnlyList<float> values) => new(GgufValueType.Array, values, GgufValueType.Float32);

    public static GgufValue Ints(IReadOnlyList<int> values) => new(GgufValueType.Array, values, GgufValueType.Int32);
}
