using System.Numerics.Tensors;
using DeepLearning.Backends;

namespace DeepLearning;

// Element-wise functions of one tensor. Each op: the forward, then its local derivative in the backward,
// written with tensor ops (they run with recording off). y is the output, g is dL/dy.
// Each function struct holds the scalar definition (the reference backend's loop) and the same function over
// a run (the fast backend's, vectorised by TensorPrimitives or by the select loops).
// Taught in chapter 1, section 1.4 (notebooks/01-derivatives-and-autograd.ipynb), for scalars: the same primitives
// and local derivatives on Value. Section 3.5 (notebooks/03-backpropagation-through-tensors.ipynb) checks these
// tensor versions numerically.
public sealed partial class Tensor
{
    /// <summary>y = -x;  dy/dx = -1.</summary>
    public Tensor Neg() =>
        Record(Elementwise.Map<NegFunction>(this), "neg", [this], g => [-g]);

    /// <summary>y = e^x;  dy/dx = e^x = y.</summary>
    public Tensor Exp()
    {
        var y = Elementwise.Map<ExpFunction>(this);
        return Record(y, "exp", [this], g => [g * y]);
    }

    /// <summary>y = ln x;  dy/dx = 1/x.</summary>
    public Tensor Log() =>
        Record(Elementwise.Map<LogFunction>(this), "log", [this], g => [g / this]);

    /// <summary>y = √x;  dy/dx = 1/(2√x) = 0.5/y.</summary>
    public Tensor Sqrt()
    {
        var y = Elementwise.Map<SqrtFunction>(this);
        return Record(y, "sqrt", [this], g => [g * 0.5f / y]);
    }

    /// <summary>y = x^k for a constant k;  dy/dx = k x^(k-1).</summary>
    public Tensor Pow(float exponent) =>
        Record(Elementwise.Map<PowFunction>(this, exponent), "pow", [this],
            g => [g * exponent * Elementwise.Map<PowFunction>(this, exponent - 1)]);

    /// <summary>y = tanh x;  dy/dx = 1 - tanh² x = 1 - y².</summary>
    public Tensor Tanh()
    {
        var y = Elementwise.Map<TanhFunction>(this);
        return Record(y, "tanh", [this], g => [g * (1f - y * y)]);
    }

    /// <summary>y = σ(x) = 1/(1+e^-x);  dy/dx = σ(x)(1-σ(x)) = y(1-y).</summary>
    public Tensor Sigmoid()
    {
        var y = Elementwise.Map<SigmoidFunction>(this);
        return Record(y, "sigmoid", [this], g => [g * y * (1f - y)]);
    }

    /// <summary>
    /// y = max(0, x);  dy/dx = 1 where x &gt; 0, else 0 (the subgradient 0 at x = 0, as PyTorch). NaN stays NaN.
    /// The backward is one fused pass, 0 where x &lt;= 0 else g, rather than g times a tensor of steps.
    /// </summary>
    public Tensor Relu() =>
        Record(Elementwise.Map<ReluFunction>(this), "relu", [this],
            g => [Elementwise.Zip<ReluGradientFunction>("relu", g, this)]);

    /// <summary>
    /// y = x for x &gt; 0, else s·x (s the negative slope);  dy/dx = 1 for x &gt; 0, else s, so s at x = 0, as
    /// PyTorch's leaky_relu. NaN stays NaN.
    /// </summary>
    public Tensor LeakyRelu(float negativeSlope = 0.01f) =>
        Record(Elementwise.Map<LeakyReluFunction>(this, negativeSlope), "leaky_relu", [this],
            g => [g * Elementwise.Map<LeakyReluSlopeFunction>(this, negativeSlope)]);

    /// <summary>
    /// y = log(1 + e^x), written max(x, 0) + log(1 + e^-|x|) so that e^x never overflows;  dy/dx = σ(x), smooth
    /// everywhere (the kinks of max and |x| at 0 cancel, which autograd through those two ops would not see).
    /// </summary>
    public Tensor Softplus() =>
        Record(Elementwise.Map<SoftplusFunction>(this), "softplus", [this], g => [g * Sigmoid()]);

    /// <summary>y = |x|;  dy/dx = sign(x) (0 at x = 0).</summary>
    public Tensor Abs() =>
        Record(Elementwise.Map<AbsFunction>(this), "abs", [this],
            g => [g * Elementwise.Map<SignFunction>(this)]);

