using DeepLearning.Data;
using DeepLearning.NN;

namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 8's stand-ins, the course's own, written with the engine's vocabulary, mask and ops.</summary>
public static class Chapter08Fallbacks
{
    [FallbackFor("8.1", "the course's bigram count")]
    public static int[,] BigramCounts(IEnumerable<string> words)
    {
        var counts = new int[CharacterVocabulary.Size, CharacterVocabulary.Size];
        foreach (var tokens in words.Select(word => CharacterVocabulary.Encode($".{word}.")))
        {
            foreach (var (first, second) in tokens.Zip(tokens.Skip(1)))
            {
                counts[first, second] += 1;
            }
        }
        return counts;
    }

    [FallbackFor("8.4", "the course's attention, softmax(QKᵀ/√D + mask)·V with the engine's ops")]
    public static Tensor ScaledDotProductAttention(Tensor queries, Tensor keys, Tensor values, bool causal)
    {
        var weights = queries.MatMul(keys.Transpose(-1, -2)) * (1 / MathF.Sqrt(queries.Size(-1)));
        var masked = causal ? weights + MultiHeadSelfAttention.CausalMask(queries.Size(-2)) : weights;
        return masked.Softmax(-1).MatMul(values);
    }

    [FallbackFor("8.5", "the engine's autograd through Tensor.Softmax")]
    public static Tensor SoftmaxBackward(Tensor softmaxOutput, Tensor outputGrad)
    {
        // softmax(log s) = s, so the gradient reaching log s is the one reaching the logits z = log s + c.
        var logits = softmaxOutput.Log().Detach().RequireGrad();
        logits.Softmax(-1).Backward(outputGrad);
        return logits.Grad!;
    }

    [FallbackFor("8.6", "the engine's autograd through LayerNorm")]
    public static (Tensor GradInput, Tensor GradGamma, Tensor GradBeta) LayerNormBackward(Tensor input, Tensor gamma, Tensor outputGrad, float epsilon)
    {
        var layer = new LayerNorm(input.Size(-1), epsilon);
        using (Autograd.NoGrad())
        {
            layer.Weight.CopyFrom(gamma);
        }
        var leaf = input.Detach().RequireGrad();
        layer.Forward(leaf).Backward(outputGrad);
        return (leaf.Grad!, layer.Weight.Grad!, layer.Bias.Grad!);
    }
}
