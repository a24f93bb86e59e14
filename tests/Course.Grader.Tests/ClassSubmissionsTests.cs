using DeepLearning.Grading.Batch;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// The two layouts of a class that <c>dlc-grade batch</c> reads — Gradescope's export and a folder a student — and
/// the clear errors for what is neither.
/// </summary>
public sealed class ClassSubmissionsTests
{
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("dlc-grade-class-");

    [TearDown]
    public void RemoveFolder() => _folder.Delete(recursive: true);

    [Test]
    public void APlainFolderHasAStudentASubfolder()
    {
        foreach (var name in new[] { "zoe", "ada", ".git" })
        {
            Directory.CreateDirectory(Path.Combine(_folder.FullName, name));
        }
        var submissions = ClassSubmissions.Find(_folder.FullName);
        Assert.That(submissions.Select(submission => submission.Name), Is.EqualTo(new[] { "ada", "zoe" }), "sorted, hidden folders left out");
        Assert.That(submissions[0].Students, Is.EqualTo(new[] { new Student("ada") }));
        Assert.That(submissions[0].Folder, Is.EqualTo(Path.Combine(_folder.FullName, "ada")));
    }

    [Test]
    public void GradescopesExportNamesTheSubmittersOfEachFolder()
    {
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "submission_11"));
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "submission_12"));
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "not_in_the_metadata"));
        // As Gradescope writes it (Ruby symbols as keys), with fields that are not read: times, scores, a history.
        File.WriteAllText(Path.Combine(_folder.FullName, GradescopeExport.MetadataFile), """
            submission_12:
              :submitters:
              - :name: Pair One
                :sid: '200'
                :email: one@example.edu
              - :name: Pair Two
                :sid: '201'
                :email: two@example.edu
              :created_at: 2026-03-01 12:00:00.000000000 +01:00
              :score: 57.0
              :history:
              - :created_at: 2026-02-28 10:00:00.000000000 +01:00
                :score: 12.0
                :results: |-
                  several lines
                  - :name: not a submitter
            submission_11:
              :submitters:
              - :name: Solo Student
                :sid: '100'
            """);
        var submissions = ClassSubmissions.Find(_folder.FullName);
        Assert.That(submissions.Select(submission => submission.Name), Is.EqualTo(new[] { "submission_12", "submission_11" }), "the metadata's folders, in its order");
        Assert.That(submissions[0].Students, Is.EqualTo(new[] { new Student("Pair One", "200", "one@example.edu"), new Student("Pair Two", "201", "two@example.edu") }));
        Assert.That(submissions[1].Students, Is.EqualTo(new[] { new Student("Solo Student", "100", "") }));
    }

    [Test]
    public void AFolderTheMetadataListsMustExist()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, GradescopeExport.MetadataFile), "submission_9:\n  :submitters:\n  - :name: Gone\n");
        Assert.That(() => ClassSubmissions.Find(_folder.FullName),
            Throws.TypeOf<GraderException>().With.Message.Contains("lists submission_9, but the export has no folder submission_9/"));
    }

    [TestCase("submission_1: [unclosed", "is not valid YAML")]
    [TestCase("- just\n- a list\n", "should map each submission folder to its submitters")]
    [TestCase("../escape:\n  :submitters: []\n", "'../escape' is not the name of a submission folder")]
    [TestCase("submission_1:\n  :score: 3\n", "submission_1: no list of :submitters")]
    public void MetadataThatIsNotGradescopesIsRefusedWithTheProblem(string metadata, string problem)
    {
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "submission_1"));
        File.WriteAllText(Path.Combine(_folder.FullName, GradescopeExport.MetadataFile), metadata);
        Assert.That(() => ClassSubmissions.Find(_folder.FullName), Throws.TypeOf<GraderException>().With.Message.Contains(problem));
    }

    [Test]
    public void OneSubmissionIsNotTakenForAClass()
    {
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "Exercises"));
        Assert.That(() => ClassSubmissions.Find(_folder.FullName), Throws.TypeOf<GraderException>().With.Message.Contains("looks like one submission"));
    }

    [Test]
    public void TheFolderAboveAnExportIsNotTakenForAClass()
    {
        var export = Directory.CreateDirectory(Path.Combine(_folder.FullName, "assignment_7_export")).FullName;
        File.WriteAllText(Path.Combine(export, GradescopeExport.MetadataFile), "{}");
        Assert.That(() => ClassSubmissions.Find(_folder.FullName), Throws.TypeOf<GraderException>().With.Message.Contains("holds Gradescope's export in assignment_7_export/"));
    }

    [Test]
    public void AnEmptyOrMissingFolderIsRefused()
    {
        Assert.That(() => ClassSubmissions.Find(_folder.FullName), Throws.TypeOf<GraderException>().With.Message.Contains("holds no submission"));
        Assert.That(() => ClassSubmissions.Find(Path.Combine(_folder.FullName, "absent")), Throws.TypeOf<GraderException>().With.Message.Contains("does not exist"));
    }
}
