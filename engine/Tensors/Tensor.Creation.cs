namespace DeepLearning;

public sealed partial class Tensor
{
    /// <summary>A tensor holding a copy of <paramref name="data"/>, read in row-major order into <paramref name="shape"/>.</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ValidateShape("from_array", shape);
        if (data.Length != Shapes.ElementCount(shape))
        {
            throw new ArgumentException(
                $"from_array: {data.Length} values do not fill shape {Shapes.Format(shape)} ({Shapes.ElementCount(shape)} elements)");
        }
        return OnDefaultDevice(new Tensor((float[])data.Clone(), (int[])shape.Clone()));
    }

    /// <summary>A 1-D tensor holding a copy of the values.</summary>
    public static Tensor FromArray(params float[] data) => FromArray(data, data.Length);

    /// <summary>A 2-D tensor from a rectangular array, row by row.</summary>
    public static Tensor FromArray(float[,] data)
    {
        var rows = data.GetLength(0);
        var columns = data.GetLength(1);
        var flat = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                flat[r * columns + c] = data[r, c];
            }
        }
        return OnDefaultDevice(new Tensor(flat, [rows, columns]));
    }

    /// <summary>A tensor of shape () holding one value.</summary>
    public static Tensor Scalar(float value) => Scalar(value, Device.Default);

    /// <summary>A 0-dimensional tensor holding <paramref name="value"/> on <paramref name="device"/> (written there, not uploaded).</summary>
    public static Tensor Scalar(float value, Device device) => Full("scalar", [], value, device);

    public static Tensor Zeros(params int[] shape) => Full("zeros", shape, 0f, Device.Default);

    public static Tensor Ones(params int[] shape) => Full("ones", shape, 1f, Device.Default);

    public static Tensor Full(int[] shape, float value) => Full("full", shape, value, Device.Default);

    /// <summary>Zeros of <paramref name="shape"/> on <paramref name="device"/>: filled there, nothing is uploaded.</summary>
    public static Tensor Zeros(int[] shape, Device device) => Full("zeros", shape, 0f, device);

    public static Tensor Ones(int[] shape, Device device) => Full("ones", shape, 1f, device);

    public static Tensor Full(int[] shape, float value, Device device) => Full("full", shape, value, device);

    /// <summary>Full, with the name of the op the caller used, for its error message.</summary>
    private static Tensor Full(string op, int[] shape, float value, Device device)
    {
        ValidateShape(op, shape);
        if (device.IsCpu)
        {
            var data = new float[Shapes.ElementCount(shape)];
            Array.Fill(data, value);
            return new Tensor(data, (int[])shape.Clone());
        }
        var filled = new Tensor(device.NewStorage(Shapes.ElementCount(shape)), (int[])shape.Clone());
        filled.Fill(value);
        return filled;
    }

    /// <summary>Zeros of <paramref name="other"/>'s shape, on its device.</summary>
    public static Tensor ZerosLike(Tensor other) => Zeros(other._shape, other.Device);

    /// <summary>Ones of <paramref name="other"/>'s shape, on its device.</summary>
    public static Tensor OnesLike(Tensor other) => Ones(other._shape, other.Device);

    /// <summary>A tensor made from host values, moved to <see cref="Device.Default"/> (a counted upload) when that is not the CPU.</summary>
    private static Tensor OnDefaultDevice(Tensor tensor) => Device.Default.IsCpu ? tensor : tensor.To(Device.Default);

    /// <summary>The values start, start+step, ... up to but excluding end, as in <c>torch.arange</c>.</summary>
    public static Tensor Arange(float start, float end, float step = 1)
    {
        if (step == 0 || float.IsNaN(step))
        {
            throw new ArgumentException($"arange: step must be a non-zero number, got {step}");
        }
        var count = Math.Max(0, (int)Math.Ceiling((end - start) / step));
        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = start + i * step;
        }
        return OnDefaultDevice(new Tensor(data, [count]));
    }

    /// <summary>The integers 0, 1, ..., end-1.</summary>
    public static Tensor Arange(int end) => Arange(0, end);

    /// <summary>Samples uniform on [0, 1), from <paramref name="generator"/> or <see cref="Generator.Default"/>.</summary>
    public static Tensor Rand(int[] shape, Generator? generator = null) =>
        Sample("rand", shape, generator ?? Generator.Default, static g => g.NextFloat());

    /// <summary>Samples from the standard normal N(0, 1), from <paramref name="generator"/> or <see cref="Generator.Default"/>.</summary>
    public static Tensor Randn(int[] shape, Generator? generator = null) =>
        Sample("randn", shape, generator ?? Generator.Default, static g => g.NextGaussian());

    public static Tensor Rand(params int[] shape) => Rand(shape, null);

    public static Tensor Randn(params int[] shape) => Randn(shape, null);

    private static Tensor Sample(string op, int[] shape, Generator generator, Func<Generator, float> draw)
    {
        ValidateShape(op, shape);
        var data = new float[Shapes.ElementCount(shape)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = draw(generator);
        }
        return OnDefaultDevice(new Tensor(data, (int[])shape.Clone()));
    }

    private static void ValidateShape(string op, int[] shape)
    {
        foreach (var size in shape)
        {
            if (size < 0)
            {
                throw new ArgumentException($"{op}: shape {Shapes.Format(shape)} has a negative size");
            }
        }
        Shapes.ElementCount(op, shape);
    }
}
