namespace SharpPrune.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the bytes go
/// to a temporary file in the same folder (so the final rename stays on one file system), are
/// flushed to disk, and only then replace the destination. On any failure the temporary file is
/// deleted and the destination is left as it was.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<FileStream> write)
    {
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e)
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new SharpPruneException($"{path}: cannot write: {e.Message}", e);
            }
            throw;
        }
    }
}
