using System.Reflection;

namespace DeepLearning.Gpu.Lab;

/// <summary>One version of a kernel family, bound to the family's device buffers: what the kernel lab times and validates.</summary>
/// <param name="Name">As the report prints it: the launcher's version (<c>Tiled</c>), or the baseline's name.</param>
/// <param name="Kernel">The kernel method, for its PTX; null for a library baseline (cuBLAS), which is none of ours.</param>
/// <param name="ClearOutput">
/// Zeroes the output before the version runs, so that a version that writes nothing cannot pass with what the
/// version before it left there.
/// </param>
/// <param name="Launch">Queues one launch on the accelerator's default stream and returns: what is timed.</param>
/// <param name="Validate">Downloads the output of the last launch and checks it against the family's CPU reference.</param>
/// <param name="IsBaseline">The yardstick the family's other versions are rated against (cuBLAS SGEMM for matmul).</param>
/// <param name="Note">
/// Asked after the version ran: what it decided on its own, for the report (the autotuned matmul's tile shape and
/// every candidate's time); null, or a null answer, when there is nothing to say.
/// </param>
public sealed record KernelVersion(
    string Name,
    MethodInfo? Kernel,
    Action ClearOutput,
    Action Launch,
    Func<KernelCheck> Validate,
    bool IsBaseline = false,
    Func<string?>? Note = null);
