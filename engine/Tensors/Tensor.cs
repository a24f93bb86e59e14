namespace DeepLearning;

/// <summary>
/// An n-dimensional array of float32 that can record the operations applied to it, for reverse-mode
/// automatic differentiation.
/// </summary>
/// <remarks>
/// A tensor is a view: a flat <see cref="Storage"/> array, an <see cref="Offset"/> into it, and for each
/// axis a size (<see cref="Shape"/>) and a stride (how many storage elements to step to move one index
/// along that axis). The element at index (i0, i1, ...) lives at
/// <c>Storage[Offset + i0*stride0 + i1*stride1 + ...]</c>. Transposing swaps strides, slicing moves the
/// offset, broadcasting sets a stride to 0: none of them copies data.
/// </remarks>
public sealed partial class Tensor
{
    private readonly int[] _shape;
    private readonly int[] _strides;

    internal Tensor(float[] storage, int[] shape, int[] strides, int offset)
    {
        Storage = storage;
        _shape = shape;
        _strides = strides;
        Offset = offset;
    }

    internal Tensor(float[] contiguousData, int[] shape)
        : this(contiguousData, shape, Shapes.ContiguousStrides(shape), 0)
    {
    }

    private float[] _storage = [];

    /// <summary>The flat array this tensor views. Several tensors may share one storage.</summary>
    /// <remarks>A tensor of a training step's graph that <see cref="ReleaseGraph"/> gave back has none: reading it throws.</remarks>
    internal float[] Storage
    {
        get => _released ? throw ReleasedError() : _storage;
        private set => _storage = value;
    }

    /// <summary>Where element (0, 0, ...) lives in <see cref="Storage"/>.</summary>
    public int Offset { get; }

    /// <summary>The size of each axis, outermost first. A copy: changing it does not change the tensor.</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>Storage elements to step for one index along each axis. A copy.</summary>
    public int[] Strides => (int[])_strides.Clone();

    /// <summary>The number of axes (0 for a scalar).</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements: the product of the shape.</summary>
    public int ElementCount => Shapes.ElementCount(_shape);

    /// <summary>The size of one axis; negative axes count from the end.</summary>
    public int Size(int axis) => _shape[Shapes.NormalizeAxis("size", axis, _shape)];

    internal ReadOnlySpan<int> ShapeSpan => _shape;

    internal ReadOnlySpan<int> StridesSpan => _strides;

    /// <summary>The shape as written in messages, e.g. (3,4).</summary>
    public string ShapeText => Shapes.Format(_shape);

    /// <summary>
    /// True when the elements lie in storage in row-major order with no gaps, so the data can be used
    /// as one flat span. Axes of size 1 do not matter, whatever their stride.
    /// </summary>
    public bool IsContiguous
    {
        get
        {
            var expected = 1;
            for (var i = Rank - 1; i >= 0; i--)
            {
                if (_shape[i] != 1 && _strides[i] != expected)
                {
                    return false;
                }
                expected *= _shape[i];
            }
            return true;
        }
    }

    /// <summary>
    /// Reads or writes one element. Writing bypasses autograd: use it on data, not inside a model. On a device
    /// other than the CPU each access is a transfer of one value (counted): fine for a check, slow in a loop.
    /// </summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get
        {
            var position = StorageIndex(index);
            var device = Device;
            if (device.IsCpu)
            {
                return Storage[position];
            }
            Span<float> value = stackalloc float[1];
            device.CopyToHost(Storage, position, value);
            return value[0];
        }
        set
        {
            var position = StorageIndex(index);
            var device = Device;
            if (device.IsCpu)
            {
                Storage[position] = value;
                return;
            }
            // Through a one-element view, so that the device writes it where it lives.
            var element = new Tensor(Storage, [], [], position);
            element.Fill(value);
        }
    }

    /// <summary>The value of a one-element tensor, as <c>.item()</c> in PyTorch.</summary>
    public float Item()
    {
        if (ElementCount != 1)
        {
            throw new InvalidOperationException(
                $"item: only a tensor with exactly one element has an item value; this one has shape {ShapeText} ({ElementCount} elements)");
        }
        return this[new int[Rank]];
    }

    /// <summary>
    /// The elements of a contiguous tensor as a span over its storage (no copy: writes change the tensor and
    /// are not recorded). For optimizers and data loading; throws for a non-contiguous view.
    /// </summary>
    public Span<float> AsSpan()
    {
        if (!Device.IsCpu)
        {
            throw new InvalidOperationException(
                $"as_span: this tensor lives on {Device.Name}, not in host memory; use ToArray() or To(Device.Cpu) for its values");
        }
        if (!IsContiguous)
        {
            throw new InvalidOperationException($"as_span: a tensor of shape {ShapeText} with strides {Shapes.Format(_strides)} is not contiguous; call Contiguous() first");
        }
        return Storage.AsSpan(Offset, ElementCount);
    }

    /// <summary>
    /// A new host array with the elements in row-major order: copied by the CPU's backend, or from a device
    /// (one counted transfer).
    /// </summary>
    public float[] ToArray()
    {
        var device = Device;
        var result = new float[ElementCount];
        if (device.IsCpu)
        {
            Device.Cpu.Backend.Map<IdentityFunction>(Strided, Backends.StridedView.RowMajor(result, _shape));
        }
        else
        {
            device.CopyToHost(ReadContiguous(), 0, result);
        }
        return result;
    }

    /// <summary>
    /// The elements in row-major order as flat storage on this tensor's device: the storage itself when this
    /// tensor covers it exactly and in order (no copy), otherwise a copy. Callers must not write to it.
    /// </summary>
    internal float[] ReadContiguous() => OwnsStorage ? Storage : CopyValues();

    /// <summary>True when this tensor covers its storage exactly, in row-major order: the storage is its elements.</summary>
    internal bool OwnsStorage => IsContiguous && Offset == 0 && Storage.Length == ElementCount;

    /// <summary>A row-major copy of the elements in new storage on this tensor's device.</summary>
    private float[] CopyValues()
    {
        var device = Device;
        var copy = device.IsCpu ? new float[ElementCount] : device.NewStorage(ElementCount);
        device.Backend.Map<IdentityFunction>(Strided, Backends.StridedView.RowMajor(copy, _shape));
        return copy;
    }

    private int StorageIndex(int[] index)
    {
        if (index.Length != Rank)
        {
            throw new ArgumentException($"index: {index.Length} indices given for a tensor of shape {ShapeText}");
        }
        var position = Offset;
        for (var axis = 0; axis < Rank; axis++)
        {
            var i = index[axis] < 0 ? index[axis] + _shape[axis] : index[axis];
            if (i < 0 || i >= _shape[axis])
            {
                throw new IndexOutOfRangeException(
                    $"index: index {index[axis]} is out of range for axis {axis} of size {_shape[axis]} (shape {ShapeText})");
            }
            position += i * _strides[axis];
        }
        return position;
    }

    /// <summary>
    /// The storage position of every element of a strided view, in row-major order of the shape (the odometer of
    /// <see cref="Backends.StridedView.ElementOffsets"/>).
    /// </summary>
    internal static int[] StridedOffsets(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset) =>
        new Backends.StridedView([], offset, shape.ToArray(), strides.ToArray()).ElementOffsets();

    /// <summary>The values as PyTorch prints them, e.g. <c>tensor([[1., 2.], [3., 4.]])</c>.</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
