namespace DeepLearning.NN;

/// <summary>
/// A lookup table: token i ↦ row i of a (count, dimension) weight matrix, as <c>torch.nn.Embedding</c>.
/// Equivalent to a one-hot vector times the matrix, without building the one-hot vector.
/// </summary>
/// <remarks>Taught in chapter 8, section 8.3 (notebooks/08-sequences-and-attention.ipynb).</remarks>
public sealed class Embedding : Module
{
    public Embedding(int count, int dimension, Generator generator)
    {
        Count = count;
        Dimension = dimension;
        Weight = RegisterParameter("weight", Tensor.Randn([count, dimension], generator));
    }

    public int Count { get; }

    public int Dimension { get; }

    public Tensor Weight { get; }

    /// <summary>Looks up token ids given as a tensor of whole numbers, shape (...) → (..., dimension).</summary>
    public override Tensor Forward(Tensor input)
    {
        var values = input.ToArray();
        var ids = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            ids[i] = (int)values[i];
            if (ids[i] != values[i])
            {
                throw new ArgumentException($"Embedding: token ids must be whole numbers; found {values[i]} at flat position {i}");
            }
        }
        return Lookup(ids, input.Shape);
    }

    /// <summary>Looks up token ids laid out in <paramref name="shape"/>: the result has shape (..shape, dimension).</summary>
    public Tensor Lookup(int[] ids, params int[] shape)
    {
        var rows = Weight.IndexSelect(0, ids);
        return rows.Reshape([.. shape, Dimension]);
    }

    public override string ToString() => $"Embedding({Count}, {Dimension})";
}
