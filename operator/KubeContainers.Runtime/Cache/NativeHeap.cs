using System.Runtime.InteropServices;

namespace KubeContainers.Runtime.Cache;

/// <summary>
/// Hands memory that glibc's malloc keeps after a large transient native allocation back to the system. Training a
/// zstd dictionary (<see cref="ObjectPacker"/>) allocates several MiB of tables natively and frees them at once;
/// glibc raises its mmap threshold after the first such free, so the later ones come from its per-thread arenas and
/// stay resident as free space: 30 containers' worth of training left 33 MiB of them
/// (docs/benchmarks.md, "Idle memory"). Nothing happens on other C libraries or systems.
/// </summary>
internal static partial class NativeHeap
{
    private static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary><c>malloc_trim(0)</c>: returns the free pages of every arena. Milliseconds; called once per trained
    /// dictionary, not per object.</summary>
    public static void Trim()
    {
        if (unavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries without glibc's malloc_trim.
            unavailable = true;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
