namespace DeepLearning.Grading.Similarity;

/// <summary>A run of tokens two sequences share: where it starts in each, and how long it is.</summary>
public readonly record struct Tile(int StartA, int StartB, int Length);

/// <summary>
/// Greedy string tiling (Wise, 1993; what JPlag compares with): the shared regions of two token sequences, found
/// exactly, for the pairs the report shows side by side (the fingerprints only say that a pair shares something).
/// </summary>
/// <remarks>
/// Repeat: find the length L of the longest run of tokens that both sequences hold and that no tile covers yet; if
/// L is shorter than the minimum, stop; otherwise make a tile of every such run of length L that does not overlap
/// one made before. The longest common run among unmarked tokens ends at (i, j) with length
/// runᵢⱼ = runᵢ₋₁,ⱼ₋₁ + 1 when aᵢ = bⱼ and neither is marked, else 0: O(|a|·|b|) a round. Swapped or moved
/// blocks are found as separate tiles, which a longest-common-subsequence comparison would miss.
/// </remarks>
public static class TokenTiling
{
    /// <summary>Tokens of each sequence that are tiled: a task's method is far shorter, and the table grows as the product of the two.</summary>
    public const int MaxTokens = 3000;

    public static IReadOnlyList<Tile> Tiles(IReadOnlyList<ulong> a, IReadOnlyList<ulong> b, int minimumLength)
    {
        (a, b) = (a.Take(MaxTokens).ToList(), b.Take(MaxTokens).ToList());
        var markedA = new bool[a.Count];
        var markedB = new bool[b.Count];
        var tiles = new List<Tile>();
        var run = new int[a.Count + 1, b.Count + 1];
        while (true)
        {
            var longest = 0;
            for (var i = 1; i <= a.Count; i++)
            {
                for (var j = 1; j <= b.Count; j++)
                {
                    run[i, j] = a[i - 1] == b[j - 1] && !markedA[i - 1] && !markedB[j - 1] ? run[i - 1, j - 1] + 1 : 0;
                    longest = Math.Max(longest, run[i, j]);
                }
            }
            if (longest < minimumLength)
            {
                return tiles.OrderBy(tile => tile.StartA).ToList();
            }
            for (var i = longest; i <= a.Count; i++)
            {
                for (var j = longest; j <= b.Count; j++)
                {
                    var (startA, startB) = (i - longest, j - longest);
                    // A run ends here; one that overlaps a tile made in this round is left for the next.
                    if (run[i, j] == longest && !Enumerable.Range(0, longest).Any(k => markedA[startA + k] || markedB[startB + k]))
                    {
                        for (var k = 0; k < longest; k++)
                        {
                            markedA[startA + k] = markedB[startB + k] = true;
                        }
                        tiles.Add(new Tile(startA, startB, longest));
                    }
                }
            }
        }
    }
}
