namespace SharpPrune.Fuzz.Mutation;

/// <summary>Format-blind edits: what a bit rot, a cut-off download or a wrong file looks like.</summary>
public static class ByteMutator
{
    static readonly byte[] Interesting = [0x00, 0xFF, 0x7F, 0x80, (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'\n', (byte)'-', (byte)'0', (byte)'9', (byte)'e', 0xC3, 0xED];

    /// <param name="splice">Another seed, for splicing.</param>
    public static byte[] Mutate(byte[] data, Random rng, byte[] splice)
    {
        var bytes = new List<byte>(data);
        switch (rng.Next(7))
        {
            case 0 when bytes.Count > 0:
                var flip = rng.Next(bytes.Count);
                bytes[flip] ^= (byte)(1 << rng.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[rng.Next(bytes.Count)] = rng.Next(2) == 0 ? Interesting[rng.Next(Interesting.Length)] : (byte)rng.Next(256);
                break;
            case 2:
                var insert = Enumerable.Range(0, 1 + rng.Next(8)).Select(_ => Interesting[rng.Next(Interesting.Length)]);
                bytes.InsertRange(rng.Next(bytes.Count + 1), insert);
                break;
            case 3 when bytes.Count > 0:
                var start = rng.Next(bytes.Count);
                bytes.RemoveRange(start, Math.Min(bytes.Count - start, 1 + rng.Next(Math.Max(1, bytes.Count / 8))));
                break;
            case 4 when bytes.Count > 0:
                // Truncation: the most common real-world damage (an interrupted download or copy).
                var keep = rng.Next(bytes.Count);
                bytes.RemoveRange(keep, bytes.Count - keep);
                break;
            case 5 when bytes.Count > 0:
                var from = rng.Next(bytes.Count);
                var length = Math.Min(bytes.Count - from, 1 + rng.Next(64));
                bytes.InsertRange(rng.Next(bytes.Count + 1), bytes.GetRange(from, length));
                break;
            default:
                // Splice: this input's head with another seed's tail.
                var cut = rng.Next(bytes.Count + 1);
                bytes.RemoveRange(cut, bytes.Count - cut);
                bytes.AddRange(splice.Skip(rng.Next(splice.Length + 1)));
                break;
        }
        return bytes.ToArray();
    }
}
