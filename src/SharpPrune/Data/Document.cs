namespace SharpPrune.Data;

/// <summary>A text with the id it has in its source: the JSON "id" field, else "line N"; a .txt file's name.</summary>
public sealed record Document(string Id, string Text);
