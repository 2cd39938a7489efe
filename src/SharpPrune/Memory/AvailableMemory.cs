using System.Globalization;

namespace SharpPrune.Memory;

/// <summary>
/// What this process may still allocate: /proc/meminfo's MemAvailable, lowered by every memory cgroup
/// limit from the process's own cgroup up to the root (cgroup v2 memory.max, or v1 memory.limit_in_bytes),
/// each less what that cgroup already uses. Reclaimable page cache (inactive files) does not count as used,
/// since the kernel drops it before it fails an allocation.
/// </summary>
public static class AvailableMemory
{
    // cgroup v1 writes "no limit" as the largest page-aligned long; anything this large is no limit.
    const double Unlimited = 1L << 60;

    /// <summary>Bytes available, or null where none of the files can be read (not Linux).</summary>
    public static double? Read() => Read("/proc", "/sys/fs/cgroup");

    /// <param name="proc">Where proc is mounted (a test points it at a fake).</param>
    /// <param name="cgroupRoot">Where the cgroup hierarchies are mounted.</param>
    public static double? Read(string proc, string cgroupRoot)
    {
        double? available = MeminfoAvailable(Path.Combine(proc, "meminfo"));
        foreach (var dir in MemoryCgroups(Path.Combine(proc, "self", "cgroup"), cgroupRoot))
        {
            if (Headroom(dir) is { } headroom) available = Math.Min(available ?? double.MaxValue, headroom);
        }
        return available;
    }

    static double? MeminfoAvailable(string path)
    {
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            // "MemAvailable:   21799136 kB"
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "MemAvailable:" && double.TryParse(fields[1], CultureInfo.InvariantCulture, out double kb)) return kb * 1024;
        }
        return null;
    }

    /// <summary>The folders of the process's memory cgroups (v2's unified one and v1's memory one) and their ancestors.</summary>
    static IEnumerable<string> MemoryCgroups(string selfCgroup, string cgroupRoot)
    {
        if (!File.Exists(selfCgroup)) yield break;
        foreach (var line in File.ReadLines(selfCgroup))
        {
            // "0::/path" (v2) or "4:memory:/path" (v1)
            var fields = line.Split(':', 3);
            if (fields.Length != 3) continue;
            string? mount = fields[1] == "" ? cgroupRoot : fields[1].Split(',').Contains("memory") ? Path.Combine(cgroupRoot, "memory") : null;
            if (mount is null) continue;
            for (string relative = fields[2].Trim('/'); ; relative = Path.GetDirectoryName(relative) ?? "")
            {
                yield return Path.Combine(mount, relative);
                if (relative == "") break;
            }
        }
    }

    static double? Headroom(string dir)
    {
        bool v2 = File.Exists(Path.Combine(dir, "memory.max"));
        double? limit = Number(Path.Combine(dir, v2 ? "memory.max" : "memory.limit_in_bytes"));
        if (limit is null || limit >= Unlimited) return null;
        double used = Number(Path.Combine(dir, v2 ? "memory.current" : "memory.usage_in_bytes")) ?? 0;
        double reclaimable = Stat(Path.Combine(dir, "memory.stat"), v2 ? "inactive_file" : "total_inactive_file") ?? 0;
        return Math.Max(0, limit.Value - Math.Max(0, used - reclaimable));
    }

    /// <summary>A file holding one number; "max" (v2's no limit) and anything unreadable are null.</summary>
    static double? Number(string path) =>
        File.Exists(path) && double.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out double value) ? value : null;

    static double? Stat(string path, string key)
    {
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ');
            if (fields.Length == 2 && fields[0] == key && double.TryParse(fields[1], CultureInfo.InvariantCulture, out double value)) return value;
        }
        return null;
    }
}
