namespace SharpPrune.Fuzz.Mutation;

/// <summary>
/// Picks the mutator for a file by its name. Mostly structure-aware, since blind byte edits rarely
/// get past a JSON reader; sometimes blind anyway, to reach the reader's own error paths.
/// </summary>
public static class FileMutator
{
    public static byte[] Mutate(string fileName, byte[] bytes, Random rng, byte[] splice)
    {
        if (rng.Next(5) == 0)
        {
            return ByteMutator.Mutate(bytes, rng, splice);
        }
        return Path.GetExtension(fileName) switch
        {
            ".safetensors" => SafetensorsMutator.Mutate(bytes, rng, splice),
            ".gguf" => GgufMutator.Mutate(bytes, rng, splice),
            ".jsonl" => JsonlMutator.Mutate(bytes, rng, splice),
            ".json" => JsonMutator.Mutate(bytes, rng, splice),
            _ => ByteMutator.Mutate(bytes, rng, splice),
        };
    }
}
