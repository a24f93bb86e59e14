namespace DeepLearning.Data;

/// <summary>
/// The 27 tokens of the character-level word model: token 0 is '.', the end-of-word mark (which also
/// pads the context before a word's first letter), and tokens 1 to 26 are 'a' to 'z'.
/// </summary>
/// <remarks>
/// Fixed rather than gathered from the words, so that a model trained on the embedded list and one
/// trained on the full dictionary number the characters alike and their checkpoints are interchangeable.
/// </remarks>
public static class CharacterVocabulary
{
    /// <summary>The end-of-word token, also the padding at the start of a word.</summary>
    public const char EndOfWord = '.';

    /// <summary>The characters in token order: token i is Characters[i].</summary>
    public const string Characters = ".abcdefghijklmnopqrstuvwxyz";

    /// <summary>The number of tokens, 27.</summary>
    public static int Size => Characters.Length;

    /// <summary>The token of a character: '.' → 0, 'a' → 1, ..., 'z' → 26.</summary>
    public static int TokenOf(char character)
    {
        var token = Characters.IndexOf(character);
        if (token < 0)
        {
            throw new ArgumentException($"vocabulary: '{character}' (U+{(int)character:X4}) is not one of \"{Characters}\"");
        }
        return token;
    }

    /// <summary>The character of a token: 0 → '.', 1 → 'a', ..., 26 → 'z'.</summary>
    public static char CharacterOf(int token)
    {
        if ((uint)token >= (uint)Characters.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(token), $"vocabulary: token {token} is not in 0..{Characters.Length - 1}");
        }
        return Characters[token];
    }

    /// <summary>The tokens of a text, one per character.</summary>
    public static int[] Encode(string text) => text.Select(TokenOf).ToArray();

    /// <summary>The text of a token sequence.</summary>
    public static string Decode(IEnumerable<int> tokens) => new(tokens.Select(CharacterOf).ToArray());
}
