namespace SharpPrune.Export.Tests;

/// <summary>Texts whose token ids llama.cpp must give exactly as SharpPrune does: whitespace runs, tabs, newlines,
/// digits, punctuation, accents, CJK and emoji (byte fallback / byte-level), an empty text.</summary>
static class Texts
{
    public static readonly string[] Tricky =
    [
        "Once upon a time, there was a little girl named Lily.",
        "Hello   world\t\ttabs\nnew line  ",
        "Numbers 1234567890 and 3.14159, 2,048 tokens.",
        "Café naïve résumé — “quotes” ½ 東京 🙂 Ωmega",
        "  leading spaces and trailing   ",
        "A",
        "",
        "The patient's HbA1c was 7.5% (n=128); p<0.05.",
        "I'm sure they'll say we've done it, didn't they?\n\n\nYes.",
    ];
}
