using System.Text;
using Microsoft.ML.Tokenizers;

namespace SharpPrune.Text;

/// <summary>
/// What a byte-level tokenizer.json does to text before splitting it: an optional Unicode normalization form
/// (GPT-NeoX/Pythia ask for NFC) and ByteLevel's <c>add_prefix_space</c>, which makes a leading word look mid-sentence.
/// </summary>
internal sealed class ByteLevelNormalizer(NormalizationForm? form, bool addPrefixSpace) : Normalizer
{
    public override string Normalize(string original)
    {
        // Under InvariantGlobalization .NET leaves non-ASCII text unnormalized; input that is already in the
        // requested form (the usual case for NFC) tokenizes the same either way.
        string text = form is { } f ? original.Normalize(f) : original;
        return addPrefixSpace && text.Length > 0 && text[0] != ' ' ? " " + text : text;
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
