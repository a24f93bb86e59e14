using DeepLearning.NN;

namespace DeepLearning.Exercises;

/// <summary>Chapter 4: a linear layer, its initialisation, and one step of training by hand.</summary>
public static class Layers
{
    // Task 4.1: the forward pass of a linear layer
    // Write it yourself; not allowed here: Linear
    /// <summary>
    /// y = x Wᵀ + b for x (N, in), W (out, in) and b (out) or no bias; y has shape (N, out), as <c>torch.nn.Linear</c>.
    /// </summary>
    public static Tensor LinearForward(Tensor input, Tensor weight, Tensor? bias)
    {
        // BEGIN SOLUTION
        var output = input.MatMul(weight.T);
        return bias is null ? output : output + bias;
        // END SOLUTION
    }

    // Task 4.2: Kaiming (He) normal initialisation
    // Write it yourself; not allowed here: Init
    /// <summary>
    /// A weight matrix (out, in) drawn from N(0, 2/fan_in) with fan_in = in, using <paramref name="generator"/>:
    /// the variance that keeps activations from shrinking or growing through ReLU layers.
    /// </summary>
    public static Tensor KaimingNormal(int outFeatures, int inFeatures, Generator generator)
    {
        // BEGIN SOLUTION
        return Tensor.Randn([outFeatures, inFeatures], generator) * MathF.Sqrt(2f / inFeatures);
        // END SOLUTION
    }

    // Task 4.3: one step of gradient descent by hand
    // Write it yourself; not allowed here: Optimizer, Sgd, Adam
    /// <summary>
    /// One training step of <paramref name="model"/> on a batch: forward, cross-entropy loss
    /// (<see cref="Losses.CrossEntropy"/>), forget old gradients, backward, then θ ← θ - η·∇θ for every parameter
    /// (without recording the update). Returns the loss before the update.
    /// </summary>
    public static float SgdTrainingStep(Linear model, Tensor inputs, int[] targets, float learningRate)
    {
        // BEGIN SOLUTION
        var loss = Losses.CrossEntropy(model.Forward(inputs), targets);
        model.ZeroGrad();
        loss.Backward();
        using (Autograd.NoGrad())
        {
            foreach (var parameter in model.Parameters())
            {
                parameter.AddInPlace(parameter.Grad!, -learningRate);
            }
        }
        return loss.Item();
        // END SOLUTION
    }

    // Question 4.a: the output shape of a linear layer
    /// <summary>Your answer to quick question 4.a in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question4A()
    {
        // BEGIN SOLUTION
        return 'A';
        // END SOLUTION
    }

    // Question 4.b: the number of parameters of the MLP
    /// <summary>Your answer to quick question 4.b in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question4B()
    {
        // BEGIN SOLUTION
        return 101770;
        // END SOLUTION
    }

    // Question 4.c: the steps of one epoch
    /// <summary>Your answer to quick question 4.c in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question4C()
    {
        // BEGIN SOLUTION
        return 79;
        // END SOLUTION
    }
}
