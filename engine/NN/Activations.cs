namespace DeepLearning.NN;

// Activation functions as modules, so they can sit in a Sequential. They have no parameters.
// Taught in chapter 4, section 4.2 (notebooks/04-layers-and-an-mlp.ipynb), with ReLU; GELU is named in section 8.5
// (notebooks/08-sequences-and-attention.ipynb). The others are not derived in the course.

/// <summary>max(0, x).</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>x for x &gt; 0, slope·x otherwise.</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, negativeSlope);

    public override string ToString() => $"LeakyReLU({negativeSlope})";
}

/// <summary>x Φ(x), tanh approximation (see <see cref="Functional.Gelu"/>).</summary>
public sealed class GELU : Module
{
    public override Tensor Forward(Tensor input) => Functional.Gelu(input);
}

public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}

public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>Softmax along an axis (the last by default).</summary>
public sealed class Softmax(int axis = -1) : Module
{
    public override Tensor Forward(Tensor input) => Functional.Softmax(input, axis);

    public override string ToString() => $"Softmax(axis {axis})";
}
