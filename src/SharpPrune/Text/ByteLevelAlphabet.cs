namespace SharpPrune.Text;

/// <summary>
/// GPT-2's byte-to-character table: every byte becomes a printable character, so byte-level BPE tokens are
/// ordinary strings in tokenizer.json (space is "Ġ", newline "Ċ"). Printable Latin-1 bytes map to themselves;
/// the rest take the characters from U+0100 on, in byte order.
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] CharOf = Build();

    static char[] Build()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = CharOf[bytes[i]];
        return new string(chars);
    }
}
