using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

/// <summary>
/// The word list keeps only lower-case a-z words, once each; the vocabulary numbers '.' and a-z; the
/// context examples slide a window over each word padded with '.'; the embedded fallback loads.
/// </summary>
public class WordListTests
{
    private TemporaryFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private string WriteWords(params string[] lines)
    {
        var path = _folder.File("words");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void KeepsLowerCaseLettersOnlyAndEachWordOnce()
    {
        var path = WriteWords("apple", "Apple", "apple's", "banana", "apple", "éclair", "x-ray", "  cherry\r", "", "b");

        var words = WordList.Load(path);

        Assert.That(words.Words, Is.EqualTo(new[] { "apple", "banana", "cherry", "b" }));
        Assert.That(words.Source, Is.EqualTo($"{path} (4 lower-case a-z words of 10 lines)"));
    }

    [Test]
    public void ANamedFileThatIsMissingIsAnError()
    {
        var missing = _folder.File("absent");

        Assert.That(() => WordList.Load(missing),
            Throws.TypeOf<FileNotFoundException>().With.Message.EqualTo($"word list: the file '{missing}' does not exist"));
    }

    [Test]
    public void TheVocabularyIsEndOfWordThenTheAlphabet()
    {
        Assert.That(CharacterVocabulary.Size, Is.EqualTo(27));
        Assert.That(CharacterVocabulary.TokenOf('.'), Is.EqualTo(0));
        Assert.That(CharacterVocabulary.TokenOf('a'), Is.EqualTo(1));
        Assert.That(CharacterVocabulary.TokenOf('z'), Is.EqualTo(26));
        Assert.That(CharacterVocabulary.Encode("emma."), Is.EqualTo(new[] { 5, 13, 13, 1, 0 }));
        Assert.That(CharacterVocabulary.Decode([5, 13, 13, 1, 0]), Is.EqualTo("emma."));
        Assert.That(() => CharacterVocabulary.TokenOf('A'), Throws.ArgumentException);
    }

    [Test]
    public void ExamplesSlideAContextWindowOverEachWord()
    {
        var examples = WordList.FromLines(["emma", "al"], "test").Examples(contextLength: 3);

        // emma: ... → e, ..e → m, .em → m, emm → a, mma → .   then al: ... → a, ..a → l, .al → .
        string[] expectedContexts = ["...", "..e", ".em", "emm", "mma", "...", "..a", ".al"];
        Assert.That(examples.Count, Is.EqualTo(8));
        Assert.That(examples.ContextLength, Is.EqualTo(3));
        Assert.That(Enumerable.Range(0, examples.Count).Select(i => CharacterVocabulary.Decode(examples.Context(i).ToArray())),
            Is.EqualTo(expectedContexts));
        Assert.That(CharacterVocabulary.Decode(examples.Targets), Is.EqualTo("emma.al."));
        Assert.That(examples.Contexts, Has.Length.EqualTo(8 * 3));
    }

    [Test]
    public void SplitsIntoDisjointReproducibleParts()
    {
        var words = WordList.FromLines(Enumerable.Range(0, 100).Select(i => new string((char)('a' + i % 26), 1 + i / 26)), "test");

        var (train, validation, test) = words.Split(new Generator(1));
        var again = words.Split(new Generator(1));

        Assert.That((train.Count, validation.Count, test.Count), Is.EqualTo((80, 10, 10)));
        Assert.That(train.Words.Concat(validation.Words).Concat(test.Words), Is.EquivalentTo(words.Words));
        Assert.That(again.Train.Words, Is.EqualTo(train.Words));
    }

    [Test]
    public void TheEmbeddedFallbackLoads()
    {
        var words = WordList.LoadEmbedded();

        Assert.That(words.Source, Does.StartWith("embedded word list"));
        Assert.That(words.Count, Is.InRange(3000, 5000));
        Assert.That(words.Words, Is.All.Matches<string>(WordList.IsKept));
        Assert.That(words.Words, Is.Unique);
        Assert.That(words.Examples(contextLength: 3).Count, Is.EqualTo(words.Words.Sum(word => word.Length + 1)));
    }
}
