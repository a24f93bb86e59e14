namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 7's stand-ins: the RNN and GRU steps with the engine's ops (as its cells compute them), the course's backward and clipping.</summary>
public static class Chapter07Fallbacks
{
    [FallbackFor("7.1", "the engine's ops, tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (as RnnCell)")]
    public static Tensor RnnCellForward(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) =>
        (input.MatMul(weightIh.T) + biasIh + hidden.MatMul(weightHh.T) + biasHh).Tanh();

    [FallbackFor("7.2", "the course's backward, step by step from h_T back to h_0")]
    public static (Tensor GradWeightHh, Tensor GradInitialState) BackpropagationThroughTime(Tensor weightHh, IReadOnlyList<Tensor> states, Tensor lastStateGrad)
    {
        var (gradWeightHh, gradState) = (Tensor.Zeros(weightHh.Shape), lastStateGrad);
        for (var t = states.Count - 1; t >= 1; t--)
        {
            var gradPreActivation = gradState * (1f - states[t] * states[t]);
            gradWeightHh += gradPreActivation.T.MatMul(states[t - 1]);
            gradState = gradPreActivation.MatMul(weightHh);
        }
        return (gradWeightHh, gradState);
    }

    [FallbackFor("7.3", "the course's clipping, the same scaling as GradientClipping.ClipGradNorm")]
    public static float ClipByGlobalNorm(float[][] gradients, float maxNorm)
    {
        var norm = (float)Math.Sqrt(gradients.Sum(gradient => gradient.Sum(g => (double)g * g)));
        if (norm > maxNorm)
        {
            foreach (var gradient in gradients)
            {
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] *= maxNorm / norm;
                }
            }
        }
        return norm;
    }

    [FallbackFor("7.4", "the engine's ops in PyTorch's gate order r, z, n (as GruCell)")]
    public static Tensor GruCellForward(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh)
    {
        var size = hidden.Size(1);
        var (x, h) = (input.MatMul(weightIh.T) + biasIh, hidden.MatMul(weightHh.T) + biasHh);
        Tensor Gate(Tensor stacked, int k) => stacked.Slice(1, k * size, (k + 1) * size);
        var reset = (Gate(x, 0) + Gate(h, 0)).Sigmoid();
        var update = (Gate(x, 1) + Gate(h, 1)).Sigmoid();
        var candidate = (Gate(x, 2) + reset * Gate(h, 2)).Tanh();
        return (1f - update) * candidate + update * hidden;
    }
}
