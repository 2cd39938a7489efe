namespace SharpPrune.IO;

/// <summary>
/// A folder-level output that appears complete or not at all. Everything is written into a staging
/// folder next to the destination (same file system, so the final rename is atomic); <see cref="Commit"/>
/// renames it into place, and disposing without committing deletes it. An existing destination is
/// refused unless overwriting, and even then it is only removed once the new folder is complete.
/// <code>
/// using var staging = AtomicDirectory.Begin(outPath, overwrite);
/// CheckpointWriter.Write(staging.Path, tensors);
/// staging.Commit();
/// </code>
/// </summary>
public sealed class AtomicDirectory : IDisposable
{
    readonly string _destination;
    readonly bool _overwrite;
    bool _committed;

    AtomicDirectory(string destination, string staging, bool overwrite)
    {
        _destination = destination;
        Path = staging;
        _overwrite = overwrite;
    }

    /// <summary>The staging folder to write into.</summary>
    public string Path { get; }

    public static AtomicDirectory Begin(string destination, bool overwrite)
    {
        destination = System.IO.Path.GetFullPath(destination.TrimEnd('/', '\\'));
        CheckDestination(destination, overwrite);
        var staging = $"{destination}.tmp-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SharpPruneException($"{destination}: cannot create a folder next to it: {e.Message}", e);
        }
        return new AtomicDirectory(destination, staging, overwrite);
    }

    /// <summary>Moves the staging folder to the destination, replacing the old one if overwriting.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        CheckDestination(_destination, _overwrite);
        try
        {
            if (!Directory.Exists(_destination))
            {
                Directory.Move(Path, _destination);
            }
            else
            {
                // Move the old folder aside rather than deleting it first, so a failed swap can put it back.
                var old = $"{_destination}.old-{Guid.NewGuid():N}";
                Directory.Move(_destination, old);
                try
                {
                    Directory.Move(Path, _destination);
                }
                catch
                {
                    Directory.Move(old, _destination);
                    throw;
                }
                Directory.Delete(old, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SharpPruneException($"{_destination}: cannot move the finished output into place: {e.Message}", e);
        }
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
        _committed = true;
    }

    static void CheckDestination(string destination, bool overwrite)
    {
        if (File.Exists(destination))
        {
            throw SharpPruneException.InFile(destination, "exists and is a file, not a folder");
        }
        if (Directory.Exists(destination) && !overwrite)
        {
            throw SharpPruneException.InFile(destination, "already exists; choose another output folder or allow overwriting");
        }
    }
}
