using System.Diagnostics;
using System.Security.Cryptography;
using DeepLearning.Notebooks.Tests.Support;
using Microsoft.Playwright;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// The page a learner sees: Debian's Jupyter Notebook serves the repository on 127.0.0.1 with a token, Debian's
/// Chromium (headless, through Playwright) opens a learner's chapter (notebooks/, no solutions), runs Run All in the
/// .net-csharp kernel that notebooks/setup-jupyter.sh registers, in fast mode, and waits for the kernel to finish.
/// Then the page must show no error output and nothing on stderr, every Plotly chart drawn (an SVG inside its div)
/// and no MathJax error; a screenshot of the chapter is attached to its test.
/// </summary>
/// <remarks>
/// Chapters 00 and 04 by default, to keep the test command short; <c>COURSE_BROWSER_CHAPTERS=all</c> (or a list of
/// chapter numbers, e.g. <c>00,04,07</c>) chooses others (README, "Tests"). One server and one browser serve the whole
/// fixture; each chapter gets a page and a kernel of its own, one after another, and its kernel is shut down after it.
/// The page's autosave is turned off as soon as it loads, and the test checks that the notebook file is unchanged: the
/// repository's copy stays clean.
/// </remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class BrowserTests
{
    public const string ChaptersVariable = "COURSE_BROWSER_CHAPTERS";

    private static readonly TimeSpan s_chapterTimeout = TimeSpan.FromMinutes(8);

    private JupyterServer? _server;
    private HeadlessChromium? _chromium;

    /// <summary>The chapters <see cref="ChaptersVariable"/> selects: "all", a comma-separated list of numbers, or by default 00 and 04.</summary>
    public static IEnumerable<TestCaseData> SelectedChapters()
    {
        var selection = Environment.GetEnvironmentVariable(ChaptersVariable) is { Length: > 0 } value ? value : "00,04";
        var numbers = selection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return CourseFolders.ChapterCases().Where(chapter =>
            selection == "all" || numbers.Any(number => Path.GetFileName((string)chapter.Arguments[0]!).StartsWith(number + "-", StringComparison.Ordinal)));
    }

    [OneTimeSetUp]
    public async Task StartJupyterAndChromium()
    {
        var clock = Stopwatch.StartNew();
        _server = JupyterServer.Start(CourseFolders.RepositoryRoot, ChapterRunEnvironment.FastMode, TimeSpan.FromMinutes(1));
        _chromium = await HeadlessChromium.LaunchAsync();
        TestContext.Progress.WriteLine($"browser: Jupyter Notebook (port {_server.Port}) and Chromium started in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public async Task StopThem()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        _server?.Dispose();
    }

    [TearDown]
    public void AttachTheServersLogOnFailure()
    {
        if (_server is not null && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            var log = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"jupyter-{TestContext.CurrentContext.Test.ID}.log");
            File.WriteAllText(log, _server.Log);
            TestContext.AddTestAttachment(log, "the Jupyter server's log");
        }
    }

    [TestCaseSource(nameof(SelectedChapters))]
    public async Task Learners_chapter_runs_all_in_jupyter_in_chromium_and_shows_no_error(string path)
    {
        var chapter = Path.GetFileNameWithoutExtension(path);
        var before = SHA256.HashData(File.ReadAllBytes(path));
        var browserErrors = new List<string>();
        var page = await _chromium!.NewPageAsync(browserErrors);
        try
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(_server!.NotebookUrl("notebooks/" + Path.GetFileName(path)));
            // Loaded, autosave off (it would write the outputs into the repository's notebook), the kernel started.
            await page.WaitForFunctionAsync("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded", null, Wait(TimeSpan.FromMinutes(1)));
            await page.EvaluateAsync("() => Jupyter.notebook.set_autosave_interval(0)");
            Assert.That(await page.EvaluateAsync<string>("() => Jupyter.notebook.metadata.kernelspec.name"), Is.EqualTo(".net-csharp"));
            await page.WaitForFunctionAsync("() => Jupyter.notebook.kernel && Object.keys(Jupyter.notebook.kernel.info_reply).length > 0", null, Wait(TimeSpan.FromMinutes(2)));
            var loaded = clock.Elapsed;

            // Run All, as the Cell menu does; finished when no cell is running and the kernel is idle.
            await page.EvaluateAsync("() => Jupyter.notebook.execute_all_cells()");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.code_cell.running').length === 0 && !Jupyter.notebook.kernel_busy",
                null, Wait(s_chapterTimeout));
            var ran = clock.Elapsed - loaded;
            // MathJax typesets in a queue of its own; this waits for it to drain.
            await page.EvaluateAsync("() => new Promise(resolve => MathJax.Hub.Queue(() => resolve(true)))");

            var shown = await page.EvaluateAsync<PageState>("""
                () => ({
                    CodeCells: document.querySelectorAll('.code_cell').length,
                    NotRun: [...document.querySelectorAll('.code_cell')].filter(cell => !/\[\d+\]/.test(cell.querySelector('.input_prompt').textContent)).length,
                    Errors: [...document.querySelectorAll('.output_error')].map(output => output.innerText.slice(0, 2000)),
                    Stderr: [...document.querySelectorAll('.output_stderr')].map(output => output.innerText.slice(0, 2000)),
                    Charts: document.querySelectorAll('div[id^="chart-"]').length,
                    EmptyCharts: [...document.querySelectorAll('div[id^="chart-"]')].filter(chart => !chart.querySelector('svg')).map(chart => chart.innerText.slice(0, 200) || chart.id),
                    Math: document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_CHTML, .MathJax_SVG').length,
                    MathErrors: [...document.querySelectorAll('.MathJax_Error, .merror')].map(error => error.textContent.slice(0, 200)),
                })
                """);
            TestContext.Progress.WriteLine($"browser: {chapter} (learner's) loaded in {loaded.TotalSeconds:F1} s, ran all in {ran.TotalSeconds:F1} s " +
                $"({shown.CodeCells} code cells, {shown.Charts} charts, {shown.Math} typeset formulas)");
            await AttachScreenshotAsync(page, chapter);
            // Counted, not failed: Notebook 6's own page logs errors that are not the chapter's (on Debian's 6.4.12: its
            // widgets extension and a CodeMirror mode for the polyglot-notebook language are missing, 404; a blank font).
            lock (browserErrors)
            {
                TestContext.Progress.WriteLine($"browser: {chapter}: {browserErrors.Count} console errors on the page, first: {browserErrors.FirstOrDefault() ?? "none"}");
            }

            Assert.Multiple(() =>
            {
                Assert.That(shown.NotRun, Is.Zero, "code cells without an execution count after Run All");
                Assert.That(shown.Errors, Is.Empty, "error outputs");
                Assert.That(shown.Stderr, Is.Empty, "stderr outputs");
                Assert.That(shown.EmptyCharts, Is.Empty, "Plotly charts with no SVG inside");
                Assert.That(shown.MathErrors, Is.Empty, "MathJax errors");
                Assert.That(SHA256.HashData(File.ReadAllBytes(path)), Is.EqualTo(before), "the repository's notebook is unchanged (autosave off)");
            });
        }
        finally
        {
            // The chapter's kernel goes with its page: deleting the session makes Jupyter shut the kernel down.
            await page.EvaluateAsync("() => new Promise(resolve => window.Jupyter && Jupyter.notebook && Jupyter.notebook.session ? Jupyter.notebook.session.delete(resolve, resolve) : resolve())");
            await page.CloseAsync();
        }
    }

    private static PageWaitForFunctionOptions Wait(TimeSpan timeout) =>
        new() { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 500 };

    /// <summary>The whole notebook, not only the window: Notebook 6 scrolls it inside #site, which this lets grow.</summary>
    private static async Task AttachScreenshotAsync(IPage page, string chapter)
    {
        await page.EvaluateAsync("() => { const site = document.getElementById('site'); site.style.height = 'auto'; site.style.overflow = 'visible'; document.body.style.overflow = 'visible'; }");
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"browser-{chapter}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, $"{chapter} after Run All in Jupyter Notebook, Chromium");
    }

    /// <summary>What the page shows after Run All (Playwright fills it from the object the script returns).</summary>
    private sealed class PageState
    {
        public int CodeCells { get; set; }
        public int NotRun { get; set; }
        public string[] Errors { get; set; } = [];
        public string[] Stderr { get; set; } = [];
        public int Charts { get; set; }
        public string[] EmptyCharts { get; set; } = [];
        public int Math { get; set; }
        public string[] MathErrors { get; set; } = [];
    }
}
