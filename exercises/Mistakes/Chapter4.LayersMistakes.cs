using DeepLearning.NN;

namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 4's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class LayersMistakes
{
    [Mistake("4.1", "W xᵀ: the product the other way round", mustName: "transpose")]
    public static Tensor ProductReversed(Tensor input, Tensor weight, Tensor? bias)
    {
        var output = weight.MatMul(input.T);
        return bias is null ? output : output + bias.Reshape(-1, 1);
    }

    [Mistake("4.1", "forgets the bias", mustName: "bias b is not added")]
    public static Tensor BiasForgotten(Tensor input, Tensor weight, Tensor? bias) => input.MatMul(weight.T);

    [Mistake("4.2", "variance 1/fan_in", mustName: "2/fan_in")]
    public static Tensor VarianceOneOverFanIn(int outFeatures, int inFeatures, Generator generator) =>
        Tensor.Randn([outFeatures, inFeatures], generator) * MathF.Sqrt(1f / inFeatures);

    [Mistake("4.2", "scales by 2/fan_in without the square root", mustName: "square root")]
    public static Tensor NoSquareRoot(int outFeatures, int inFeatures, Generator generator) =>
        Tensor.Randn([outFeatures, inFeatures], generator) * (2f / inFeatures);

    [Mistake("4.2", "the shape (in, out)", mustName: "the shape is (in, out)")]
    public static Tensor ShapeReversed(int outFeatures, int inFeatures, Generator generator) =>
        Tensor.Randn([inFeatures, outFeatures], generator) * MathF.Sqrt(2f / inFeatures);

    [Mistake("4.3", "never clears the gradients", mustName: "not cleared")]
    public static float NoZeroGrad(Linear model, Tensor inputs, int[] targets, float learningRate) => Step(model, inputs, targets, learningRate, zeroGrad: false, sign: -1);

    [Mistake("4.3", "adds the gradient: θ + η·∇θ", mustName: "up the gradient")]
    public static float WrongSign(Linear model, Tensor inputs, int[] targets, float learningRate) => Step(model, inputs, targets, learningRate, zeroGrad: true, sign: 1);

    private static float Step(Linear model, Tensor inputs, int[] targets, float learningRate, bool zeroGrad, int sign)
    {
        var loss = Losses.CrossEntropy(model.Forward(inputs), targets);
        if (zeroGrad)
        {
            model.ZeroGrad();
        }
        loss.Backward();
        using (Autograd.NoGrad())
        {
            foreach (var parameter in model.Parameters())
            {
                parameter.AddInPlace(parameter.Grad!, sign * learningRate);
            }
        }
        return loss.Item();
    }
}
