using ILGPU;

namespace DeepLearning.Gpu.Backend.Kernels;

/// <summary><see cref="Backends.AdamStepSettings"/> as a kernel parameter (a bool becomes an int).</summary>
public struct AdamArguments
{
    public float LearningRate, Beta1, Beta2, Epsilon, WeightDecay, Correction1, Correction2;
    public int DecoupledWeightDecay;

    public AdamArguments(Backends.AdamStepSettings s)
    {
        (LearningRate, Beta1, Beta2, Epsilon, WeightDecay) = (s.LearningRate, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay);
        (Correction1, Correction2, DecoupledWeightDecay) = (s.Correction1, s.Correction2, s.DecoupledWeightDecay ? 1 : 0);
    }
}

/// <summary>The Adam step, one thread an element, in the order of <c>HostLoops.AdamStep</c>'s formulas.</summary>
public static class AdamKernels
{
    public static void AdamStep(ArrayView<float> parameter, ArrayView<float> gradient, ArrayView<float> m, ArrayView<float> v, int count, AdamArguments s)
    {
        for (var i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            var g = gradient[i];
            var p = parameter[i];
            if (s.DecoupledWeightDecay != 0)
            {
                p -= s.LearningRate * s.WeightDecay * p;
            }
            else
            {
                g += s.WeightDecay * p;
            }
            var mi = s.Beta1 * m[i] + (1 - s.Beta1) * g;
            var vi = s.Beta2 * v[i] + (1 - s.Beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            var mHat = mi / s.Correction1;
            var vHat = vi / s.Correction2;
            parameter[i] = p - s.LearningRate * mHat / (MathF.Sqrt(vHat) + s.Epsilon);
        }
    }
}
