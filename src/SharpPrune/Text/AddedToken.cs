namespace SharpPrune.Text;

/// <summary>A token from tokenizer.json's <c>added_tokens</c>: matched in text as a whole, never split by BPE.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special);
