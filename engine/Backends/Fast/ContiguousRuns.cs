namespace DeepLearning.Backends.Fast;

/// <summary>
/// Work over <c>count</c> independent items dealt to the threads in contiguous runs, one run a thread: no two
/// threads touch the same item, and run <c>part</c> is always the same items, so partial results added in the
/// order of the runs come out the same whichever thread finishes first.
/// </summary>
internal static class ContiguousRuns
{
    /// <summary>How many runs <see cref="ForEach"/> makes: one a thread, at most one an item, at least one.</summary>
    public static int Parts(int count, ParallelOptions options) => Math.Max(1, Math.Min(count, options.MaxDegreeOfParallelism));

    /// <summary>Calls <paramref name="run"/>(part, first, last) for items first..last-1 of each run, the runs in parallel.</summary>
    public static void ForEach(int count, ParallelOptions options, Action<int, int, int> run)
    {
        var parts = Parts(count, options);
        if (parts == 1)
        {
            run(0, 0, count);
            return;
        }
        Parallel.For(0, parts, options, part => run(part, (int)((long)count * part / parts), (int)((long)count * (part + 1) / parts)));
    }
}
