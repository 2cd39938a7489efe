namespace SharpPrune.Text;

/// <summary>
/// The ML.Tokenizers-backed part of a tokenizer: encodes text that holds no added tokens (those are split out first,
/// as Hugging Face does) and decodes ids back to text.
/// </summary>
internal interface ISegmentTokenizer
{
    /// <param name="atTextStart">Whether the segment begins the whole text (Metaspace's "first" prefix scheme needs it).</param>
    IReadOnlyList<int> Encode(string segment, bool atTextStart);

    string Decode(IEnumerable<int> ids);
}
