using DeepLearning.Backends;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.Differential;

/// <summary>
/// The engine against PyTorch on random op graphs: every case of differential.json (make_differential.py beside
/// this file drew the graphs and ran them in PyTorch) is replayed on every backend (the reference, the fast CPU
/// backend, the GPU backend on ILGPU's CPU accelerator), and its output and the gradient of every input are
/// compared with PyTorch's, element by element (<see cref="DifferentialAssert"/>). Each graph is its own test,
/// named by its op chain.
/// </summary>
/// <remarks>
/// To regenerate the fixture, offline (PyTorch is never needed to build or run the tests):
/// <c>/usr/bin/python3 tests/DeepLearning.Engine.Tests/Differential/make_differential.py</c>, with Debian's
/// python3-torch (PyTorch 1.13). The seed is fixed, so it rewrites the same file.
/// To run one case (a name has spaces, which <c>--filter</c> cannot take):
/// <c>dotnet test tests/DeepLearning.Engine.Tests -c Release -- 'NUnit.Where=name =~ "^case 17:"'</c>.
/// </remarks>
[OnEveryBackend]
public sealed class DifferentialTests(IBackend backend) : BackendFixture(backend)
{
    public static IEnumerable<TestCaseData> Cases => DifferentialAssert.TestCases(DifferentialCase.All.Cases);

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(int id) => DifferentialAssert.MatchesPyTorch(DifferentialCase.All.Cases[id], CurrentBackend);

    /// <summary>The harness itself: an input said to be transposed, sliced or expanded really reaches the ops so.</summary>
    [Test]
    public void EveryInputReachesTheOpsInTheLayoutItsCaseNames()
    {
        foreach (var testCase in DifferentialCase.All.Cases)
        {
            foreach (var input in testCase.Inputs.Where(input => !input.IsParameter))
            {
                var value = DifferentialGraph.MakeInput(input, out var leaf);
                var where = $"{testCase.Name}: an input {input.Layout.Describe()}";
                Assert.That(leaf.ToArray(), Is.EqualTo(input.Data), where);
                if (input.Layout.Permute is not null || input.Layout.Start is not null)
                {
                    Assert.That(leaf.IsContiguous, Is.False, where);
                }
                if (input.Layout.Expand is not null)
                {
                    Assert.That(Enumerable.Range(0, value.Rank).Any(axis => value.Strides[axis] == 0 && value.Shape[axis] > 1), where);
                }
            }
        }
    }
}
