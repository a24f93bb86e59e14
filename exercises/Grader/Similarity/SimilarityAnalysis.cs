using DeepLearning.Grading.Batch;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Generation;

namespace DeepLearning.Grading.Similarity;

/// <summary>
/// Two submissions whose code of one task is near-identical: <see cref="Similarity"/> is the Jaccard index of their
/// fingerprints, |F_a ∩ F_b| / |F_a ∪ F_b|, and <see cref="Tiles"/> the runs of tokens they share, from greedy string
/// tiling (<see cref="TokenTiling"/>).
/// </summary>
public sealed record SimilarPair(string Task, ClassSubmission A, ClassSubmission B, TaskCode CodeA, TaskCode CodeB, double Similarity, int SharedFingerprints, IReadOnlyList<Tile> Tiles);

/// <summary>Two submissions over every task: the fingerprints they share in all, and the tasks where they are near-identical.</summary>
public sealed record PairAcrossTasks(ClassSubmission A, ClassSubmission B, int SharedFingerprints, IReadOnlyList<string> NearIdenticalTasks);

/// <summary>
/// Near-identical code across a class, task by task, as MOSS finds it: each submission's code of a task becomes
/// normalised tokens (<see cref="TaskCode"/>) and then fingerprints (<see cref="Winnowing"/>); a pair's similarity on
/// a task is the Jaccard index of their fingerprint sets, J = |F_a ∩ F_b| / |F_a ∪ F_b|. Before comparing, two kinds
/// of fingerprints are dropped from every set: the starter's (every k-gram of the task's stub: code the learners were
/// given, MOSS's "base file"), and those that more than <see cref="CommonLimit"/> submissions hold (the idiom that
/// the task all but dictates, MOSS's -m). Pairs are found through an index from fingerprint to submissions, so only
/// pairs that share something are ever compared.
/// </summary>
public sealed record SimilarityAnalysis(int Submissions, IReadOnlyList<SimilarPair> Pairs, IReadOnlyList<PairAcrossTasks> AcrossTasks, IReadOnlyList<string> Notes)
{
    /// <summary>J at or above which a pair counts as near-identical on a task.</summary>
    public const double NearIdentical = 0.5;

    /// <summary>How many pairs each task shows, the most similar first.</summary>
    public const int PairsShownPerTask = 5;

    /// <summary>How many pairs the table over all tasks shows.</summary>
    public const int PairsShownAcrossTasks = 20;

    /// <summary>A fingerprint held by more submissions than this is common code, not copying: 10 (MOSS's default), or a tenth of a larger class.</summary>
    public static int CommonLimit(int submissions) => Math.Max(10, submissions / 10);

    public static SimilarityAnalysis Compute(CourseLayout layout, IReadOnlyList<ClassSubmission> submissions)
    {
        var starterFiles = SubmissionBuilder.StarterFiles(layout);
        var tasks = starterFiles.Values.SelectMany(file => SolutionTask.Read(file.Text, file.Path)).OrderBy(task => task.Id, TaskIdComparer.Instance).ToList();
        var notes = new List<string>();
        var (codes, starter) = OnLargeStack(() => (
            submissions.Select(submission => Read(submission, starterFiles, tasks, notes)).ToList(),
            TaskCode.Read(starterFiles, tasks).ToDictionary(code => code.Task, code => Winnowing.KGramHashes(Kinds(code)).ToHashSet())));

        var pairs = new List<SimilarPair>();
        var acrossTasks = new Dictionary<(int A, int B), (int Shared, List<string> Tasks)>();
        foreach (var task in tasks.Select(task => task.Id))
        {
            var given = starter.GetValueOrDefault(task) ?? [];
            var entries = codes.Select((code, index) => (Index: index, Code: code.FirstOrDefault(code => code.Task == task)))
                .Where(entry => entry.Code is not null)
                .Select(entry => (entry.Index, Code: entry.Code!, Prints: Winnowing.Fingerprints(Kinds(entry.Code!)).Select(print => print.Hash).Where(hash => !given.Contains(hash)).ToHashSet()))
                .ToList();
            var ranked = Rank(entries.Select(entry => entry.Prints).ToList(), CommonLimit(submissions.Count));
            foreach (var (x, y, shared, similarity) in ranked)
            {
                var key = (entries[x].Index, entries[y].Index);
                var total = acrossTasks.GetValueOrDefault(key, (0, []));
                acrossTasks[key] = (total.Shared + shared, similarity >= NearIdentical ? [.. total.Tasks, task] : total.Tasks);
            }
            pairs.AddRange(ranked.Where(pair => pair.Similarity >= NearIdentical).Take(PairsShownPerTask).Select(pair =>
            {
                var (a, b) = (entries[pair.X], entries[pair.Y]);
                return new SimilarPair(task, submissions[a.Index], submissions[b.Index], a.Code, b.Code, pair.Similarity, pair.Shared,
                    TokenTiling.Tiles(Kinds(a.Code), Kinds(b.Code), Winnowing.K));
            }));
        }
        var across = acrossTasks.OrderByDescending(pair => pair.Value.Shared).ThenBy(pair => pair.Key)
            .Take(PairsShownAcrossTasks)
            .Select(pair => new PairAcrossTasks(submissions[pair.Key.A], submissions[pair.Key.B], pair.Value.Shared, pair.Value.Tasks))
            .ToList();
        return new SimilarityAnalysis(submissions.Count, pairs, across, notes);
    }

