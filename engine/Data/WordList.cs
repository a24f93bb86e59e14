namespace DeepLearning.Data;

/// <summary>
/// English words for a character-level language model, read from the system dictionary
/// <see cref="SystemPath"/> (Debian package <c>wamerican</c>) or, where that is absent, from a list
/// of a few thousand of its words embedded in this assembly (made by <c>engine/MakeEmbeddedSubset</c>).
/// </summary>
/// <remarks>
/// Only words made entirely of the letters a to z are kept: that drops proper nouns ("Aachen"),
/// possessives ("abbey's"), accented words ("éclair") and hyphenated ones, so every word fits the
/// 27-token <see cref="CharacterVocabulary"/>. Duplicates are dropped, the first occurrence kept.
/// </remarks>
public sealed class WordList
{
    /// <summary>The dictionary that the Debian package <c>wamerican</c> installs.</summary>
    public const string SystemPath = "/usr/share/dict/words";

    private const string EmbeddedResource = "DeepLearning.Data.Embedded.words.txt";

    private WordList(IReadOnlyList<string> words, string source)
    {
        Words = words;
        Source = source;
    }

    /// <summary>The words, in the order first met.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Where the words came from, for people: a path and counts, or the embedded list.</summary>
    public string Source { get; }

    public int Count => Words.Count;

    /// <summary>
    /// Loads <paramref name="path"/> when given (an error if it does not exist), else <see cref="SystemPath"/>
    /// when it exists, else the embedded list.
    /// </summary>
    public static WordList Load(string? path = null)
    {
        if (path is not null)
        {
            return LoadFile(path);
        }
        if (File.Exists(SystemPath))
        {
            return LoadFile(SystemPath);
        }
        var embedded = LoadEmbedded();
        return new WordList(embedded.Words, $"{embedded.Source}; {SystemPath} was not found (apt-get install wamerican gives the full list)");
    }

    /// <summary>Loads a word file, one word a line.</summary>
    public static WordList LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"word list: the file '{path}' does not exist", path);
        }
        var lines = File.ReadAllLines(path);
        var words = Filter(lines);
        return new WordList(words, $"{path} ({words.Count} lower-case a-z words of {lines.Length} lines)");
    }

    /// <summary>Loads the list embedded in this assembly: every 16th a-z word of wamerican's dictionary.</summary>
    public static WordList LoadEmbedded()
    {
        using var stream = typeof(WordList).Assembly.GetManifestResourceStream(EmbeddedResource)
            ?? throw new InvalidOperationException($"word list: the embedded resource {EmbeddedResource} is missing from the engine assembly");
        using var reader = new StreamReader(stream);
        var words = Filter(reader.ReadToEnd().Split('\n'));
        return new WordList(words, $"embedded word list ({words.Count} words sampled from wamerican's {SystemPath})");
    }

    /// <summary>A word list from lines already in memory, filtered as a file would be.</summary>
    public static WordList FromLines(IEnumerable<string> lines, string source) => new(Filter(lines), source);

    /// <summary>Whether a word is kept: non-empty and only the letters a to z.</summary>
    public static bool IsKept(string word) => word.Length > 0 && word.All(character => character is >= 'a' and <= 'z');

    /// <summary>The (context → next character) examples of all the words; see <see cref="CharacterExamples"/>.</summary>
    public CharacterExamples Examples(int contextLength) => CharacterExamples.FromWords(Words, contextLength);

    /// <summary>
    /// Shuffles the words with <paramref name="generator"/> and cuts them into a training, a validation
    /// and a test list, so that a model is judged on words it never saw.
    /// </summary>
    public (WordList Train, WordList Validation, WordList Test) Split(Generator generator, double trainFraction = 0.8,
        double validationFraction = 0.1)
    {
        if (trainFraction < 0 || validationFraction < 0 || trainFraction + validationFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction),
                $"word list split: fractions {trainFraction} and {validationFraction} must be non-negative and sum to at most 1");
        }
        var shuffled = generator.Permutation(Count).Select(index => Words[index]).ToArray();
        var trainCount = (int)(Count * trainFraction);
        var validationCount = (int)(Count * validationFraction);
        WordList Part(int start, int count, string name) =>
            new(shuffled[start..(start + count)], $"{name} split ({count} words) of {Source}");
        return (Part(0, trainCount, "train"),
                Part(trainCount, validationCount, "validation"),
                Part(trainCount + validationCount, Count - trainCount - validationCount, "test"));
    }

    private static List<string> Filter(IEnumerable<string> lines)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return lines.Select(line => line.Trim()).Where(word => IsKept(word) && seen.Add(word)).ToList();
    }
}
