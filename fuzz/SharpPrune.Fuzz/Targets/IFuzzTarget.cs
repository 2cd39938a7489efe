namespace SharpPrune.Fuzz.Targets;

/// <summary>
/// One parser of untrusted files, driven by a single fuzz input. The fuzzer and the regression tests
/// both go through this, so a saved input replays exactly the call that crashed.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name on the command line and the folder under tests/fixtures/fuzz-regressions.</summary>
    string Name { get; }

    /// <summary>Turns an input into the files the parser reads, named as the parser expects them.</summary>
    FuzzBundle Files(byte[] input);

    /// <summary>The reverse of <see cref="Files"/>.</summary>
    byte[] Input(FuzzBundle files);

    /// <summary>Parses the files in <paramref name="folder"/>; returns normally or throws SharpPruneException on bad input.</summary>
    void Run(string folder);
}
