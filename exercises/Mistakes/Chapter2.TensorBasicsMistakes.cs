namespace DeepLearning.Exercises.Mistakes;

/// <summary>Chapter 2's typical mistakes: each a wrong version of a task, as learners write it.</summary>
public static class TensorBasicsMistakes
{
    [Mistake("2.1", "column-major strides: the first axis gets stride 1", mustName: "column-major")]
    public static int[] ColumnMajor(int[] shape)
    {
        var strides = new int[shape.Length];
        var product = 1;
        for (var axis = 0; axis < shape.Length; axis++)
        {
            strides[axis] = product;
            product *= shape[axis];
        }
        return strides;
    }

    [Mistake("2.1", "multiplies in the axis's own size", mustName: "includes its own axis")]
    public static int[] IncludesOwnSize(int[] shape)
    {
        var strides = new int[shape.Length];
        var product = 1;
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            product *= shape[axis];
            strides[axis] = product;
        }
        return strides;
    }

    [Mistake("2.2", "leaves out the offset", mustName: "offset 2 is left out")]
    public static int WithoutOffset(int[] index, int[] strides, int offset) => index.Zip(strides, (i, stride) => i * stride).Sum();

    [Mistake("2.2", "adds the indices without the strides", mustName: "not multiplied by the strides")]
    public static int WithoutStrides(int[] index, int[] strides, int offset) => offset + index.Sum();

    [Mistake("2.3", "takes the larger size without checking that the sizes fit", mustName: "ArgumentException")]
    public static int[] NoCheck(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var axis = 1; axis <= rank; axis++)
        {
            var sizeA = axis <= a.Length ? a[^axis] : 1;
            var sizeB = axis <= b.Length ? b[^axis] : 1;
            result[^axis] = Math.Max(sizeA, sizeB);
        }
        return result;
    }

    [Mistake("2.3", "keeps only the axes both shapes have", mustName: "leading axis of the longer shape is dropped")]
    public static int[] DropsLeadingAxes(int[] a, int[] b)
    {
        var rank = Math.Min(a.Length, b.Length);
        var result = new int[rank];
        for (var axis = 1; axis <= rank; axis++)
        {
            var (sizeA, sizeB) = (a[^axis], b[^axis]);
            result[^axis] = sizeA == sizeB || sizeB == 1 ? sizeA : sizeA == 1 ? sizeB : throw new ArgumentException("the sizes do not fit");
        }
        return result;
    }
}
