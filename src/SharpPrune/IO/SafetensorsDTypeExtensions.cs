using TorchSharp;

namespace SharpPrune.IO;

/// <summary>Sizes of <see cref="SafetensorsDType"/> and its correspondence with TorchSharp's scalar types.</summary>
public static class SafetensorsDTypeExtensions
{
    extension(SafetensorsDType dtype)
    {
        /// <summary>Bytes per element.</summary>
        public int ElementSize => dtype switch
        {
            SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
            SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
            SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
            SafetensorsDType.I8 or SafetensorsDType.U8 or SafetensorsDType.BOOL => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };

        public torch.ScalarType ScalarType => dtype switch
        {
            SafetensorsDType.F64 => torch.ScalarType.Float64,
            SafetensorsDType.F32 => torch.ScalarType.Float32,
            SafetensorsDType.F16 => torch.ScalarType.Float16,
            SafetensorsDType.BF16 => torch.ScalarType.BFloat16,
            SafetensorsDType.I64 => torch.ScalarType.Int64,
            SafetensorsDType.I32 => torch.ScalarType.Int32,
            SafetensorsDType.I16 => torch.ScalarType.Int16,
            SafetensorsDType.I8 => torch.ScalarType.Int8,
            SafetensorsDType.U8 => torch.ScalarType.Byte,
            SafetensorsDType.BOOL => torch.ScalarType.Bool,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };
    }

    extension(SafetensorsDType)
    {
        /// <summary>
        /// The dtype a header string names, or null for one SharpPrune does not know. An explicit
        /// table rather than <c>Enum.TryParse</c>, which would also accept "3" or "f32".
        /// </summary>
        public static SafetensorsDType? FromName(string name) => name switch
        {
            "F64" => SafetensorsDType.F64,
            "F32" => SafetensorsDType.F32,
            "F16" => SafetensorsDType.F16,
            "BF16" => SafetensorsDType.BF16,
            "I64" => SafetensorsDType.I64,
            "I32" => SafetensorsDType.I32,
            "I16" => SafetensorsDType.I16,
            "I8" => SafetensorsDType.I8,
            "U8" => SafetensorsDType.U8,
            "BOOL" => SafetensorsDType.BOOL,
            _ => null,
        };

        /// <summary>The dtype that stores a tensor of <paramref name="type"/>, or null if there is none.</summary>
        public static SafetensorsDType? FromScalarType(torch.ScalarType type) => type switch
        {
            torch.ScalarType.Float64 => SafetensorsDType.F64,
            torch.ScalarType.Float32 => SafetensorsDType.F32,
            torch.ScalarType.Float16 => SafetensorsDType.F16,
            torch.ScalarType.BFloat16 => SafetensorsDType.BF16,
            torch.ScalarType.Int64 => SafetensorsDType.I64,
            torch.ScalarType.Int32 => SafetensorsDType.I32,
            torch.ScalarType.Int16 => SafetensorsDType.I16,
            torch.ScalarType.Int8 => SafetensorsDType.I8,
            torch.ScalarType.Byte => SafetensorsDType.U8,
            torch.ScalarType.Bool => SafetensorsDType.BOOL,
            _ => null,
        };
    }
}
