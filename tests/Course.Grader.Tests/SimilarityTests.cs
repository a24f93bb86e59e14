using System.Text.RegularExpressions;
using DeepLearning.Grading.Batch;
using DeepLearning.Grading.Honesty;
using DeepLearning.Grading.Similarity;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The similarity check: winnowing's two guarantees on random token sequences, tiling that finds moved blocks, the
/// starter's code ignored (a small course whose stub holds scaffolding), and on the course itself a renamed and
/// reformatted copy of the reference found identical while the untouched starter pairs with no one.
/// </summary>
public sealed class SimilarityTests
{
    [Test]
    public void ARunOfTheGuaranteeLengthIsAlwaysFoundAndOneShorterThanKNever()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var (a, b) = (Tokens(random, random.Next(0, 150)), Tokens(random, random.Next(0, 150)));
            var guaranteed = Tokens(random, Winnowing.GuaranteeThreshold);
            var noise = Tokens(random, Winnowing.K - 1);
            Assert.That(Shared(Insert(a, guaranteed, random), Insert(b, guaranteed, random)), Is.Not.Empty, $"trial {trial}: a shared run of {Winnowing.GuaranteeThreshold} tokens");
            Assert.That(Shared(Insert(a, noise, random), Insert(b, noise, random)), Is.Empty, $"trial {trial}: a shared run of {Winnowing.K - 1} tokens");
        }
    }

    [Test]
    public void TilingFindsSwappedBlocks()
    {
        var random = new Random(3);
        var (first, second) = (Tokens(random, 20), Tokens(random, 15));
        var a = first.Concat(Tokens(random, 5)).Concat(second).ToList();
        var b = second.Concat(Tokens(random, 7)).Concat(first).ToList();
        Assert.That(TokenTiling.Tiles(a, b, Winnowing.K), Is.EqualTo(new[] { new Tile(0, 22, 20), new Tile(25, 0, 15) }));
        Assert.That(TokenTiling.Tiles(a, b, minimumLength: 21), Is.Empty);
    }

    [Test]
    public void TheStartersCodeIsIgnored()
    {
        var course = Directory.CreateTempSubdirectory("dlc-grade-similarity-course-").FullName;
        try
        {
            // The stub gives a loop of scaffolding; two submissions keep it and finish differently, two finish alike.
            const string scaffold = "var total = 0;\n        for (var i = 0; i < values.Length; i++)\n        {\n            total += values[i] * values[i];\n        }\n        ";
            Exercise(Path.Combine(course, "Starter", "Exercises"), scaffold + "throw new NotImplementedException(\"Task 1.1: scaffold\");");
            var own = "return total > values.Length ? total - values.Length : values.Length - total;";
            var copied = "var best = total; foreach (var value in values) { if (value > best) { best = value; } } return best * 2 + 1;";
            var submissions = new[] { ("first", own), ("second", "return total;"), ("third", copied), ("fourth", copied.Replace("best", "top")) }
                .Select(submission =>
                {
                    var folder = Path.Combine(course, "class", submission.Item1);
                    Exercise(folder, scaffold + submission.Item2);
                    return new ClassSubmission(submission.Item1, folder, [new Student(submission.Item1)]);
                }).ToList();
            var analysis = SimilarityAnalysis.Compute(new CourseLayout(course), submissions);
            Assert.That(analysis.Pairs.Select(pair => (pair.A.Name, pair.B.Name, pair.Similarity)).ToList(), Is.EqualTo(new[] { ("third", "fourth", 1.0) }),
                "only the pair that wrote the same code, not the pairs that kept the same stub");
        }
        finally
        {
            Directory.Delete(course, recursive: true);
        }
    }

    [Test]
    public void ARenamedCopyOfTheReferenceIsFoundAndTheStarterPairsWithNoOne()
    {
        var root = Directory.CreateTempSubdirectory("dlc-grade-similarity-").FullName;
        try
        {
            var layout = GradedSubmissions.Layout;
            var (original, renamed, starter) = (Path.Combine(root, "original"), Path.Combine(root, "renamed"), Path.Combine(root, "starter"));
            WrongSubmission.CopyReference(layout, original);
            WrongSubmission.CopyReference(layout, renamed);
            WrongSubmission.CopyStarter(layout, starter);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(renamed, "Exercises")))
            {
                // Other names, other numbers, other layout: the same tokens once normalised.
                var text = Regex.Replace(File.ReadAllText(file), @"\b(values|shape|gradient|result|output|index|sum|total)\b", "renamed_$1");
                text = Regex.Replace(text, @"\b2\b", "3").Replace(";\n", ";\n\n    // reformatted\n");
                File.WriteAllText(file, text);
            }
            var submissions = new[] { original, renamed, starter }.Select(folder => new ClassSubmission(Path.GetFileName(folder), folder, [new Student(Path.GetFileName(folder))])).ToList();
            var analysis = SimilarityAnalysis.Compute(layout, submissions);

            var tasks = analysis.Pairs.Select(pair => pair.Task).ToList();
            Assert.That(tasks, Has.Count.GreaterThan(30), "most tasks are long enough to compare");
            Assert.That(tasks, Has.None.Matches<string>(TaskCatalog.IsQuestion), "questions are not compared");
            Assert.That(analysis.Pairs.Select(pair => (pair.A.Name, pair.B.Name, pair.Similarity)).Distinct().ToList(), Is.EqualTo(new[] { ("original", "renamed", 1.0) }));
            Assert.That(analysis.Pairs.All(pair => pair.Tiles.Sum(tile => tile.Length) == pair.CodeA.Tokens.Count), Is.True, "the whole body is one shared region");
            Assert.That(analysis.AcrossTasks.Select(pair => (pair.A.Name, pair.B.Name)).ToList(), Is.EqualTo(new[] { ("original", "renamed") }));

            var html = SimilarityReport.Html(analysis, new Dictionary<string, string>());
            Assert.That(html, Does.Contain("For the teacher only"));
            Assert.That(Regex.Matches(html, "<mark "), Has.Count.EqualTo(2 * analysis.Pairs.Sum(pair => pair.Tiles.Count)), "each shared region marked on both sides");
            Assert.That(html, Does.Contain("renamed_values").And.Not.Contain("starter ("), "the code side by side; the starter in no pair");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Exercise(string folder, string body)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Chapter1.Fake.cs"), $$"""
            public static class Fake
            {
                // Task 1.1: scaffold
                public static int Scaffold(int[] values)
                {
                    {{body}}
                }
            }
            """);
    }

    private static List<ulong> Tokens(Random random, int count) => Enumerable.Range(0, count).Select(_ => (ulong)random.NextInt64()).ToList();

    private static List<ulong> Insert(List<ulong> into, List<ulong> run, Random random)
    {
        var at = random.Next(0, into.Count + 1);
        return [.. into[..at], .. run, .. into[at..]];
    }

    private static List<ulong> Shared(List<ulong> a, List<ulong> b) =>
        Winnowing.Fingerprints(a).Select(print => print.Hash).Intersect(Winnowing.Fingerprints(b).Select(print => print.Hash)).ToList();
}
