namespace DeepLearning.Notebooks.Fallbacks;

/// <summary>Chapter 2's stand-in: the engine's strides.</summary>
public static class Chapter02Fallbacks
{
    [FallbackFor("2.1", "the engine's Shapes.ContiguousStrides")]
    public static int[] ContiguousStrides(int[] shape) => Shapes.ContiguousStrides(shape);
}
