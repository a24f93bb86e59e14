namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 7: a recurrent network reads a sequence one step at a time and keeps a hidden state, a running summary of
/// what it has read. States are (B, H) for a batch of B sequences and H hidden units; weights are stacked as PyTorch
/// stacks them: W_ih (G·H, I), W_hh (G·H, H), biases (G·H), G gates.
/// </summary>
public static class Recurrent
{
    // Task 7.1: one step of a vanilla RNN
    // Write it yourself; not allowed here: RnnCell, Rnn, RnnUnit
    /// <summary>
    /// h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) for an input x (B, I), a state h (B, H), W_ih (H, I), W_hh (H, H)
    /// and biases (H); gives h' (B, H), as torch.nn.RNNCell.
    /// </summary>
    public static Tensor RnnCellForward(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh)
    {
        // BEGIN SOLUTION
        return (input.MatMul(weightIh.T) + biasIh + hidden.MatMul(weightHh.T) + biasHh).Tanh();
        // END SOLUTION
    }

    // Task 7.2: backpropagation through time by hand
    // Write it yourself; not allowed here: Tensor.Backward
    /// <summary>
    /// The gradients of a vanilla RNN, h_t = tanh(a_t) with a_t = x_t W_ihᵀ + b + h_(t-1) W_hhᵀ, from the states it
    /// went through, <paramref name="states"/> = h_0, h_1, …, h_T (each (B, H)), and dL/dh_T = <paramref name="lastStateGrad"/>
    /// (the loss depends on h_T only). Walk back from t = T to 1: dL/da_t = dL/dh_t ⊙ (1 − h_t²);
    /// dL/dW_hh += (dL/da_t)ᵀ h_(t-1); dL/dh_(t-1) = dL/da_t W_hh. Gives dL/dW_hh (H, H) and dL/dh_0 (B, H).
    /// </summary>
    public static (Tensor GradWeightHh, Tensor GradInitialState) BackpropagationThroughTime(Tensor weightHh, IReadOnlyList<Tensor> states, Tensor lastStateGrad)
    {
        // BEGIN SOLUTION
        var gradWeightHh = Tensor.Zeros(weightHh.Shape);
        var gradState = lastStateGrad;
        for (var t = states.Count - 1; t >= 1; t--)
        {
            // tanh'(a_t) = 1 − tanh(a_t)² = 1 − h_t²: the step's own output gives its local derivative.
            var gradPreActivation = gradState * (1f - states[t] * states[t]);
            gradWeightHh += gradPreActivation.T.MatMul(states[t - 1]);
            gradState = gradPreActivation.MatMul(weightHh);
        }
        return (gradWeightHh, gradState);
        // END SOLUTION
    }

    // Task 7.3: gradient clipping by global norm
    // Write it yourself; not allowed here: GradientClipping
    /// <summary>
    /// Scales every gradient by the same factor so that their global norm ‖g‖ = √(Σ over all arrays of Σ g²) is at most
    /// <paramref name="maxNorm"/>: when ‖g‖ > maxNorm, multiply each element by maxNorm / ‖g‖, in place; otherwise
    /// leave them. Returns ‖g‖ before clipping.
    /// </summary>
    public static float ClipByGlobalNorm(float[][] gradients, float maxNorm)
    {
        // BEGIN SOLUTION
        var sumOfSquares = 0.0;
        foreach (var gradient in gradients)
        {
            foreach (var g in gradient)
            {
                sumOfSquares += (double)g * g;
            }
        }
        var norm = (float)Math.Sqrt(sumOfSquares);
        if (norm > maxNorm)
        {
            var scale = maxNorm / norm;
            foreach (var gradient in gradients)
            {
                for (var i = 0; i < gradient.Length; i++)
                {
                    gradient[i] *= scale;
                }
            }
        }
        return norm;
        // END SOLUTION
    }

    // Task 7.4: one step of a GRU
    // Write it yourself; not allowed here: GruCell, Gru, GruUnit
    /// <summary>
    /// One GRU step, as torch.nn.GRUCell, for x (B, I), h (B, H), W_ih (3H, I), W_hh (3H, H), biases (3H), the gates
    /// stacked in the order r, z, n (rows 0..H, H..2H, 2H..3H). With x_g = x W_i_gᵀ + b_i_g and h_g = h W_h_gᵀ + b_h_g:
    /// r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r ⊙ h_n), h' = (1 − z) ⊙ n + z ⊙ h.
    /// </summary>
    public static Tensor GruCellForward(Tensor input, Tensor hidden, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh)
    {
        // BEGIN SOLUTION
        var size = hidden.Size(1);
        var projectedInput = input.MatMul(weightIh.T) + biasIh;
        var projectedHidden = hidden.MatMul(weightHh.T) + biasHh;
        Tensor InputGate(int k) => projectedInput.Slice(1, k * size, (k + 1) * size);
        Tensor HiddenGate(int k) => projectedHidden.Slice(1, k * size, (k + 1) * size);
        var reset = (InputGate(0) + HiddenGate(0)).Sigmoid();
        var update = (InputGate(1) + HiddenGate(1)).Sigmoid();
        var candidate = (InputGate(2) + reset * HiddenGate(2)).Tanh();
        return (1f - update) * candidate + update * hidden;
        // END SOLUTION
    }

    // Question 7.a: the parameters of an RNN layer
    /// <summary>Your answer to quick question 7.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question7A()
    {
        // BEGIN SOLUTION
        return 5952;
        // END SOLUTION
    }

    // Question 7.b: what clipping does to a gradient
    /// <summary>Your answer to quick question 7.b in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question7B()
    {
        // BEGIN SOLUTION
        return 'B';
        // END SOLUTION
    }

    // Question 7.c: a GRU whose update gate is shut
    /// <summary>Your answer to quick question 7.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question7C()
    {
        // BEGIN SOLUTION
        return 'B';
        // END SOLUTION
    }
}
