using DeepLearning.NN;
using DeepLearning.Optim;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 4's stand-ins: the engine's initialisation and optimiser.</summary>
public static class Chapter04Fallbacks
{
    [FallbackFor("4.2", "the engine's Init.KaimingNormal")]
    public static Tensor KaimingNormal(int outFeatures, int inFeatures, Generator generator) =>
        Init.KaimingNormal([outFeatures, inFeatures], inFeatures, generator);

    [FallbackFor("4.3", "the engine's Sgd optimiser")]
    public static float SgdTrainingStep(Linear model, Tensor inputs, int[] targets, float learningRate)
    {
        var optimizer = new Sgd(model.Parameters(), learningRate);
        var loss = Losses.CrossEntropy(model.Forward(inputs), targets);
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
        return loss.Item();
    }
}
