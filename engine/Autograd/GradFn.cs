namespace DeepLearning;

/// <summary>
/// The backward half of an op, attached to the tensor the op produced: which op it was, which tensors went
/// in, and how to turn dL/d(output) into dL/d(input) for each input (the chain rule, one op at a time).
/// </summary>
/// <param name="OpName">The op's name, as it appears in error messages (e.g. "matmul").</param>
/// <param name="Inputs">The tensors the op read.</param>
/// <param name="Backward">
/// Given dL/d(output), returns dL/d(input) for each input, in the order of <paramref name="Inputs"/>;
/// an entry may be null where that input needs no gradient. Runs with gradient recording off.
/// </param>
public sealed record GradFn(string OpName, Tensor[] Inputs, Func<Tensor, Tensor?[]> Backward);
