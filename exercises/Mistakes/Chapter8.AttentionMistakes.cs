namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 8's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class AttentionMistakes
{
    [Mistake("8.1", "counts the pairs inside each word only, without the '.' around it", mustName: "not framed by '.'")]
    public static int[,] Unframed(IEnumerable<string> words)
    {
        var counts = new int[27, 27];
        foreach (var word in words)
        {
            for (var i = 1; i < word.Length; i++)
            {
                counts[word[i - 1] - 'a' + 1, word[i] - 'a' + 1]++;
            }
        }
        return counts;
    }

    [Mistake("8.1", "numbers the letters from 0 ('a' - 'a')", mustName: "off by one")]
    public static int[,] LettersFromZero(IEnumerable<string> words)
    {
        var counts = new int[27, 27];
        foreach (var word in words)
        {
            var previous = 0;
            foreach (var character in word)
            {
                counts[previous, character - 'a']++;
                previous = character - 'a';
            }
            counts[previous, 0]++;
        }
        return counts;
    }

    [Mistake("8.2", "masks the diagonal too (column >= row)", mustName: "diagonal is masked")]
    public static Tensor DiagonalMasked(int time) => Mask(time, (row, column) => column >= row, -1e9f);

    [Mistake("8.2", "masks the past instead of the future", mustName: "transpose of the causal one")]
    public static Tensor PastMasked(int time) => Mask(time, (row, column) => column < row, -1e9f);

    [Mistake("8.2", "a 0/1 mask", mustName: "0 and 1")]
    public static Tensor Boolean(int time) => Mask(time, (row, column) => column > row, 1);

    [Mistake("8.3", "forgets to divide by √D", mustName: "not divided by √D")]
    public static Tensor Unscaled(Tensor queries, Tensor keys, bool causal) => Masked(queries.MatMul(keys.T), causal);

    [Mistake("8.3", "K Qᵀ instead of Q Kᵀ", mustName: "transpose")]
    public static Tensor KeysFirst(Tensor queries, Tensor keys, bool causal) => Masked(keys.MatMul(queries.T) / MathF.Sqrt(queries.Size(-1)), causal);

    [Mistake("8.3", "ignores causal", mustName: "not masked")]
    public static Tensor IgnoresCausal(Tensor queries, Tensor keys, bool causal) => queries.MatMul(keys.T) / MathF.Sqrt(queries.Size(-1));

    [Mistake("8.3", "transposes K with .T, which only a matrix has: right for (T, D), wrong with batch axes", mustName: "Transpose(-1, -2), not keys.T")]
    public static Tensor TransposesWithT(Tensor queries, Tensor keys, bool causal) => Masked(queries.MatMul(keys.T) / MathF.Sqrt(queries.Size(-1)), causal);

    [Mistake("8.4", "softmax along axis -2", mustName: "over the queries")]
    public static Tensor SoftmaxOverQueries(Tensor queries, Tensor keys, Tensor values, bool causal) => Attend(queries, keys, values, causal, axis: -2);

    [Mistake("8.4", "ignores causal", mustName: "attends to later positions")]
    public static Tensor IgnoresCausal(Tensor queries, Tensor keys, Tensor values, bool causal) => Attend(queries, keys, values, causal: false, axis: -1);

    [Mistake("8.4", "transposes K with .T, which only a matrix has: right for (T, D), wrong with batch axes", mustName: "Transpose(-1, -2), not keys.T")]
    public static Tensor AttendsWithT(Tensor queries, Tensor keys, Tensor values, bool causal) => Attend(queries, keys, values, causal, axis: -1, matrixTranspose: true);

    private static Tensor Mask(int time, Func<int, int, bool> hidden, float value)
    {
        var mask = Tensor.Zeros(time, time);
        for (var row = 0; row < time; row++)
        {
            for (var column = 0; column < time; column++)
            {
                mask[row, column] = hidden(row, column) ? value : 0;
            }
        }
        return mask;
    }

    private static Tensor Masked(Tensor scores, bool causal) => causal ? scores + Mask(scores.Size(-1), (row, column) => column > row, -1e9f) : scores;

    private static Tensor Attend(Tensor queries, Tensor keys, Tensor values, bool causal, int axis, bool matrixTranspose = false)
    {
        var scores = Masked(queries.MatMul(matrixTranspose ? keys.T : keys.Transpose(-1, -2)) / MathF.Sqrt(queries.Size(-1)), causal);
        var weights = (scores - scores.Max(axis, keepDims: true)).Exp();
        return (weights / weights.Sum(axis, keepDims: true)).MatMul(values);
    }
}
