namespace DeepLearning.Data;

/// <summary>
/// Training examples for a character-level language model: each pairs the tokens of the
/// <see cref="ContextLength"/> characters before a position with the token at that position.
/// </summary>
/// <remarks>
/// A word of length L gives L + 1 examples: one per letter and one for the end-of-word mark, the context
/// padded on the left with '.' (token 0) before the first letter. With context length 3, "emma" gives
/// <code>
/// ... → e    ..e → m    .em → m    emm → a    mma → .
/// </code>
/// The model thus learns both how words start (from an all-'.' context) and when they end.
/// </remarks>
/// <param name="Contexts">Count × ContextLength tokens, row-major: example i's context is Contexts[i*N .. i*N+N).</param>
/// <param name="Targets">The token that follows each context.</param>
/// <param name="ContextLength">N, the characters of context per example.</param>
public sealed record CharacterExamples(int[] Contexts, int[] Targets, int ContextLength)
{
    /// <summary>The number of examples.</summary>
    public int Count => Targets.Length;

    /// <summary>The context tokens of example <paramref name="index"/>, oldest character first.</summary>
    public ReadOnlySpan<int> Context(int index) => Contexts.AsSpan(index * ContextLength, ContextLength);

    /// <summary>Builds the examples of every word, word after word, in order.</summary>
    public static CharacterExamples FromWords(IEnumerable<string> words, int contextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextLength);
        var contexts = new List<int>();
        var targets = new List<int>();
        var context = new int[contextLength];
        foreach (var word in words)
        {
            if (word.Length == 0 || word.Contains(CharacterVocabulary.EndOfWord))
            {
                throw new ArgumentException(
                    $"character examples: \"{word}\" cannot be a word: words are non-empty and '{CharacterVocabulary.EndOfWord}' marks their end");
            }
            Array.Fill(context, CharacterVocabulary.TokenOf(CharacterVocabulary.EndOfWord));
            foreach (var character in word + CharacterVocabulary.EndOfWord)
            {
                var token = CharacterVocabulary.TokenOf(character);
                contexts.AddRange(context);
                targets.Add(token);
                // Slide the window one character on: drop the oldest, append the one just predicted.
                Array.Copy(context, 1, context, 0, contextLength - 1);
                context[^1] = token;
            }
        }
        return new CharacterExamples(contexts.ToArray(), targets.ToArray(), contextLength);
    }
}