    /// <summary>
    /// Every pair of fingerprint sets (x &lt; y) that shares a fingerprint, with how many it shares and its Jaccard
    /// index, most similar first. Through an index from fingerprint to the sets that hold it, so pairs that share
    /// nothing cost nothing; fingerprints held by more than <paramref name="commonLimit"/> sets are left out of both.
    /// </summary>
    internal static List<(int X, int Y, int Shared, double Similarity)> Rank(IReadOnlyList<HashSet<ulong>> prints, int commonLimit)
    {
        var holders = new Dictionary<ulong, List<int>>();
        for (var set = 0; set < prints.Count; set++)
        {
            foreach (var hash in prints[set])
            {
                (holders.TryGetValue(hash, out var list) ? list : holders[hash] = []).Add(set);
            }
        }
        var sizes = prints.Select(set => set.Count(hash => holders[hash].Count <= commonLimit)).ToArray();
        var shared = new Dictionary<(int, int), int>();
        foreach (var list in holders.Values.Where(list => list.Count > 1 && list.Count <= commonLimit))
        {
            for (var x = 0; x < list.Count; x++)
            {
                for (var y = x + 1; y < list.Count; y++)
                {
                    shared[(list[x], list[y])] = shared.GetValueOrDefault((list[x], list[y])) + 1;
                }
            }
        }
        // |A ∩ B| / |A ∪ B| = shared / (|A| + |B| − shared)
        return shared.Select(pair => (pair.Key.Item1, pair.Key.Item2, pair.Value, (double)pair.Value / (sizes[pair.Key.Item1] + sizes[pair.Key.Item2] - pair.Value)))
            .OrderByDescending(pair => pair.Item4).ThenByDescending(pair => pair.Item3).ThenBy(pair => (pair.Item1, pair.Item2))
            .ToList();
    }

    // A submission's code, task by task; a submission whose files cannot be read is left out, with a note.
    private static IReadOnlyList<TaskCode> Read(ClassSubmission submission, IReadOnlyDictionary<string, SourceFile> starterFiles, IReadOnlyList<SolutionTask> tasks, List<string> notes)
    {
        try
        {
            return TaskCode.Read(SubmissionFiles.Select(submission.Folder, starterFiles).Files, tasks);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or GraderException)
        {
            notes.Add($"{submission.Name}: not compared ({exception.Message})");
            return [];
        }
    }

    private static List<ulong> Kinds(TaskCode code) => code.Tokens.Select(token => token.Kind).ToList();

    // Parsing learner code recurses as deep as the code nests: a thread with the compile worker's room for it.
    private static T OnLargeStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        }, 1024 * 1024 * 1024);
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new GraderException($"the similarity check failed: {failure.Message}");
    }
}
