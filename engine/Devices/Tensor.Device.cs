namespace DeepLearning;

// Where a tensor lives, and moving it: the device of a tensor is the device of its storage, so views stay where
// their base is and an op's result is made where its operands are.
public sealed partial class Tensor
{
    /// <summary>The device that holds this tensor's values.</summary>
    public Device Device => Device.Of(Storage);

    /// <summary>
    /// This tensor on <paramref name="device"/>: itself when it is already there, otherwise a contiguous copy
    /// there (one counted transfer). Recorded for autograd: the gradient moves back the same way.
    /// </summary>
    public Tensor To(Device device)
    {
        var from = Device;
        if (ReferenceEquals(from, device))
        {
            return this;
        }
        var moved = new Tensor(MoveValues(from, device), Shape);
        return Record(moved, "to", [this], g => [g.To(from)]);
    }

    /// <summary>
    /// Moves this tensor itself to <paramref name="device"/>: its values, and its gradient if it has one, now live
    /// there (what <c>Module.To</c> does to parameters, so that the layers holding them see the move). Only for a
    /// leaf that owns its storage whole: a view of it made before the move would still see the old storage.
    /// </summary>
    internal void MoveTo(Device device)
    {
        if (GradFn is not null || !IsContiguous || Offset != 0 || Storage.Length != ElementCount)
        {
            throw new InvalidOperationException(
                $"to: only a leaf tensor that owns its whole storage can be moved in place (shape {ShapeText}, offset {Offset})");
        }
        var from = Device;
        if (ReferenceEquals(from, device))
        {
            return;
        }
        Storage = MoveValues(from, device);
        Grad = Grad?.Detach().To(device);
    }

    /// <summary>
    /// Moves the whole storage array this tensor views to <paramref name="device"/>, keeping offset and strides: for
    /// tests that evaluate a function many times on the host (numeric derivatives) and then move it back. Only for a
    /// leaf that no other tensor shares storage with.
    /// </summary>
    internal void MoveStorageTo(Device device)
    {
        var from = Device;
        if (GradFn is not null || ReferenceEquals(from, device))
        {
            return;
        }
        var host = new float[Storage.Length];
        if (from.IsCpu)
        {
            Storage.CopyTo(host, 0);
        }
        else
        {
            from.CopyToHost(Storage, 0, host);
        }
        if (device.IsCpu)
        {
            Storage = host;
            return;
        }
        var target = device.NewStorage(host.Length);
        device.CopyToDevice(host, target);
        Storage = target;
    }

    /// <summary>The values of this tensor, row-major, in new storage on <paramref name="device"/>.</summary>
    private float[] MoveValues(Device from, Device device)
    {
        var target = device.NewStorage(ElementCount);
        if (from.IsCpu)
        {
            device.CopyToDevice(ReadContiguous().AsSpan(0, ElementCount), target);
        }
        else if (device.IsCpu)
        {
            from.CopyToHost(ReadContiguous(), 0, target.AsSpan(0, ElementCount));
        }
        else
        {
            // Between two accelerators: through the host, two counted transfers.
            var host = new float[ElementCount];
            from.CopyToHost(ReadContiguous(), 0, host);
            device.CopyToDevice(host, target);
        }
        return target;
    }

    /// <summary>Storage element <paramref name="index"/>, wherever it lives (a counted transfer on a device). For tests that perturb inputs.</summary>
    internal float ReadStorage(int index) => new Tensor(Storage, [], [], index).Item();

    /// <summary>Writes storage element <paramref name="index"/>, wherever it lives. For tests that perturb inputs.</summary>
    internal void WriteStorage(int index, float value) => new Tensor(Storage, [], [], index).Fill(value);
}
