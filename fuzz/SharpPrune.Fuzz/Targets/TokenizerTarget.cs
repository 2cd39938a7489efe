using SharpPrune.Text;

namespace SharpPrune.Fuzz.Targets;

/// <summary>
/// A tokenizer folder (tokenizer.json or tokenizer.model, tokenizer_config.json, generation_config.json,
/// config.json) given as a <see cref="FuzzBundle"/>. Loading builds the tokenizer; a short encode and
/// decode then exercise what was built, since a bad pattern or vocabulary may only fail on first use.
/// </summary>
public sealed class TokenizerTarget : IFuzzTarget
{
    const string Sample = "Hello world, it's 2024! <s> Ünïcödé ▁text\n\t end</s>";

    public string Name => "tokenizer";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Decode(input);

    public byte[] Input(FuzzBundle files) => files.Encode();

    public void Run(string folder)
    {
        var tokenizer = TextTokenizer.Load(folder);
        tokenizer.Decode(tokenizer.Encode(Sample));
    }
}
