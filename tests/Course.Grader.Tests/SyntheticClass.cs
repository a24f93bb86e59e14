using System.Text;
using DeepLearning.Grading.Batch;
using DeepLearning.Grading.Honesty;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// Generated classes for batch grading, laid out as Gradescope's submission export: the reference, the starter, the
/// committed wrong submissions, and mixes whose chapters each come from one of them.
/// </summary>
internal static class SyntheticClass
{
    /// <summary>A generated submission: its folder's name, its students, and how to lay it out.</summary>
    public sealed record Member(string Name, IReadOnlyList<Student> Students, Action<CourseLayout, string> Lay);

    public static Member Reference(string name, params Student[] students) => new(name, students, WrongSubmission.CopyReference);

    public static Member Starter(string name, params Student[] students) => new(name, students, WrongSubmission.CopyStarter);

    public static Member Wrong(string name, string submission, params Student[] students) =>
        new(name, students, (layout, folder) => WrongSubmission.Load(layout, submission).Materialize(layout, folder));

    /// <summary>The reference, with the exercise files named in <paramref name="chapters"/> taken from other submissions.</summary>
    public static Member Mix(string name, IReadOnlyDictionary<string, Action<CourseLayout, string>> chapters, params Student[] students) =>
        new(name, students, (layout, folder) =>
        {
            WrongSubmission.CopyReference(layout, folder);
            foreach (var (file, source) in chapters)
            {
                var scratch = Directory.CreateTempSubdirectory("dlc-grade-mix-").FullName;
                try
                {
                    source(layout, scratch);
                    File.Copy(Path.Combine(scratch, "Exercises", file), Path.Combine(folder, "Exercises", file), overwrite: true);
                }
                finally
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
        });

    /// <summary>
    /// <paramref name="count"/> submissions: the reference, the starter, every wrong submission, then mixes, each
    /// exercise file of a mix drawn (with <paramref name="seed"/>) from the reference, the starter or a wrong
    /// submission that only edits files (one that links outside itself would bring the link's target instead).
    /// </summary>
    public static IReadOnlyList<Member> Generate(CourseLayout layout, int count, int seed)
    {
        var wrong = WrongSubmission.LoadAll(layout);
        var members = new List<Member> { Reference("submission_reference", StudentNumber(0)), Starter("submission_starter", StudentNumber(1)) };
        members.AddRange(wrong.Select((submission, i) => Wrong($"submission_{submission.Name}", submission.Name, StudentNumber(2 + i))));
        var sources = new List<Action<CourseLayout, string>> { WrongSubmission.CopyReference, WrongSubmission.CopyStarter };
        sources.AddRange(wrong.Where(submission => submission.Links.Count == 0).Select(submission => (Action<CourseLayout, string>)submission.Materialize));
        var files = CourseLayout.SourceFiles(layout.StarterExercises).Select(file => file.Relative).ToList();
        var random = new Random(seed);
        while (members.Count < count)
        {
            var chapters = files.ToDictionary(file => file, _ => sources[random.Next(sources.Count)]);
            members.Add(Mix($"submission_mix_{members.Count:000}", chapters, StudentNumber(members.Count)));
        }
        return members.Take(count).ToList();
    }

    /// <summary>Lays the members out in <paramref name="folder"/> with the <c>submission_metadata.yml</c> that names their students.</summary>
    public static void WriteExport(CourseLayout layout, string folder, IReadOnlyList<Member> members)
    {
        var metadata = new StringBuilder();
        foreach (var member in members)
        {
            member.Lay(layout, Path.Combine(folder, member.Name));
            metadata.Append($"{member.Name}:\n  :submitters:\n");
            foreach (var student in member.Students)
            {
                metadata.Append($"  - :name: {Quoted(student.Name)}\n    :sid: {Quoted(student.Sid)}\n    :email: {Quoted(student.Email)}\n");
            }
            metadata.Append("  :created_at: 2026-03-01 12:00:00.000000000 +01:00\n  :score: 0.0\n");
        }
        File.WriteAllText(Path.Combine(folder, GradescopeExport.MetadataFile), metadata.ToString());
    }

    private static Student StudentNumber(int number) => new($"Student {number:000}", $"{100000 + number}", $"student{number:000}@example.edu");

    // A YAML double-quoted scalar: backslashes and quotes escaped.
    private static string Quoted(string text) => $"\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
