using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("task:7.1"), WriteItYourself("RnnCell", "Rnn", "RnnUnit")]
public sealed class Task7_1_RnnCellForward(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor> rnnCellForward)
{
    public Task7_1_RnnCellForward() : this(Recurrent.RnnCellForward) { }

    [Test, Hint("x W_ihᵀ + b_ih + h W_hhᵀ + b_hh, then tanh: each weight is transposed (.T), each bias broadcasts over the batch")]
    public void MatchesTorchsRnnCell()
    {
        var cell = new RnnCell(3, 4, new Generator(seed: 700));
        var (input, hidden) = (TensorAssert.Random(701, 2, 3), TensorAssert.Random(702, 2, 4));
        var expected = cell.Forward(input, hidden).Detach();
        var preActivation = Tensor.FromArray([.. expected.ToArray().Select(h => 0.5f * MathF.Log((1 + h) / (1 - h)))], expected.Shape);
        var comparison = new Comparison
        {
            Suspects =
            [
                new("no tanh: h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)", preActivation),
                new("b_hh is not added: both biases, b_ih and b_hh, go inside the tanh", (preActivation - cell.BiasHh!.Detach()).Tanh()),
            ],
            Position = index => $"row {index[0]} of the batch, hidden unit {index[1]}",
        };
        TensorAssert.Close(expected, rnnCellForward(input, hidden, cell.WeightIh, cell.WeightHh, cell.BiasIh!, cell.BiasHh!),
            "h' (B, H) for a batch of B = 2, input size I = 3, hidden size H = 4", comparison: comparison);
    }

    [Test, Hint("with zero weights and biases, tanh(0) = 0")]
    public void ZeroWeightsGiveAZeroState()
    {
        var output = rnnCellForward(TensorAssert.Random(703, 1, 2), TensorAssert.Random(704, 1, 3), Tensor.Zeros(3, 2), Tensor.Zeros(3, 3), Tensor.Zeros(3), Tensor.Zeros(3));
        TensorAssert.Close(Tensor.Zeros(1, 3), output, "h' with every weight 0");
    }
}

[TestFixture, Category("task:7.2"), WriteItYourself("Tensor.Backward")]
public sealed class Task7_2_BackpropagationThroughTime(Func<Tensor, IReadOnlyList<Tensor>, Tensor, (Tensor GradWeightHh, Tensor GradInitialState)> backpropagationThroughTime)
{
    public Task7_2_BackpropagationThroughTime() : this(Recurrent.BackpropagationThroughTime) { }

    [Test, Weight(2), Hint("from t = T down to 1: dL/da = dL/dh_t ⊙ (1 − h_t²); dW_hh += (dL/da)ᵀ h_(t−1); dL/dh_(t−1) = dL/da W_hh")]
    public void ThreeStepsMatchAutograd() => RecurrentAssert.MatchesAutograd(backpropagationThroughTime, seed: 710, batch: 2, hidden: 3, steps: 3);

    [Test, Hint("one step: dL/da_1 = dL/dh_1 ⊙ (1 − h_1²), dW_hh = (dL/da_1)ᵀ h_0, dL/dh_0 = dL/da_1 W_hh")]
    public void OneStepMatchesAutograd() => RecurrentAssert.MatchesAutograd(backpropagationThroughTime, seed: 711, batch: 1, hidden: 2, steps: 1);
}

[TestFixture, Category("task:7.3"), WriteItYourself("GradientClipping")]
public sealed class Task7_3_ClipByGlobalNorm(Func<float[][], float, float> clipByGlobalNorm)
{
    public Task7_3_ClipByGlobalNorm() : this(Recurrent.ClipByGlobalNorm) { }

