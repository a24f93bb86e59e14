using System.Diagnostics;
using DeepLearning.NotebookRunner;
using DeepLearning.Notebooks.Tests.Support;
using Microsoft.Playwright;

namespace DeepLearning.Notebooks.Tests;

/// <summary>
/// The course website (<c>notebook-runner site</c>), built from the learner's chapters that this fixture already ran
/// (so they run once for both), then read in Debian's Chromium from disk with the network refused: every page loads
/// with no console error and fetches nothing from the web, every chart draws, every formula is typeset by KaTeX,
/// the previous/next links and the search's anchors resolve, and the search finds a heading and takes you there.
/// </summary>
public sealed partial class ReleaseTests
{
    [Test]
    public async Task Its_executed_chapters_make_a_website_that_works_offline()
    {
        Assert.That(_run, Is.Not.Null, "the release did not build, so its chapters did not run");
        var clock = Stopwatch.StartNew();
        var runs = Directory.GetFiles(Path.Combine(_scratch, "executed"), "*.ipynb").Order(StringComparer.Ordinal).Select(ExecutedNotebook.Load).ToList();
        var site = Path.Combine(_scratch, "site");
        var headings = CourseSite.Write(runs, site);
        TestContext.Progress.WriteLine($"release: its website written in {clock.Elapsed.TotalSeconds:F1} s ({runs.Count} chapters, {headings.Count} headings)");
        clock.Restart();

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var problems = new List<string>();
        var page = await chromium.NewPageAsync(problems);
        await page.RouteAsync("**/*", route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal))
            {
                return route.ContinueAsync();
            }
            problems.Add($"fetched from the web: {route.Request.Url}");
            return route.AbortAsync();
        });
        var pages = new[] { "index.html" }.Concat(runs.Select(run => run.Notebook.Chapter + ".html")).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            await page.GotoAsync(FileUrl(site, pages[i]));
            var shown = await page.EvaluateAsync<SitePage>("""
                () => ({
                    Charts: document.querySelectorAll('div[id^="chart-"]').length,
                    EmptyCharts: document.querySelectorAll('div[id^="chart-"]:not(:has(svg))').length,
                    Math: document.querySelectorAll('.math').length,
                    Untypeset: [...document.querySelectorAll('.math:not(:has(.katex))')].map(math => math.textContent.slice(0, 100)),
                    MathErrors: [...document.querySelectorAll('.katex-error')].map(error => error.title || error.textContent),
                    Previous: document.querySelector('a[rel=prev]')?.getAttribute('href') ?? '',
                    Next: document.querySelector('a[rel=next]')?.getAttribute('href') ?? '',
                    Ids: [...document.querySelectorAll('[id]')].map(element => element.id),
                })
                """);
            var chapter = i == 0 ? null : pages[i];
            Assert.Multiple(() =>
            {
                Assert.That(shown.EmptyCharts, Is.Zero, $"{pages[i]}: charts with no SVG inside (of {shown.Charts})");
                Assert.That(shown.Untypeset, Is.Empty, $"{pages[i]}: formulas KaTeX did not typeset (of {shown.Math})");
                Assert.That(shown.MathErrors, Is.Empty, $"{pages[i]}: KaTeX errors");
                if (chapter is not null)
                {
                    Assert.That(shown.Previous, Is.EqualTo(i > 1 ? pages[i - 1] : ""), $"{pages[i]}: the previous chapter's link");
                    Assert.That(shown.Next, Is.EqualTo(i + 1 < pages.Count ? pages[i + 1] : ""), $"{pages[i]}: the next chapter's link");
                    Assert.That(headings.Where(heading => heading.Page == chapter).Select(heading => heading.Id), Is.SubsetOf(shown.Ids), $"{pages[i]}: the search's anchors");
                }
                Assert.That(problems, Is.Empty, $"{pages[i]}: console errors, uncaught exceptions or web requests");
            });
            if (i == 0)
            {
                var linked = await page.Locator("ol.chapters a").EvaluateAllAsync<string[]>("links => links.map(link => link.getAttribute('href'))");
                Assert.That(pages.Skip(1), Is.SubsetOf(linked), "the index links every chapter");
                await AttachScreenshotAsync(page, "site-index.png", "the course website's index");
            }
        }
        Assert.That(pages.Skip(1).All(file => File.Exists(Path.Combine(site, file))), "every chapter has its page");

        // The search: a heading's words, typed on the index, list the heading; its link opens the chapter at it.
        var wanted = headings.First(heading => heading.Text.Contains("strides", StringComparison.OrdinalIgnoreCase));
        await page.GotoAsync(FileUrl(site, "index.html"));
        await page.FillAsync("#search", "storage strides");
        var result = page.Locator("#search-results a", new PageLocatorOptions { HasText = wanted.Text });
        await result.ClickAsync();
        await page.WaitForURLAsync($"**/{wanted.Page}#{wanted.Id}");
        Assert.That(await page.Locator($"[id='{wanted.Id}']").IsVisibleAsync(), Is.True, $"the search took you to '{wanted.Text}'");
        Assert.That(problems, Is.Empty, "console errors, uncaught exceptions or web requests");
        TestContext.Progress.WriteLine($"release: its website's {pages.Count} pages checked in Chromium in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static string FileUrl(string site, string file) => new Uri(Path.Combine(site, file)).AbsoluteUri;

    private static async Task AttachScreenshotAsync(IPage page, string name, string description)
    {
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, description);
    }

    /// <summary>What a page of the website shows (Playwright fills it from the object the script returns).</summary>
    private sealed class SitePage
    {
        public int Charts { get; set; }
        public int EmptyCharts { get; set; }
        public int Math { get; set; }
        public string[] Untypeset { get; set; } = [];
        public string[] MathErrors { get; set; } = [];
        public string Previous { get; set; } = "";
        public string Next { get; set; } = "";
        public string[] Ids { get; set; } = [];
    }
}
