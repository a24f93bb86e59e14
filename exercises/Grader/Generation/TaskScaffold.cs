using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using DeepLearning.Grading.Building;
using DeepLearning.Grading.Reporting;

namespace DeepLearning.Grading.Generation;

/// <summary>
/// <c>dlc-grade new-task</c>: adds a task to a chapter everywhere a task lives, so that the course builds and its
/// tests pass with no edit by hand: the method in <c>Solution/Exercises</c> under its task comment, with a placeholder
/// reference between the solution markers; a visible test fixture (the notebook's check) and a hidden test; the
/// notebook's your-turn cell and check cell, after the chapter's last task; the README's table row and counts; and
/// then the generated starter and notebook cells. Everything is compiled in memory first: a signature that does not
/// compile writes nothing.
/// </summary>
/// <remarks>
/// The placeholder reference returns <c>default</c> and the placeholder tests only call the function, so the stub
/// fails them and the reference passes: what the task asks is the course author's to write next, in the places
/// this wrote (each marked "new-task").
/// </remarks>
public static class TaskScaffold
{
    /// <summary>What to add.</summary>
    /// <param name="Chapter">The chapter, which has an exercise file, visible and hidden tests and a notebook.</param>
    /// <param name="Id">The task's id, N.K, after the chapter's last task.</param>
    /// <param name="Name">The method the learner writes.</param>
    /// <param name="Title">The task's title, one line.</param>
    /// <param name="Returns">The method's return type, as C# writes it.</param>
    /// <param name="Parameters">The method's parameter list, as C# writes it.</param>
    /// <param name="Summary">The method's documentation, which the your-turn cell shows the learner.</param>
    /// <param name="NotAllowed">The engine members the task's "Write it yourself" line names, or empty.</param>
    public sealed record Spec(int Chapter, string Id, string Name, string Title, string Returns, string Parameters, string Summary, IReadOnlyList<string> NotAllowed);

    /// <summary>Adds the task and regenerates the starter and the notebooks. Returns the files written, relative to the repository.</summary>
    public static IReadOnlyList<string> Write(CourseLayout layout, Spec spec)
    {
        var exercise = ChapterFile(layout.SolutionExercises, spec.Chapter, "", "exercise file");
        var visible = ChapterFile(Path.Combine(layout.SolutionTests, "Visible"), spec.Chapter, "Tests", "visible test file");
        var hidden = ChapterFile(Path.Combine(layout.SolutionTests, "Hidden"), spec.Chapter, "HiddenTests", "hidden test file");
        var method = Check(layout, spec, exercise);
        var exerciseText = AddMethod(File.ReadAllText(exercise), spec, method);
        var className = ClassName(exerciseText, exercise);
        var visibleText = AddFixture(File.ReadAllText(visible), File.ReadAllText(exercise), spec, method, className);
        var hiddenText = AddHiddenTest(File.ReadAllText(hidden), hidden, spec, method, className);
        CompileAll(layout, new() { [exercise] = exerciseText, [visible] = visibleText, [hidden] = hiddenText });

        var notebook = NotebookGenerator.Chapters(layout).FirstOrDefault(path => int.Parse(Path.GetFileName(path)[..2]) == spec.Chapter)
            ?? throw new GraderException($"chapter {spec.Chapter} has no notebook in {layout.Notebooks}");
        var readme = Path.Combine(layout.Root, "README.md");
        var repositoryReadme = Path.Combine(layout.Root, "..", "README.md");
        var written = new Dictionary<string, string>
        {
            [exercise] = exerciseText,
            [visible] = visibleText,
            [hidden] = hiddenText,
            [notebook] = AddCells(File.ReadAllText(notebook), notebook, spec),
            [readme] = ReadmeTasks.AddRow(File.ReadAllText(readme), spec.Id, spec.Title, $"{className}.{spec.Name}", $"{spec.Returns} {spec.Name}({spec.Parameters})"),
        };
        var tasks = TaskCatalog.Read(CourseLayout.SourceFiles(layout.SolutionExercises).Select(file => file.Full == exercise ? exerciseText : File.ReadAllText(file.Full))).Keys.ToList();
        var (taskCount, questionCount) = (tasks.Count(id => !TaskCatalog.IsQuestion(id)), tasks.Count(TaskCatalog.IsQuestion));
        written[readme] = ReadmeTasks.SetCounts(written[readme], taskCount, questionCount);
        if (File.Exists(repositoryReadme))
        {
            written[repositoryReadme] = ReadmeTasks.SetCounts(File.ReadAllText(repositoryReadme), taskCount, questionCount);
        }
        foreach (var (path, text) in written)
        {
            AtomicFile.Write(path, text);
        }
        StarterGenerator.Write(layout);
        NotebookGenerator.Write(layout);
        var repository = Path.GetFullPath(Path.Combine(layout.Root, ".."));
        return [.. written.Keys.Select(path => Path.GetRelativePath(repository, path)), Path.GetRelativePath(repository, layout.Starter) + "/ (regenerated)"];
    }

