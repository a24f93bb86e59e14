namespace DeepLearning.NN;

/// <summary>
/// In training, zeroes each element with probability p and scales the survivors by 1/(1-p), so the expected
/// value of every element is unchanged ("inverted dropout"); in evaluation, passes the input through.
/// </summary>
/// <remarks>Taught in chapter 5, section 5.4 (notebooks/05-optimisation-and-regularisation.ipynb), task 5.3.</remarks>
public sealed class Dropout : Module
{
    private readonly Generator _generator;

    public Dropout(float probability, Generator generator)
    {
        // Written so that NaN, which fails every comparison, is rejected too.
        if (!(probability >= 0 && probability < 1))
        {
            throw new ArgumentException($"Dropout: probability must be in [0, 1), got {probability}");
        }
        Probability = probability;
        _generator = generator;
    }

    public float Probability { get; }

    public override Tensor Forward(Tensor input)
    {
        if (!IsTraining || Probability == 0)
        {
            return input;
        }
        var keep = 1 - Probability;
        var mask = new float[input.ElementCount];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = _generator.NextFloat() < keep ? 1 / keep : 0;
        }
        // The mask is drawn on the host from the seeded generator, and moved to the input's device (counted).
        return input * Tensor.FromArray(mask, input.Shape).To(input.Device);
    }

    public override string ToString() => $"Dropout(p={Probability})";
}