    private readonly struct NegFunction : IUnaryFunction
    {
        public static float Apply(float x) => -x;

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Negate(x, y);
    }

    private readonly struct ExpFunction : IUnaryFunction
    {
        public static float Apply(float x) => MathF.Exp(x);

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Exp(x, y);
    }

    private readonly struct LogFunction : IUnaryFunction
    {
        public static float Apply(float x) => MathF.Log(x);

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Log(x, y);
    }

    private readonly struct SqrtFunction : IUnaryFunction
    {
        public static float Apply(float x) => MathF.Sqrt(x);

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sqrt(x, y);
    }

    private readonly struct PowFunction : IUnaryFunctionWithParameter
    {
        public static float Apply(float x, float exponent) => MathF.Pow(x, exponent);

        public static void Apply(ReadOnlySpan<float> x, float exponent, Span<float> y) => TensorPrimitives.Pow(x, exponent, y);
    }

    private readonly struct TanhFunction : IUnaryFunction
    {
        public static float Apply(float x) => MathF.Tanh(x);

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);
    }

    /// <summary>Written in the form that never overflows: e^x/(1+e^x) for negative x, 1/(1+e^-x) otherwise.</summary>
    private readonly struct SigmoidFunction : IUnaryFunction
    {
        public static float Apply(float x)
        {
            if (x >= 0)
            {
                return 1f / (1f + MathF.Exp(-x));
            }
            var e = MathF.Exp(x);
            return e / (1f + e);
        }

        /// <remarks>1/(1+e^-x) in float saturates to 0 or 1 rather than overflowing to NaN, so one form serves.</remarks>
        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);
    }

    private readonly struct ReluFunction : IUnaryFunction
    {
        public static float Apply(float x) => x <= 0 ? 0 : x;

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => SelectLoops.ZeroWhereNotPositive(x, x, y);
    }

    /// <summary>dL/dx of relu from g = dL/dy and the input x: 0 where x &lt;= 0, else g.</summary>
    private readonly struct ReluGradientFunction : IBinaryFunction
    {
        public static float Apply(float g, float x) => x <= 0 ? 0 : g;

        public static void Apply(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> y) => SelectLoops.ZeroWhereNotPositive(x, g, y);

        public static void Apply(ReadOnlySpan<float> g, float x, Span<float> y) => ScalarLoops.Zip<ReluGradientFunction>(g, x, y);

        public static void Apply(float g, ReadOnlySpan<float> x, Span<float> y) => ScalarLoops.Zip<ReluGradientFunction>(g, x, y);
    }

    private readonly struct LeakyReluFunction : IUnaryFunctionWithParameter
    {
        public static float Apply(float x, float negativeSlope) => x > 0 ? x : negativeSlope * x;

        public static void Apply(ReadOnlySpan<float> x, float negativeSlope, Span<float> y)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = Apply(x[i], negativeSlope);
            }
        }
    }

    /// <summary>dy/dx of leaky relu: 1 where x &gt; 0, else the negative slope.</summary>
    private readonly struct LeakyReluSlopeFunction : IUnaryFunctionWithParameter
    {
        public static float Apply(float x, float negativeSlope) => x > 0 ? 1 : negativeSlope;

        public static void Apply(ReadOnlySpan<float> x, float negativeSlope, Span<float> y)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = Apply(x[i], negativeSlope);
            }
        }
    }

    private readonly struct SoftplusFunction : IUnaryFunction
    {
        public static float Apply(float x) => MathF.Max(x, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(x)));

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => ScalarLoops.Map<SoftplusFunction>(x, y);
    }

    private readonly struct AbsFunction : IUnaryFunction
    {
        public static float Apply(float x) => MathF.Abs(x);

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Abs(x, y);
    }

    /// <summary>
    /// +1, -1 or 0, written with comparisons: MathF.Sign throws for NaN (here NaN stays NaN, as torch.sign), and
    /// ILGPU cannot compile it into a GPU kernel.
    /// </summary>
    private readonly struct SignFunction : IUnaryFunction
    {
        public static float Apply(float x) => x > 0 ? 1 : x < 0 ? -1 : x;

        public static void Apply(ReadOnlySpan<float> x, Span<float> y) => ScalarLoops.Map<SignFunction>(x, y);
    }
}
