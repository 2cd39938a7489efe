using System.Text;

namespace SharpPrune.IO;

/// <summary>
/// The exclusive right to write one output path, held by a run from its start to its end so that two
/// runs naming the same output cannot both succeed. The lock is the file <c>&lt;path&gt;.lock</c> beside
/// the output, opened with <see cref="FileShare.None"/> and holding the owner's pid for people to read.
/// On Linux .NET backs FileShare.None with an flock, which the kernel drops when the process dies: a
/// lock file left by a killed run is taken over by the next open, with no pid guessing and no race
/// between two runs taking it over at once; a live owner makes the open fail at once.
/// </summary>
public sealed class OutputLock : IDisposable
{
    const string Suffix = ".lock";

    // What a failed flock (EWOULDBLOCK) surfaces as on Linux, and a sharing violation on Windows.
    const int WouldBlock = 11;
    const int SharingViolation = unchecked((int)0x80070020);

    readonly FileStream stream;
    bool released;

    OutputLock(string destination, string path, FileStream stream) => (Destination, Path, this.stream) = (destination, path, stream);

    /// <summary>The locked output path, absolute.</summary>
    public string Destination { get; }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    public static OutputLock Acquire(string destination)
    {
        destination = System.IO.Path.GetFullPath(destination.TrimEnd('/', '\\'));
        string path = destination + Suffix;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot create the folder for the lock: {e.Message}");
        }
        // Release deletes the file while still holding it, so a run that opened the old file just before
        // can win its flock on a file no longer in the folder; it notices and opens the path again.
        for (int attempt = 1; ; attempt++)
        {
            var stream = Open(path, destination);
            if (!IsUnlinked(stream))
            {
                stream.SetLength(0);
                stream.Write(Encoding.ASCII.GetBytes($"pid {Environment.ProcessId}\n"));
                stream.Flush();
                return new OutputLock(destination, path, stream);
            }
            stream.Dispose();
            if (attempt == 10) throw SharpPruneException.InFile(path, "was deleted each time it was opened; something keeps removing the lock");
        }
    }

    public void Dispose()
    {
        if (released) return;
        released = true;
        // Delete before closing: until the close no one else can hold the lock, so no one else's file is deleted.
        try
        {
            File.Delete(Path);
        }
        finally
        {
            stream.Dispose();
        }
    }

    static FileStream Open(string path, string destination)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult is WouldBlock or SharingViolation)
        {
            throw SharpPruneException.InFile(path, $"another run holds this lock while writing {destination}; wait for it to finish or choose another output");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot create the lock file: {e.Message}");
        }
    }

    /// <summary>True when the open file has been deleted from its folder (Linux reports "path (deleted)").</summary>
    static bool IsUnlinked(FileStream stream)
    {
        string? target = new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
        return target?.EndsWith(" (deleted)", StringComparison.Ordinal) == true;
    }
}
