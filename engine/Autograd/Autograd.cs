namespace DeepLearning;

/// <summary>
/// Switches that change how ops record themselves: a no-grad scope, and an anomaly mode that stops at the
/// first op whose output or gradient is NaN or infinite. Both are per thread and nest.
/// </summary>
public static class Autograd
{
    [ThreadStatic] private static int s_noGradDepth;
    [ThreadStatic] private static int s_anomalyDepth;
    [ThreadStatic] private static string? s_runningBackwardOf;

    /// <summary>True unless inside a <see cref="NoGrad"/> scope.</summary>
    public static bool IsGradEnabled => s_noGradDepth == 0;

    /// <summary>True inside a <see cref="DetectAnomaly"/> scope.</summary>
    public static bool IsAnomalyDetectionEnabled => s_anomalyDepth > 0;

    /// <summary>
    /// Inside <c>using (Autograd.NoGrad()) { ... }</c> ops record nothing: use it for evaluation and for
    /// parameter updates, as <c>torch.no_grad()</c>.
    /// </summary>
    public static IDisposable NoGrad()
    {
        s_noGradDepth++;
        return new Scope(() => s_noGradDepth--);
    }

    /// <summary>
    /// Inside <c>using (Autograd.DetectAnomaly()) { ... }</c> every op checks its output, and every backward
    /// step its gradients, and throws <see cref="AnomalyException"/> naming the first op that produced a NaN
    /// or an infinity. Slow: for debugging, as <c>torch.autograd.detect_anomaly()</c>.
    /// </summary>
    public static IDisposable DetectAnomaly()
    {
        s_anomalyDepth++;
        return new Scope(() => s_anomalyDepth--);
    }

    internal static void CheckFinite(Tensor tensor, string what)
    {
        var values = tensor.ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                // An op inside a backward is reported with the backward it belongs to: that is the op to fix.
                var context = s_runningBackwardOf is { } op ? $"in the backward of '{op}', " : "";
                var value = values[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new AnomalyException(
                    $"anomaly: {context}{what} holds {value} at flat index {i} (shape {tensor.ShapeText})");
            }
        }
    }

    /// <summary>Runs the backward of one op, remembering which op it is for anomaly messages.</summary>
    internal static Tensor?[] RunBackward(GradFn gradFn, Tensor outputGrad)
    {
        var outer = s_runningBackwardOf;
        s_runningBackwardOf = gradFn.OpName;
        try
        {
            return gradFn.Backward(outputGrad);
        }
        finally
        {
            s_runningBackwardOf = outer;
        }
    }

    private sealed class Scope(Action onDispose) : IDisposable
    {
        private Action? _onDispose = onDispose;

        public void Dispose()
        {
            _onDispose?.Invoke();
            _onDispose = null;
        }
    }
}

/// <summary>Thrown in anomaly mode by the first op whose output or gradient is not finite.</summary>
public sealed class AnomalyException(string message) : ArithmeticException(message);
