using DeepLearning.NN;

namespace DeepLearning.Exercises.Tests;

[TestFixture, Category("hidden")]
public sealed class Chapter7HiddenTests
{
    [Test, Category("task:7.1"), Weight(2), Hint("a batch of 5 with input and hidden sizes that differ; any B, I, H")]
    public void RnnWiderBatchAndSizes()
    {
        var cell = new RnnCell(7, 3, new Generator(seed: 750));
        var (input, hidden) = (TensorAssert.Random(751, 5, 7), TensorAssert.Random(752, 5, 3));
        TensorAssert.Close(cell.Forward(input, hidden), Recurrent.RnnCellForward(input, hidden, cell.WeightIh, cell.WeightHh, cell.BiasIh!, cell.BiasHh!),
            "h' for B = 5, I = 7, H = 3");
    }

    [Test, Category("task:7.2"), Weight(2), Hint("twelve steps and a batch of 3: the loop runs over every step, accumulating into dW_hh")]
    public void TwelveStepsMatchAutograd() =>
        RecurrentAssert.MatchesAutograd(Recurrent.BackpropagationThroughTime, seed: 760, batch: 3, hidden: 4, steps: 12);

    [Test, Category("task:7.2"), Hint("no step at all: dW_hh is zero and dL/dh_0 is the given gradient")]
    public void NoStepsGiveTheGivenGradient()
    {
        var (weightHh, state, grad) = (TensorAssert.Random(761, 2, 2), TensorAssert.Random(762, 1, 2), TensorAssert.Random(763, 1, 2));
        var (gradWeightHh, gradInitialState) = Recurrent.BackpropagationThroughTime(weightHh, [state], grad);
        TensorAssert.Close(Tensor.Zeros(2, 2), gradWeightHh, "dL/dW_hh with T = 0");
        TensorAssert.Close(grad, gradInitialState, "dL/dh_0 with T = 0");
    }

    [Test, Category("task:7.3"), Weight(2), Hint("a gradient exactly at the limit stays; many arrays, some empty, share one norm")]
    public void ManyArraysAndTheBoundary()
    {
        float[][] atLimit = [[0.6f], [], [0.8f]];
        TensorAssert.Close(1.0, Recurrent.ClipByGlobalNorm(atLimit, 1), "the norm at the limit", 1e-6);
        TensorAssert.Close([0.6f, 0.8f], atLimit[0].Concat(atLimit[2]).ToArray(), "a gradient at the limit, unchanged");
        float[][] large = [[100, 0, 0], [0], [0, 0, -100]];
        var norm = Recurrent.ClipByGlobalNorm(large, 2);
        TensorAssert.Close(100 * Math.Sqrt(2), norm, "the norm of (100, -100)", 1e-2);
        TensorAssert.Close([(float)Math.Sqrt(2), 0, 0, 0, 0, 0, -(float)Math.Sqrt(2)], large.SelectMany(g => g).ToArray(), "clipped to norm 2, direction kept");
    }

    [Test, Category("task:7.4"), Weight(2), Hint("any batch and sizes; h_n's bias sits inside r ⊙ (h W_hnᵀ + b_hn), not outside it")]
    public void GruWiderBatchAndSizes()
    {
        var cell = new GruCell(5, 6, new Generator(seed: 770));
        var (input, hidden) = (TensorAssert.Random(771, 4, 5), TensorAssert.Random(772, 4, 6));
        TensorAssert.Close(cell.Forward(input, hidden), Recurrent.GruCellForward(input, hidden, cell.WeightIh, cell.WeightHh, cell.BiasIh!, cell.BiasHh!),
            "h' for B = 4, I = 5, H = 6");
    }
}
