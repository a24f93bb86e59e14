namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 7's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class RecurrentMistakes
{
    [Mistake("7.1", "forgets the tanh", mustName: "no tanh")]
    public static Tensor NoTanh(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) =>
        input.MatMul(weightIh.T) + biasIh + hidden.MatMul(weightHh.T) + biasHh;

    [Mistake("7.1", "adds only one of the two biases", mustName: "b_hh is not added")]
    public static Tensor OneBias(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) =>
        (input.MatMul(weightIh.T) + biasIh + hidden.MatMul(weightHh.T)).Tanh();

    [Mistake("7.2", "assigns each step's term to dW_hh (=) instead of adding it (+=)", mustName: "add (+=)")]
    public static (Tensor GradWeightHh, Tensor GradInitialState) Overwrites(Tensor weightHh, IReadOnlyList<Tensor> states, Tensor lastStateGrad) =>
        Backpropagate(weightHh, states, lastStateGrad, accumulate: true, transposed: false, overwrite: true);

    [Mistake("7.2", "h_(t-1)ᵀ dL/da_t: the term transposed", mustName: "transpose")]
    public static (Tensor GradWeightHh, Tensor GradInitialState) TermTransposed(Tensor weightHh, IReadOnlyList<Tensor> states, Tensor lastStateGrad) =>
        Backpropagate(weightHh, states, lastStateGrad, accumulate: true, transposed: true, overwrite: false);

    [Mistake("7.3", "clips each array by its own norm", mustName: "its own norm")]
    public static float PerArrayNorm(float[][] gradients, float maxNorm)
    {
        var total = 0.0;
        foreach (var gradient in gradients)
        {
            var norm = Math.Sqrt(gradient.Sum(g => (double)g * g));
            total += norm * norm;
            if (norm > maxNorm)
            {
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] *= (float)(maxNorm / norm);
                }
            }
        }
        return (float)Math.Sqrt(total);
    }

    [Mistake("7.3", "returns the norm after clipping", mustName: "after clipping")]
    public static float ReturnsClippedNorm(float[][] gradients, float maxNorm)
    {
        var norm = (float)Math.Sqrt(gradients.Sum(gradient => gradient.Sum(g => (double)g * g)));
        var scale = Math.Min(1, maxNorm / norm);
        foreach (var gradient in gradients)
        {
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] *= scale;
            }
        }
        return norm * scale;
    }

    [Mistake("7.3", "scales every gradient to maxNorm, even a small one", mustName: "scaled up")]
    public static float AlwaysScales(float[][] gradients, float maxNorm)
    {
        var norm = (float)Math.Sqrt(gradients.Sum(gradient => gradient.Sum(g => (double)g * g)));
        foreach (var gradient in gradients)
        {
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] *= maxNorm / norm;
            }
        }
        return norm;
    }

    [Mistake("7.4", "reads the gates in the order z, r, n", mustName: "wrong order")]
    public static Tensor GatesSwapped(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) =>
        Gru(input, hidden, weightIh, weightHh, biasIh, biasHh, resetIndex: 1, updateIndex: 0, flipped: false);

    [Mistake("7.4", "h' = z ⊙ n + (1 − z) ⊙ h", mustName: "z and 1 − z are swapped")]
    public static Tensor InterpolationFlipped(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) =>
        Gru(input, hidden, weightIh, weightHh, biasIh, biasHh, resetIndex: 0, updateIndex: 1, flipped: true);

    private static (Tensor, Tensor) Backpropagate(Tensor weightHh, IReadOnlyList<Tensor> states, Tensor lastStateGrad, bool accumulate, bool transposed, bool overwrite)
    {
        var gradWeightHh = Tensor.Zeros(weightHh.Shape);
        var gradState = lastStateGrad;
        for (var t = states.Count - 1; t >= 1; t--)
        {
            var gradPreActivation = gradState * (1f - states[t] * states[t]);
            var term = transposed ? states[t - 1].T.MatMul(gradPreActivation) : gradPreActivation.T.MatMul(states[t - 1]);
            gradWeightHh = overwrite || !accumulate ? term : gradWeightHh + term;
            gradState = gradPreActivation.MatMul(weightHh);
        }
        return (gradWeightHh, gradState);
    }

    private static Tensor Gru(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh, int resetIndex, int updateIndex, bool flipped)
    {
        var size = hidden.Size(1);
        var projectedInput = input.MatMul(weightIh.T) + biasIh;
        var projectedHidden = hidden.MatMul(weightHh.T) + biasHh;
        Tensor InputGate(int k) => projectedInput.Slice(1, k * size, (k + 1) * size);
        Tensor HiddenGate(int k) => projectedHidden.Slice(1, k * size, (k + 1) * size);
        var reset = (InputGate(resetIndex) + HiddenGate(resetIndex)).Sigmoid();
        var update = (InputGate(updateIndex) + HiddenGate(updateIndex)).Sigmoid();
        var candidate = (InputGate(2) + reset * HiddenGate(2)).Tanh();
        return flipped ? update * candidate + (1f - update) * hidden : (1f - update) * candidate + update * hidden;
    }
}
