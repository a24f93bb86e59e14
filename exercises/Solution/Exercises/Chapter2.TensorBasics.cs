namespace DeepLearning.Exercises;

/// <summary>
/// Chapter 2: a tensor is flat storage plus a shape and strides; broadcasting stretches axes of size 1.
/// </summary>
public static class TensorBasics
{
    // Task 2.1: row-major strides of a contiguous shape
    // Write it yourself; not allowed here: Shapes.ContiguousStrides, Tensor.Strides
    /// <summary>The strides of a contiguous row-major tensor: the last axis has stride 1, and stride[i] = shape[i+1]·stride[i+1]. (2,3,4) → (12,4,1).</summary>
    public static int[] ContiguousStrides(int[] shape)
    {
        // BEGIN SOLUTION
        var strides = new int[shape.Length];
        var stride = 1;
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= shape[axis];
        }
        return strides;
        // END SOLUTION
    }

    // Task 2.2: the storage position of an element of a strided view
    /// <summary>Where element <paramref name="index"/> of a view lives in storage: offset + Σ index[i]·strides[i].</summary>
    public static int StorageIndex(int[] index, int[] strides, int offset)
    {
        // BEGIN SOLUTION
        var position = offset;
        for (var axis = 0; axis < index.Length; axis++)
        {
            position += index[axis] * strides[axis];
        }
        return position;
        // END SOLUTION
    }

    // Task 2.3: the broadcast shape of two shapes
    // Write it yourself; not allowed here: Shapes.Broadcast, Tensor.Expand
    /// <summary>
    /// NumPy's rule: align the shapes at their last axis; sizes fit when equal or when one is 1; a missing
    /// leading axis counts as 1. (8,1,6) and (7,1) → (8,7,6). Throws <see cref="ArgumentException"/> when two
    /// sizes differ and neither is 1.
    /// </summary>
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        // BEGIN SOLUTION
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 1; i <= rank; i++)
        {
            var sizeA = i <= a.Length ? a[^i] : 1;
            var sizeB = i <= b.Length ? b[^i] : 1;
            if (sizeA != sizeB && sizeA != 1 && sizeB != 1)
            {
                throw new ArgumentException($"broadcast: sizes {sizeA} and {sizeB} at axis -{i} differ and neither is 1");
            }
            result[^i] = Math.Max(sizeA, sizeB);
        }
        return result;
        // END SOLUTION
    }

    // Question 2.a: the offset of a column slice
    /// <summary>Your answer to quick question 2.a in the notebook, a whole number: predict it before you run the cell that shows it.</summary>
    public static int Question2A()
    {
        // BEGIN SOLUTION
        return 1;
        // END SOLUTION
    }

    // Question 2.b: writing through a view and through a copy
    /// <summary>Your answer to quick question 2.b in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question2B()
    {
        // BEGIN SOLUTION
        return 'B';
        // END SOLUTION
    }

    // Question 2.c: the strides of an expanded column
    /// <summary>Your answer to quick question 2.c in the notebook, a letter, A to D: predict it before you run the cell that shows it.</summary>
    public static char Question2C()
    {
        // BEGIN SOLUTION
        return 'A';
        // END SOLUTION
    }
}
