using DeepLearning.Gpu.Backend;
using DeepLearning.Backends;
using static DeepLearning.Gpu.Tests.Backend.SharedGpuDevice;

namespace DeepLearning.Gpu.Tests.Backend;

/// <summary>Reduce on the GPU backend against the reference: every engine reduction, axis set and layout, and each of the kernel's three ways of sharing a group.</summary>
[TestFixtureSource(typeof(OnBothLaunchPlans), nameof(OnBothLaunchPlans.Plans))]
public sealed class ReductionTests(LaunchPlan plan) : OnBothLaunchPlans(plan)
{
    public static IEnumerable<Type> Reductions() => EngineFunctions.Implementing(typeof(IReduction));

    public static IEnumerable<TestCaseData> AxisSets() =>
        from c in new (int[] Shape, bool[] Reduced, Layout Layout)[]
        {
            ([], [], Layout.Contiguous),
            ([7], [true], Layout.Strided),
            ([0], [true], Layout.Contiguous),
            ([3, 0], [false, true], Layout.Contiguous),
            ([0, 3], [true, false], Layout.Contiguous),
            ([4, 5], [true, false], Layout.Transposed),
            ([4, 5], [false, true], Layout.Broadcast),
            ([2, 3, 4], [true, false, true], Layout.Strided),
            ([2, 3, 4, 5], [false, true, false, true], Layout.Transposed),
            ([2, 3, 4, 5], [true, true, true, true], Layout.Strided),
            ([3, 1, 5], [false, true, false], Layout.Contiguous),
            // Long folds over few outputs: one group an output (tree, then shuffles).
            ([3, 700], [false, true], Layout.Contiguous),
            ([700, 3], [true, false], Layout.Transposed),
        }
        from reduction in Reductions()
        select new TestCaseData(reduction, c.Shape, c.Reduced, c.Layout)
            .SetArgDisplayNames(reduction.Name, Shapes.Format(c.Shape), string.Join("", c.Reduced.Select(r => r ? "R" : "k")), c.Layout.ToString());

    [TestCaseSource(nameof(AxisSets))]
    public void Reduce_matches_the_reference(Type reduction, int[] shape, bool[] reduced, Layout layout)
    {
        var x = Views.Make(shape, layout, new Random(10));
        var count = Shapes.ElementCount(shape.Select((size, axis) => reduced[axis] ? 1 : size).ToArray());
        var y = new float[count];
        var gy = ToDevice(y);

        EngineFunctions.Reduce(ReferenceLoops, reduction, x, reduced, y);
        EngineFunctions.Reduce(GpuLoops, reduction, ToDevice(x), reduced, gy);

        Views.AssertClose(ToHost(gy), y, tolerance: 1e-5f);
    }

    [Test]
    public void Many_outputs_with_long_folds_share_a_group_32_at_a_time()
    {
        var x = Views.Make([33, 2048], Layout.Contiguous, new Random(12));
        var (y, gy) = (new float[2048], ToDevice(new float[2048]));

        EngineFunctions.Reduce(ReferenceLoops, Reductions().First(r => r.Name.Contains("Sum")), x, [true, false], y);
        EngineFunctions.Reduce(GpuLoops, Reductions().First(r => r.Name.Contains("Sum")), ToDevice(x), [true, false], gy);

        Views.AssertClose(ToHost(gy), y);
    }

    [TestCaseSource(nameof(Reductions))]
    public void A_nan_propagates_through_a_max_and_a_sum(Type reduction)
    {
        var values = Views.Values(3 * 300, new Random(11));
        values[5] = float.NaN;
        values[300 + 299] = float.NaN;
        var x = StridedView.RowMajor(values, [3, 300]);
        var (y, gy) = (new float[3], ToDevice(new float[3]));

        EngineFunctions.Reduce(ReferenceLoops, reduction, x, [false, true], y);
        EngineFunctions.Reduce(GpuLoops, reduction, ToDevice(x), [false, true], gy);

        Views.AssertClose(ToHost(gy), y);
    }
}
