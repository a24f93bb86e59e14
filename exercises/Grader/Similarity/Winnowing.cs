namespace DeepLearning.Grading.Similarity;

/// <summary>
/// MOSS's fingerprints of a token sequence (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for
/// document fingerprinting", SIGMOD 2003).
/// </summary>
/// <remarks>
/// For tokens t₁…tₙ, hash every k-gram: hᵢ = H(tᵢ, …, tᵢ₊ₖ₋₁), i = 1…n−k+1. Slide a window over w consecutive
/// hashes and keep, in each window, the smallest (the rightmost one on a tie); the kept hashes with their positions
/// are the fingerprints, about 2/(w+1) of all k-grams. Two guarantees follow:
/// <list type="bullet">
/// <item>a run of at least t = w + k − 1 tokens that two sequences share gives them a fingerprint in common (the
/// run holds a whole window of the same hashes, whose minimum both keep);</item>
/// <item>a run shorter than k tokens never does (no k-gram fits in it): k is the noise threshold.</item>
/// </list>
/// With k = <see cref="K"/> and w = <see cref="W"/>, t = 19 tokens, about two statements of code.
/// </remarks>
public static class Winnowing
{
    /// <summary>The k-gram length: a shared run shorter than this many tokens is noise.</summary>
    public const int K = 12;

    /// <summary>The window: any shared run of <see cref="GuaranteeThreshold"/> tokens or more is found.</summary>
    public const int W = 8;

    public const int GuaranteeThreshold = W + K - 1;

    /// <summary>The hash of each k-gram, hᵢ for i = 0…n−k (none for fewer than k tokens).</summary>
    public static ulong[] KGramHashes(IReadOnlyList<ulong> tokens)
    {
        var hashes = new ulong[Math.Max(0, tokens.Count - K + 1)];
        for (var i = 0; i < hashes.Length; i++)
        {
            var hash = 0UL;
            for (var j = 0; j < K; j++)
            {
                hash = unchecked(hash * 1_000_003UL + tokens[i + j]);
            }
            hashes[i] = Mix(hash);
        }
        return hashes;
    }

    /// <summary>The fingerprints: (hash, position of its k-gram) for the minimum of each window, each position once.</summary>
    public static IReadOnlyList<(ulong Hash, int Position)> Fingerprints(IReadOnlyList<ulong> tokens)
    {
        var hashes = KGramHashes(tokens);
        var kept = new List<(ulong Hash, int Position)>();
        // A sequence shorter than one window is one window.
        var windows = hashes.Length == 0 ? 0 : Math.Max(1, hashes.Length - W + 1);
        for (var start = 0; start < windows; start++)
        {
            var smallest = start;
            for (var i = start + 1; i < Math.Min(start + W, hashes.Length); i++)
            {
                if (hashes[i] <= hashes[smallest])
                {
                    smallest = i;
                }
            }
            // The next window keeps the same minimum while it stays inside: record it once.
            if (kept.Count == 0 || kept[^1].Position != smallest)
            {
                kept.Add((hashes[smallest], smallest));
            }
        }
        return kept;
    }

    // splitmix64's finaliser: the minimum of a window should be any of its k-grams, not the one with the smallest
    // first token, so the polynomial hash is mixed.
    private static ulong Mix(ulong x)
    {
        x = unchecked((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94d049bb133111ebUL);
        return x ^ (x >> 31);
    }
}
