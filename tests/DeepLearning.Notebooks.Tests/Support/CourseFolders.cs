namespace DeepLearning.Notebooks.Tests.Support;

/// <summary>Where the repository's notebooks are, found from the test assembly's folder.</summary>
public static class CourseFolders
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Notebooks => Path.Combine(RepositoryRoot, "notebooks");

    /// <summary>Every chapter, notebooks/NN-name.ipynb, in order.</summary>
    public static IEnumerable<string> Chapters() =>
        Directory.GetFiles(Notebooks, "*.ipynb")
            .Where(path => char.IsAsciiDigit(Path.GetFileName(path)[0]))
            .Order(StringComparer.Ordinal);

    /// <summary>The chapters as NUnit test cases named after the chapter.</summary>
    public static IEnumerable<TestCaseData> ChapterCases() =>
        Chapters().Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileNameWithoutExtension(path)));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DeepLearningCourse.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no DeepLearningCourse.sln above {AppContext.BaseDirectory}");
    }
}