    [Test, Hint("the norm is over all arrays together: √(3² + 4² + 12²) = 13; scale every element by maxNorm / 13")]
    public void ScalesEveryArrayBySameFactor()
    {
        float[][] gradients = [[3, 4], [12]];
        var norm = clipByGlobalNorm(gradients, 1.3f);
        TensorAssert.Close(13.0, norm, "the norm before clipping", 1e-5, new Comparison
        {
            Suspects = [Suspect.Number("the norm returned is the one after clipping (maxNorm); return ‖g‖ before clipping", 1.3)],
        });
        TensorAssert.Close([0.3f, 0.4f], gradients[0], "the first gradient after clipping", comparison: new Comparison
        {
            Suspects = [new("each array is clipped by its own norm (5 and 12); the global norm is over all arrays together, √(3² + 4² + 12²) = 13", Tensor.FromArray([0.78f, 1.04f], 2))],
        });
        TensorAssert.Close([1.2f], gradients[1], "the second gradient after clipping");
    }

    [Test, Hint("a gradient whose norm is at most maxNorm is left as it is")]
    public void LeavesASmallGradientAlone()
    {
        float[][] gradients = [[0.3f, -0.4f]];
        var norm = clipByGlobalNorm(gradients, 1);
        TensorAssert.Close(0.5, norm, "the norm", 1e-6);
        TensorAssert.Close([0.3f, -0.4f], gradients[0], "the gradient, unchanged", comparison: new Comparison
        {
            Suspects = [new("a gradient below maxNorm is scaled up to it; scale only when ‖g‖ > maxNorm", Tensor.FromArray([0.6f, -0.8f], 2))],
        });
    }
}

[TestFixture, Category("task:7.4"), WriteItYourself("GruCell", "Gru", "GruUnit")]
public sealed class Task7_4_GruCellForward(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor> gruCellForward)
{
    public Task7_4_GruCellForward() : this(Recurrent.GruCellForward) { }

    [Test, Weight(2), Hint("gates in the order r, z, n: columns 0..H, H..2H, 2H..3H of the projections; n uses r ⊙ h_n, with h_n's bias inside")]
    public void MatchesTorchsGruCell()
    {
        var cell = new GruCell(3, 4, new Generator(seed: 740));
        var (input, hidden) = (TensorAssert.Random(741, 2, 3), TensorAssert.Random(742, 2, 4));
        var comparison = new Comparison
        {
            Suspects =
            [
                new("the gates r and z are read in the wrong order: W's rows are r (0..H), z (H..2H), n (2H..3H)", GruAssert.WithGates(cell, input, hidden, swapResetAndUpdate: true, flipUpdate: false)),
                new("z and 1 − z are swapped: h' = (1 − z) ⊙ n + z ⊙ h", GruAssert.WithGates(cell, input, hidden, swapResetAndUpdate: false, flipUpdate: true)),
            ],
            Position = index => $"row {index[0]} of the batch, hidden unit {index[1]}",
        };
        TensorAssert.Close(cell.Forward(input, hidden).Detach(), gruCellForward(input, hidden, cell.WeightIh, cell.WeightHh, cell.BiasIh!, cell.BiasHh!),
            "h' (B, H) for a batch of B = 2, input size I = 3, hidden size H = 4", comparison: comparison);
    }
}

/// <summary>What the engine's GRU gives with its gates rearranged: the results of two classic slips, for the check to recognise.</summary>
internal static class GruAssert
{
    public static Tensor WithGates(GruCell cell, Tensor input, Tensor hidden, bool swapResetAndUpdate, bool flipUpdate)
    {
        var size = hidden.Size(1);
        var other = new GruCell(input.Size(1), size, new Generator(0));
        using (Autograd.NoGrad())
        {
            foreach (var (target, source) in new[] { (other.WeightIh, cell.WeightIh), (other.WeightHh, cell.WeightHh), (other.BiasIh!, cell.BiasIh!), (other.BiasHh!, cell.BiasHh!) })
            {
                var rows = source.Detach().Clone();
                if (swapResetAndUpdate)
                {
                    rows = Tensor.Concat([rows.Slice(0, size, 2 * size), rows.Slice(0, 0, size), rows.Slice(0, 2 * size, 3 * size)], 0);
                }
                if (flipUpdate)
                {
                    // σ(-a) = 1 - σ(a): negating z's rows turns z into 1 - z.
                    rows = Tensor.Concat([rows.Slice(0, 0, size), -rows.Slice(0, size, 2 * size), rows.Slice(0, 2 * size, 3 * size)], 0);
                }
                target.CopyFrom(rows);
            }
            return other.Forward(input, hidden);
        }
    }
}

