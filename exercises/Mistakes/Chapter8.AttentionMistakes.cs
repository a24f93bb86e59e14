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

    [Mistake("8.5", "uses only the Jacobian's diagonal, sᵢ(1 - sᵢ)", mustName: "only J's diagonal")]
    public static Tensor DiagonalOnly(Tensor softmaxOutput, Tensor outputGrad) => softmaxOutput * (1 - softmaxOutput) * outputGrad;

    [Mistake("8.5", "takes ⟨s, ḡ⟩ over the whole tensor instead of one per row", mustName: "one dot product per row")]
    public static Tensor DotOverEverything(Tensor softmaxOutput, Tensor outputGrad) =>
        softmaxOutput * (outputGrad - (softmaxOutput * outputGrad).Sum());

    [Mistake("8.5", "leaves out the factor s: ḡ - ⟨s, ḡ⟩", mustName: "not multiplied by s")]
    public static Tensor NotTimesSoftmax(Tensor softmaxOutput, Tensor outputGrad) =>
        outputGrad - (softmaxOutput * outputGrad).Sum(-1, keepDims: true);

    [Mistake("8.6", "treats μ and σ as constants: x̄ = γ·ȳ/σ", mustName: "treats μ and σ as constants")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) LayerNormStatisticsAsConstants(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var (normalised, deviation) = NormaliseRows(input, epsilon);
        var features = input.Size(-1);
        return (gamma * outputGrad / deviation, (outputGrad * normalised).SumToShape([features]), outputGrad.SumToShape([features]));
    }

    [Mistake("8.6", "multiplies by γ at the end, as batch norm may, instead of inside the sums over the features", mustName: "γ multiplies the result")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) GammaOutsideTheSums(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var (normalised, deviation) = NormaliseRows(input, epsilon);
        var features = input.Size(-1);
        var gradInput = gamma / (features * deviation) * (features * outputGrad - outputGrad.Sum(-1, keepDims: true)
            - normalised * (outputGrad * normalised).Sum(-1, keepDims: true));
        return (gradInput, (outputGrad * normalised).SumToShape([features]), outputGrad.SumToShape([features]));
    }

    [Mistake("8.6", "sums γ̄ and β̄ over the first axis only", mustName: "summed over the first axis only")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) ParameterGradientsOverFirstAxis(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var (normalised, deviation) = NormaliseRows(input, epsilon);
        var features = input.Size(-1);
        var scaled = gamma * outputGrad;
        var gradInput = (features * scaled - scaled.Sum(-1, keepDims: true) - normalised * (scaled * normalised).Sum(-1, keepDims: true)) / (features * deviation);
        return (gradInput, (outputGrad * normalised).Sum(0), outputGrad.Sum(0));
    }

    private static (Tensor Normalised, Tensor Deviation) NormaliseRows(Tensor input, float epsilon)
    {
        var centred = input - input.Mean(-1, keepDims: true);
        var deviation = (centred.Pow(2).Mean(-1, keepDims: true) + epsilon).Sqrt();
        return (centred / deviation, deviation);
    }
}
