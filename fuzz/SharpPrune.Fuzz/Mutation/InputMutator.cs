using SharpPrune.Fuzz.Targets;

namespace SharpPrune.Fuzz.Mutation;

/// <summary>
/// Makes one fuzz input from the seeds: a seed with a few stacked edits to one of its files, or, for
/// a folder, a file dropped or taken from another seed. There is no coverage feedback (see
/// docs/RELIABILITY.md): every input starts again from a real file, so edits stay near valid inputs.
/// </summary>
public sealed class InputMutator(IFuzzTarget target, IReadOnlyList<byte[]> seeds, Random rng)
{
    /// <summary>Inputs beyond this are dropped: they test the disk, not the parser.</summary>
    const int MaxInputBytes = 16 << 20;

    public byte[] Next()
    {
        var files = target.Files(seeds[rng.Next(seeds.Count)]).Files.ToList();
        var donor = target.Files(seeds[rng.Next(seeds.Count)]).Files;
        var edits = 1 + rng.Next(4);
        for (var i = 0; i < edits && files.Count > 0; i++)
        {
            var at = rng.Next(files.Count);
            var (name, bytes) = files[at];
            var splice = donor.FirstOrDefault(f => f.Name == name).Bytes ?? donor[rng.Next(donor.Count)].Bytes;
            if (files.Count > 1 && rng.Next(12) == 0)
            {
                files.RemoveAt(at);
                continue;
            }
            var mutated = FileMutator.Mutate(name, bytes, rng, splice);
            if (mutated.Length > MaxInputBytes)
            {
                break;
            }
            files[at] = (name, mutated);
        }
        return target.Input(new FuzzBundle(files));
    }
}
