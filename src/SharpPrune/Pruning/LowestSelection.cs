namespace SharpPrune.Pruning;

/// <summary>
/// The first k entries of a stable ascending sort of one row, found without sorting or copying: the k-th lowest value by a
/// radix selection on order-preserving integer keys (11 bits a pass, each pass counting only the entries still in the
/// running), every entry below it, and of the entries equal to it as many as are still missing, first by position.
/// A pass is a branch-predictable count, where a quickselect's partition on random scores mispredicts and swaps (measured
/// slower than libtorch's kthvalue, which this replaced; bench/RESULTS.md). A long row is counted in chunks in parallel.
/// Values must not be NaN (scores never are: weights and activations pass <see cref="FiniteCheck"/>); −0 and +0 are one
/// value, as they compare equal.
/// </summary>
internal static class LowestSelection
{
    const int DigitBits = 11, Digits = 1 << DigitBits;

    /// <summary>Entries a parallel chunk counts: large enough that a chunk's work dwarfs handing it to a thread.</summary>
    const int ChunkLength = 1 << 17;

    /// <summary>Sets <paramref name="chosen"/>[j] exactly for the <paramref name="k"/> lowest of <paramref name="values"/>, on this thread.</summary>
    public static void Mark<T, TKey>(ReadOnlySpan<T> values, int k, Span<bool> chosen) where TKey : IOrderedKey<T>
    {
        if (k == 0)
        {
            chosen.Clear();
            return;
        }
        Span<int> counts = stackalloc int[Digits];
        ulong prefix = 0;
        int known = TKey.Bits, rank = k;
        while (known > 0)
        {
            int width = Math.Min(DigitBits, known);
            Count<T, TKey>(values, prefix, known, width, counts);
            prefix = Descend(counts, prefix, width, ref rank);
            known -= width;
        }
        Take<T, TKey>(values, prefix, rank, chosen);
    }

    /// <summary>As <see cref="Mark{T, TKey}(ReadOnlySpan{T}, int, Span{bool})"/> for values[start..start+length], its chunks counted in parallel.</summary>
    public static void MarkInParallel<T, TKey>(T[] values, int start, int length, int k, bool[] chosen) where TKey : IOrderedKey<T>
    {
        int chunks = (length + ChunkLength - 1) / ChunkLength;
        if (chunks <= 1 || k == 0)
        {
            Mark<T, TKey>(values.AsSpan(start, length), k, chosen.AsSpan(start, length));
            return;
        }
        Span<E> Chunk<E>(E[] all, int c) => all.AsSpan(start + c * ChunkLength, Math.Min(ChunkLength, length - c * ChunkLength));
        var chunkCounts = new int[chunks * Digits];
        var counts = new int[Digits];
        ulong prefix = 0;
        int known = TKey.Bits, rank = k, lastDigit = 0;
        while (known > 0)
        {
            int width = Math.Min(DigitBits, known);
            Parallel.For(0, chunks, c => Count<T, TKey>(Chunk(values, c), prefix, known, width, chunkCounts.AsSpan(c * Digits, Digits)));
            Array.Clear(counts);
            for (int c = 0; c < chunks; c++)
                for (int d = 0; d < Digits; d++) counts[d] += chunkCounts[c * Digits + d];
            prefix = Descend(counts, prefix, width, ref rank);
            lastDigit = (int)(prefix & ((1UL << width) - 1));
            known -= width;
        }
        // The last pass counted each chunk's entries equal to the threshold: the ties go to the first chunks first.
        var ties = new int[chunks];
        for (int c = 0, left = rank; c < chunks; c++)
        {
            ties[c] = Math.Min(left, chunkCounts[c * Digits + lastDigit]);
            left -= ties[c];
        }
        Parallel.For(0, chunks, c => Take<T, TKey>(Chunk(values, c), prefix, ties[c], Chunk(chosen, c)));
    }

    /// <summary>Counts by their next <paramref name="width"/> key bits the entries whose bits above <paramref name="known"/> are <paramref name="prefix"/>.</summary>
    static void Count<T, TKey>(ReadOnlySpan<T> values, ulong prefix, int known, int width, Span<int> counts) where TKey : IOrderedKey<T>
    {
        counts.Clear();
        int below = known - width;
        ulong digitMask = (1UL << width) - 1;
        bool all = known == TKey.Bits;
        foreach (var v in values)
        {
            ulong key = TKey.Of(v);
            if (all || key >> known == prefix) counts[(int)((key >> below) & digitMask)]++;
        }
    }

    /// <summary>The digit holding the entry of 1-based <paramref name="rank"/>; rank becomes its rank among that digit's entries.</summary>
    static ulong Descend(ReadOnlySpan<int> counts, ulong prefix, int width, ref int rank)
    {
        int digit = 0;
        while (rank > counts[digit]) rank -= counts[digit++];
        return (prefix << width) | (uint)digit;
    }

    /// <summary>Marks the entries below <paramref name="threshold"/> and the first <paramref name="ties"/> equal to it.</summary>
    static void Take<T, TKey>(ReadOnlySpan<T> values, ulong threshold, int ties, Span<bool> chosen) where TKey : IOrderedKey<T>
    {
        for (int j = 0; j < values.Length; j++)
        {
            ulong key = TKey.Of(values[j]);
            chosen[j] = key < threshold || (key == threshold && ties-- > 0);
        }
    }
}

/// <summary>An unsigned key of <see cref="Bits"/> bits whose order is the values' order (−0 and +0 one key).</summary>
internal interface IOrderedKey<T>
{
    static abstract int Bits { get; }
    static abstract ulong Of(T value);
}

internal readonly struct FloatKey : IOrderedKey<float>
{
    public static int Bits => 32;

    // Positive floats order as their bits with the sign bit set; negative ones as the bits inverted.
    public static ulong Of(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value == 0 ? 0f : value);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }
}

internal readonly struct DoubleKey : IOrderedKey<double>
{
    public static int Bits => 64;

    public static ulong Of(double value)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value == 0 ? 0d : value);
        return (bits & 0x8000_0000_0000_0000ul) != 0 ? ~bits : bits | 0x8000_0000_0000_0000ul;
    }
}
