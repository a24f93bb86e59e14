using DeepLearning.Backends;
using DeepLearning.NN;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 5's stand-ins: the engine's Adam step, dropout, batch normalisation and its backward (autograd); the course's momentum step.</summary>
public static class Chapter05Fallbacks
{
    // The engine's Sgd keeps its velocity to itself; the chapter's race passes its own, so the step is written here.
    [FallbackFor("5.1", "the course's momentum step")]
    public static void SgdMomentumStep(float[] parameters, float[] gradients, float[] velocity, float learningRate, float momentum)
    {
        foreach (var i in Enumerable.Range(0, parameters.Length))
        {
            velocity[i] = gradients[i] + momentum * velocity[i];
            parameters[i] -= velocity[i] * learningRate;
        }
    }

    [FallbackFor("5.2", "the engine's Adam step (IBackend.AdamStep)")]
    public static void AdamStep(float[] parameters, float[] gradients, float[] firstMoment, float[] secondMoment, int step,
        float learningRate, float beta1, float beta2, float epsilon) =>
        Device.Cpu.Backend.AdamStep(parameters, gradients, firstMoment, secondMoment, new AdamStepSettings(
            learningRate, beta1, beta2, epsilon, WeightDecay: 0, DecoupledWeightDecay: false,
            Correction1: 1 - MathF.Pow(beta1, step), Correction2: 1 - MathF.Pow(beta2, step)));

    [FallbackFor("5.3", "the engine's Dropout module")]
    public static float[] InvertedDropoutMask(int count, float probability, Generator generator) =>
        new Dropout(probability, generator).Forward(Tensor.Ones(count)).ToArray();

    [FallbackFor("5.4", "the engine's BatchNorm1d in training mode")]
    public static Tensor BatchNormForward(Tensor input, Tensor gamma, Tensor beta, float epsilon)
    {
        var layer = new BatchNorm1d(input.Size(1), epsilon);
        using (Autograd.NoGrad())
        {
            layer.Weight.CopyFrom(gamma);
            layer.Bias.CopyFrom(beta);
        }
        return layer.Forward(input);
    }

    [FallbackFor("5.5", "the engine's autograd through BatchNorm1d in training mode")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) BatchNormBackward(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var layer = new BatchNorm1d(input.Size(1), epsilon);
        using (Autograd.NoGrad())
        {
            layer.Weight.CopyFrom(gamma);
        }
        var leaf = input.Detach().RequireGrad();
        layer.Forward(leaf).Backward(outputGrad);
        return (leaf.Grad!, layer.Weight.Grad!, layer.Bias.Grad!);
    }
}
