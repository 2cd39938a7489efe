using System.Text.RegularExpressions;

namespace SharpPrune.IO;

/// <summary>
/// A folder-level output that appears complete or not at all. Everything is written into a staging
/// folder next to the destination (same file system, so the final rename is atomic); <see cref="Commit"/>
/// renames it into place, and disposing without committing deletes it. An existing destination is
/// refused unless overwriting, and even then it is only removed once the new folder is complete.
/// Writers hold the destination's <see cref="OutputLock"/>: a caller that locks for a whole run passes
/// it in, otherwise Begin takes it until Dispose.
/// <code>
/// using var staging = AtomicDirectory.Begin(outPath, overwrite);
/// CheckpointWriter.Write(staging.Path, tensors);
/// staging.Commit();
/// </code>
/// </summary>
public sealed class AtomicDirectory : IDisposable
{
    const string StagingMarker = ".tmp-";
    const string ReplacedMarker = ".old-";

    readonly string destination;
    readonly bool overwrite;
    readonly OutputLock? ownedLock;
    bool committed;
    bool disposed;

    AtomicDirectory(string destination, string staging, bool overwrite, OutputLock? ownedLock)
    {
        this.destination = destination;
        Path = staging;
        this.overwrite = overwrite;
        this.ownedLock = ownedLock;
    }

    /// <summary>The staging folder to write into.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the destination's lock for a whole run and, since no other writer can be at work now,
    /// tidies what killed runs left beside it: staging folders are deleted, and a previous output
    /// moved aside by a replacement that was killed before the new folder went in is put back.
    /// </summary>
    public static OutputLock Lock(string destination)
    {
        var held = OutputLock.Acquire(destination);
        try
        {
            RecoverInterrupted(held.Destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held.Dispose();
            throw SharpPruneException.InFile(held.Destination, $"cannot clean up after an interrupted run: {e.Message}");
        }
        return held;
    }

    /// <param name="held">The destination's lock, when the caller holds it for longer than this write.</param>
    public static AtomicDirectory Begin(string destination, bool overwrite, OutputLock? held = null)
    {
        destination = System.IO.Path.GetFullPath(destination.TrimEnd('/', '\\'));
        if (held is not null && held.Destination != destination)
            throw new ArgumentException($"the lock given is for {held.Destination}, not {destination}", nameof(held));
        var owned = held is null ? Lock(destination) : null;
        try
        {
            CheckDestination(destination, overwrite);
            var staging = $"{destination}{StagingMarker}{Guid.NewGuid():N}";
            try
            {
                Directory.CreateDirectory(staging);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SharpPruneException($"{destination}: cannot create a folder next to it: {e.Message}", e);
            }
            return new AtomicDirectory(destination, staging, overwrite, owned);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Moves the staging folder to the destination, replacing the old one if overwriting.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(committed || disposed, this);
        CheckDestination(destination, overwrite);
        try
        {
            if (!Directory.Exists(destination))
            {
                Directory.Move(Path, destination);
            }
            else
            {
                // Move the old folder aside rather than deleting it first, so a failed swap can put it back
                // (and Lock can, after a kill between the two moves).
                var old = $"{destination}{ReplacedMarker}{Guid.NewGuid():N}";
                Directory.Move(destination, old);
                try
                {
                    Directory.Move(Path, destination);
                }
                catch
                {
                    Directory.Move(old, destination);
                    throw;
                }
                Directory.Delete(old, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SharpPruneException($"{destination}: cannot move the finished output into place: {e.Message}", e);
        }
        committed = true;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            if (!committed && Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        finally
        {
            ownedLock?.Dispose();
        }
    }

    static void RecoverInterrupted(string destination)
    {
        var parent = new DirectoryInfo(System.IO.Path.GetDirectoryName(destination)!);
        if (!parent.Exists) return;
        string name = System.IO.Path.GetFileName(destination);
        var leftover = new Regex($"^{Regex.Escape(name)}({Regex.Escape(StagingMarker)}|{Regex.Escape(ReplacedMarker)})[0-9a-f]{{32}}$", RegexOptions.CultureInvariant);
        var found = parent.EnumerateDirectories().Where(d => leftover.IsMatch(d.Name)).ToList();
        var replaced = found.Where(d => d.Name.Contains(ReplacedMarker, StringComparison.Ordinal)).OrderByDescending(d => d.LastWriteTimeUtc).FirstOrDefault();
        if (replaced is not null && !Directory.Exists(destination))
        {
            replaced.MoveTo(destination);
            found.Remove(replaced);
        }
        foreach (var dir in found) dir.Delete(recursive: true);
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