    /// <summary>The chapter's file in a folder: ChapterN.Name{suffix}.cs, exactly one.</summary>
    private static string ChapterFile(string folder, int chapter, string suffix, string what)
    {
        var files = Directory.GetFiles(folder, $"Chapter{chapter}.*{suffix}.cs").Where(path => CourseLayout.ChapterOf(path) == chapter.ToString()).ToList();
        return files.Count == 1 ? files[0]
            : throw new GraderException($"chapter {chapter} has {(files.Count == 0 ? "no" : files.Count.ToString())} {what} in {folder}: new-task adds a task to a chapter that has one of each (exercise, visible tests, hidden tests, notebook)");
    }

    // The id, name and signature make sense for this chapter: a new id after the chapter's tasks, a new method name,
    // a signature a test's Func or Action can hold. Returns the method as it will be declared.
    private static MethodDeclarationSyntax Check(CourseLayout layout, Spec spec, string exercise)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(spec.Id, $@"^{spec.Chapter}\.\d+$"))
        {
            throw new GraderException($"--id {spec.Id}: a task of chapter {spec.Chapter} is {spec.Chapter}.K, K a number (quick questions are added by hand: their test holds the answer's hash)");
        }
        var existing = SolutionTask.ReadAll(layout);
        if (existing.FirstOrDefault(task => task.Id == spec.Id) is { } taken)
        {
            throw new GraderException($"--id {spec.Id}: task {spec.Id} exists already ({taken.Title}, {taken.MethodName})");
        }
        if (existing.Where(task => task.Id.Split('.')[0] == spec.Chapter.ToString() && !TaskCatalog.IsQuestion(task.Id)).LastOrDefault() is { } last
            && TaskIdComparer.Instance.Compare(last.Id, spec.Id) > 0)
        {
            throw new GraderException($"--id {spec.Id}: a new task comes after the chapter's last, {last.Id}, so that no id moves");
        }
        if (!SyntaxFacts.IsValidIdentifier(spec.Name) || !char.IsAsciiLetterUpper(spec.Name[0]))
        {
            throw new GraderException($"--name {spec.Name}: a method name in PascalCase, such as Dropout");
        }
        if (File.ReadAllText(exercise).Contains($" {spec.Name}(", StringComparison.Ordinal))
        {
            throw new GraderException($"--name {spec.Name}: {Path.GetFileName(exercise)} has a method of that name already");
        }
        if (spec.Title.Contains('|') || spec.Title.Contains('\n') || spec.Title.Trim().Length == 0)
        {
            throw new GraderException("--title: one line, without '|' (it is a cell of the README's table)");
        }
        var parsed = SyntaxFactory.ParseMemberDeclaration($"public static {spec.Returns} {spec.Name}({spec.Parameters}) {{ }}");
        if (parsed is not MethodDeclarationSyntax method || parsed.ContainsDiagnostics)
        {
            throw new GraderException($"--returns '{spec.Returns}' --parameters '{spec.Parameters}' do not make a method signature: {parsed?.GetDiagnostics().FirstOrDefault()?.GetMessage() ?? "unreadable"}");
        }
        if (method.ParameterList.Parameters.Count > 16 || method.ParameterList.Parameters.Any(parameter => parameter.Modifiers.Count > 0))
        {
            throw new GraderException($"--parameters '{spec.Parameters}': at most 16, without ref, out, in or params, so that a Func or Action can hold the method (the notebook's check and the visible tests take it so)");
        }
        foreach (var entry in spec.NotAllowed)
        {
            NotAllowedMembers.Resolve(entry);
        }
        return method;
    }

    // The method goes after the class's last task, before its quick questions.
    private static string AddMethod(string text, Spec spec, MethodDeclarationSyntax method)
    {
        var isVoid = method.ReturnType is PredefinedTypeSyntax { Keyword.ValueText: "void" };
        var lines = new List<string> { $"    // Task {spec.Id}: {spec.Title}" };
        if (spec.NotAllowed.Count > 0)
        {
            lines.Add($"    {NotAllowedMembers.Prefix}{string.Join(", ", spec.NotAllowed)}");
        }
        lines.AddRange([
            $"    /// <summary>{System.Security.SecurityElement.Escape(spec.Summary)}</summary>",
            $"    public static {spec.Returns} {spec.Name}({spec.Parameters})",
            "    {",
            $"        {SolutionRegions.Begin}",
            $"        // Placeholder from dlc-grade new-task: the reference solution of task {spec.Id} goes here.",
        ]);
        if (!isVoid)
        {
            lines.Add("        return default!;");
        }
        lines.AddRange([$"        {SolutionRegions.End}", "    }", ""]);
        var block = string.Join("\n", lines) + "\n";
        var question = text.IndexOf("    // Question ", StringComparison.Ordinal);
        return question >= 0 ? text.Insert(question, block) : text.Insert(text.LastIndexOf('}'), "\n" + block.TrimEnd('\n') + "\n");
    }

    private static string ClassName(string text, string path) =>
        CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText
            ?? throw new GraderException($"{path}: no class to add the task to");

    // A fixture of the visible tests: the notebook's check runs it on the learner's function.
    private static string AddFixture(string text, string exerciseText, Spec spec, MethodDeclarationSyntax method, string className)
    {
        var parameterTypes = method.ParameterList.Parameters.Select(parameter => parameter.Type!.ToString()).ToList();
        var isVoid = method.ReturnType is PredefinedTypeSyntax { Keyword.ValueText: "void" };
        var delegateType = isVoid
            ? parameterTypes.Count == 0 ? "Action" : $"Action<{string.Join(", ", parameterTypes)}>"
            : $"Func<{string.Join(", ", parameterTypes.Append(spec.Returns))}>";
        var field = char.ToLowerInvariant(spec.Name[0]) + spec.Name[1..];
        field = SyntaxFacts.GetKeywordKind(field) == SyntaxKind.None ? field : "@" + field;
        var fixture = $"Task{spec.Id.Replace('.', '_')}_{spec.Name}";
        var fixtureText = $$"""

            [TestFixture, Category("task:{{spec.Id}}")]
            public sealed class {{fixture}}({{delegateType}} {{field}})
            {
                public {{fixture}}() : this({{className}}.{{spec.Name}}) { }

                // Placeholder from dlc-grade new-task, to be replaced by tests of what task {{spec.Id}} asks: it only calls the
                // function, which the stub fails and the placeholder reference passes. Give each test a [Hint].
                [Test, Hint("write {{spec.Name}}: it still throws NotImplementedException")]
                public void RunsOnDefaultArguments() => {{field}}({{DefaultArguments(method)}});
            }

            """;
        return AddUsings(text, exerciseText) + fixtureText.TrimEnd('\n') + "\n";
    }

    // A hidden test, in the chapter's hidden fixture: only the grader runs it.
    private static string AddHiddenTest(string text, string path, Spec spec, MethodDeclarationSyntax method, string className)
    {
        var fixture = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .FirstOrDefault(type => type.AttributeLists.ToString().Contains("Category(\"hidden\")", StringComparison.Ordinal))
            ?? throw new GraderException($"{path}: no fixture with [Category(\"hidden\")] to add the hidden test to");
        var test = $$"""

                // Placeholder from dlc-grade new-task, to be replaced by hidden tests of task {{spec.Id}}: the cases the visible tests leave out.
                [Test, Category("task:{{spec.Id}}"), Hint("write {{spec.Name}}: it still throws NotImplementedException")]
                public void {{spec.Name}}RunsOnDefaultArguments() => {{className}}.{{spec.Name}}({{DefaultArguments(method)}});

            """;
        var at = fixture.CloseBraceToken.SpanStart;
        var lineStart = text.LastIndexOf('\n', at - 1) + 1;
        return text.Insert(lineStart, test);
    }

    private static string DefaultArguments(MethodDeclarationSyntax method) => string.Join(", ", method.ParameterList.Parameters.Select(_ => "default!"));

    // The exercise file's usings that the test file lacks: its types name the signature's.
    private static string AddUsings(string testText, string exerciseText)
    {
        var present = CSharpSyntaxTree.ParseText(testText).GetCompilationUnitRoot().Usings.Select(directive => directive.ToString()).ToHashSet();
        var missing = CSharpSyntaxTree.ParseText(exerciseText).GetCompilationUnitRoot().Usings.Select(directive => directive.ToString()).Where(directive => !present.Contains(directive)).ToList();
        return missing.Count == 0 ? testText : string.Join("\n", missing) + "\n" + (present.Count == 0 ? "\n" : "") + testText;
    }

    // The exercises and both test assemblies compile with the new texts, as the SDK builds them (warnings are errors).
    private static void CompileAll(CourseLayout layout, Dictionary<string, string> changed)
    {
        SourceFile Source((string Relative, string Full) file) => new(file.Relative, changed.GetValueOrDefault(file.Full) ?? File.ReadAllText(file.Full));
        var exercises = CSharpCompiler.Compile(ExerciseCompilation.AssemblyName, CourseLayout.SourceFiles(layout.SolutionExercises).Select(Source),
            CSharpCompiler.ExerciseReferences(), [], checkDocumentation: true);
        var problems = exercises.Errors.Concat(exercises.Warnings).ToList();
        if (exercises.Success)
        {
            var tests = CSharpCompiler.Compile(TestAssemblies.HiddenName, CourseLayout.SourceFiles(layout.SolutionTests).Select(Source),
                CSharpCompiler.LibraryReferences().Append(MetadataReference.CreateFromImage(exercises.Image!)),
                CSharpCompiler.ProjectUsings(Path.Combine(layout.SolutionTests, $"{TestAssemblies.VisibleName}.csproj")), checkDocumentation: true);
            problems.AddRange(tests.Errors.Concat(tests.Warnings));
        }
        if (problems.Count > 0)
        {
            throw new GraderException($"the new task does not compile, so nothing was written:\n{string.Join("\n", problems.Take(8).Select(CSharpCompiler.Format))}");
        }
    }

    // A markdown cell that asks for the task, the your-turn cell (filled by generation) and its check, after the check
    // of the chapter's last task (or at the end of a chapter without one).
    private static string AddCells(string text, string path, Spec spec)
    {
        var notebook = JupyterJson.Parse(text, path);
        var cells = notebook["cells"]!.AsArray();
        var ids = cells.Select(cell => (string?)cell!["id"]).ToHashSet();
        var lastTask = cells.Select((cell, index) => (Task: NotebookGenerator.TaskOfCell(cell!.AsObject()), Index: index))
            .LastOrDefault(cell => cell.Task is not null && !TaskCatalog.IsQuestion(cell.Task));
        var at = lastTask.Task is null ? cells.Count : Math.Min(lastTask.Index + 2, cells.Count);
        var suffix = spec.Id.Replace('.', '-');
        var added = new[]
        {
            Cell("markdown", Unique($"your-turn-{suffix}", ids),
                $"### Your turn (task {spec.Id}): {spec.Title}\n\nWrite `{spec.Name}`. (Placeholder from dlc-grade new-task: say here what the task asks and why.)"),
            Cell("code", NotebookGenerator.CellId(spec.Id), ""),
            Cell("code", Unique($"check-{suffix}", ids), $"Check(\"{spec.Id}\", {spec.Name});"),
        };
        for (var i = 0; i < added.Length; i++)
        {
            cells.Insert(at + i, added[i]);
        }
        return JupyterJson.Write(notebook);
    }

    private static JsonObject Cell(string type, string id, string source)
    {
        var cell = new JsonObject { ["cell_type"] = type, ["id"] = id, ["source"] = JupyterJson.SourceLines(source) };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
            cell["metadata"] = new JsonObject
            {
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
            };
        }
        else
        {
            cell["metadata"] = new JsonObject();
        }
        return cell;
    }

    private static string Unique(string id, HashSet<string?> taken)
    {
        var unique = id;
        for (var n = 2; taken.Contains(unique); n++)
        {
            unique = $"{id}-{n}";
        }
        taken.Add(unique);
        return unique;
    }
}