internal static class RecurrentAssert
{
    /// <summary>Runs h_t = tanh(x_t W_ihᵀ + b + h_(t−1) W_hhᵀ) with autograd, L = Σ h_T ⊙ G, and compares the hand-written gradients.</summary>
    public static void MatchesAutograd(Func<Tensor, IReadOnlyList<Tensor>, Tensor, (Tensor GradWeightHh, Tensor GradInitialState)> backpropagationThroughTime,
        ulong seed, int batch, int hidden, int steps)
    {
        var generator = new Generator(seed);
        var weightIh = Tensor.Randn([hidden, 2], generator) * 0.5f;
        var bias = Tensor.Randn([hidden], generator) * 0.1f;
        var weightHh = Tensor.Randn([hidden, hidden], generator) * 0.5f;
        var initial = Tensor.Randn([batch, hidden], generator) * 0.5f;
        var lastStateGrad = Tensor.Randn([batch, hidden], generator);
        initial.RequiresGrad = true;
        // A copy of W_hh for each step, so that autograd gives each step's term of dL/dW_hh apart; their sum is dL/dW_hh.
        var stepWeights = Enumerable.Range(0, steps).Select(_ => weightHh.Clone().RequireGrad()).ToList();
        var states = new List<Tensor> { initial };
        for (var t = 1; t <= steps; t++)
        {
            var input = Tensor.Randn([batch, 2], generator);
            states.Add((input.MatMul(weightIh.T) + bias + states[^1].MatMul(stepWeights[t - 1].T)).Tanh());
        }
        (states[^1] * lastStateGrad).Sum().Backward();
        var detached = states.Select(state => state.Detach()).ToList();
        var (gradWeightHh, gradInitialState) = backpropagationThroughTime(weightHh, detached, lastStateGrad);
        var expected = stepWeights.Select(weight => weight.Grad!).Aggregate((sum, term) => sum + term);
        var comparison = new Comparison
        {
            Suspects = steps == 1 ? [] : [new("dL/dW_hh holds the term of t = 1 only: add (+=) the term (dL/da_t)ᵀ h_(t−1) of every step", stepWeights[0].Grad!)],
            Position = index => $"W_hh[{index[0]}, {index[1]}]",
        };
        TensorAssert.Close(expected, gradWeightHh, $"dL/dW_hh (H, H) over T = {steps} step(s), against autograd", comparison: comparison);
        TensorAssert.Close(initial.Grad!, gradInitialState, $"dL/dh_0 (B, H) over T = {steps} step(s), against autograd");
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:7.a")]
public sealed class Question7_a(Func<int> answer)
{
    public Question7_a() : this(Recurrent.Question7A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("7.a", answer(), "4d2febd194bb9e02cc5605085501205f5656bf5b33d216a5bf6b0d4c3d383d6a",
            lookAgainAt: "W_ih is (H, I), W_hh is (H, H), and there are two biases of H each");
}

[TestFixture, Category("task:7.b")]
public sealed class Question7_b(Func<char> answer)
{
    public Question7_b() : this(Recurrent.Question7B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("7.b", answer(), "96d61d86f7331faa11af52a83b0ca384152a8b5850729e8cc772b9db542623a1",
            lookAgainAt: "clipping by the global norm multiplies every element by the same factor, maxNorm / ‖g‖");
}

[TestFixture, Category("task:7.c")]
public sealed class Question7_c(Func<char> answer)
{
    public Question7_c() : this(Recurrent.Question7C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("7.c", answer(), "b6037e4a8a986a1e0f1c00f81ac4a79ca4a57e9719b587b536a6dbf12be57958",
            lookAgainAt: "h' = (1 − z) ⊙ n + z ⊙ h with z = 1");
}
