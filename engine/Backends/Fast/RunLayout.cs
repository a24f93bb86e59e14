namespace DeepLearning.Backends.Fast;

/// <summary>
/// Several views of one shape (the operands and the output of an element-wise op), described as a sequence of
/// runs along a single innermost axis, so that the work is done by vector loops over whole runs instead of an
/// offset per element.
/// </summary>
/// <remarks>
/// Axes are first simplified: axes of size 1 are dropped, and two neighbouring axes are merged into one when
/// every view steps over them as over one axis (stride[i] = stride[i+1] · size[i+1]). A contiguous tensor becomes
/// one run, (N, C, H, W) + bias (1, C, 1, 1) becomes N·C runs of H·W against one bias value each, and a
/// transposed matrix stays two axes with a strided run. Long runs are cut into pieces of at most
/// <see cref="PieceLength"/> elements, the unit of work that threads share.
/// </remarks>
internal sealed class RunLayout
{
    public const int PieceLength = 1 << 14;

    private readonly int[] _shape;
    private readonly int[][] _strides;
    private readonly int[] _baseOffsets;

    private RunLayout(int[] shape, int[][] strides, int[] baseOffsets)
    {
        _shape = shape;
        _strides = strides;
        _baseOffsets = baseOffsets;
        RunLength = shape[^1];
        RunCount = 1;
        for (var axis = 0; axis < shape.Length - 1; axis++)
        {
            RunCount *= shape[axis];
        }
        PiecesPerRun = Math.Max(1, (RunLength + PieceLength - 1) / PieceLength);
        PieceCount = RunCount * PiecesPerRun;
    }

    /// <summary>Elements in each run (the size of the innermost simplified axis).</summary>
    public int RunLength { get; }

    public long RunCount { get; }

    public int PiecesPerRun { get; }

    public long PieceCount { get; }

    public long ElementCount => RunCount * RunLength;

    /// <summary>The step between two elements of a run in view <paramref name="view"/>: 1 (contiguous), 0 (broadcast) or other.</summary>
    public int RunStride(int view) => _strides[view][^1];

    /// <summary>The simplified layout of views that all have the same shape.</summary>
    public static RunLayout Of(params StridedView[] views)
    {
        var shape = new List<int>();
        var strides = views.Select(_ => new List<int>()).ToArray();
        for (var axis = 0; axis < views[0].Rank; axis++)
        {
            var size = views[0].Shape[axis];
            if (size == 1)
            {
                continue;
            }
            var last = shape.Count - 1;
            if (last >= 0 && Enumerable.Range(0, views.Length).All(v => strides[v][last] == views[v].Strides[axis] * size))
            {
                shape[last] *= size;
                for (var v = 0; v < views.Length; v++)
                {
                    strides[v][last] = views[v].Strides[axis];
                }
                continue;
            }
            shape.Add(size);
            for (var v = 0; v < views.Length; v++)
            {
                strides[v].Add(views[v].Strides[axis]);
            }
        }
        if (shape.Count == 0 || views[0].ElementCount == 0)
        {
            // A single element, or none: one run of that length.
            shape = [views[0].ElementCount];
            foreach (var list in strides)
            {
                list.Clear();
                list.Add(1);
            }
        }
        return new RunLayout([.. shape], strides.Select(list => list.ToArray()).ToArray(), views.Select(view => view.Offset).ToArray());
    }

    /// <summary>
    /// Calls <paramref name="piece"/>(storage offsets of the piece's first element in each view, its length)
    /// for pieces <paramref name="first"/> to <paramref name="last"/> - 1, in order. An odometer over the outer
    /// axes finds each run's offsets with one addition a view.
    /// </summary>
    public void ForEachPiece<TPiece>(long first, long last, ref TPiece piece) where TPiece : struct, IPieceAction
    {
        if (first >= last)
        {
            return;
        }
        var outerRank = _shape.Length - 1;
        Span<int> index = stackalloc int[Math.Max(1, outerRank)];
        Span<int> runOffsets = stackalloc int[_strides.Length];
        Span<int> pieceOffsets = stackalloc int[_strides.Length];
        var run = first / PiecesPerRun;
        var pieceInRun = (int)(first % PiecesPerRun);
        // Start the odometer at the first run.
        var remainder = run;
        for (var axis = outerRank - 1; axis >= 0; axis--)
        {
            index[axis] = (int)(remainder % _shape[axis]);
            remainder /= _shape[axis];
        }
        for (var v = 0; v < _strides.Length; v++)
        {
            runOffsets[v] = _baseOffsets[v];
            for (var axis = 0; axis < outerRank; axis++)
            {
                runOffsets[v] += index[axis] * _strides[v][axis];
            }
        }
        for (var p = first; p < last; p++)
        {
            var start = pieceInRun * PieceLength;
            for (var v = 0; v < _strides.Length; v++)
            {
                pieceOffsets[v] = runOffsets[v] + start * _strides[v][^1];
            }
            piece.Run(pieceOffsets, Math.Min(PieceLength, RunLength - start));
            if (++pieceInRun < PiecesPerRun)
            {
                continue;
            }
            pieceInRun = 0;
            for (var axis = outerRank - 1; axis >= 0; axis--)
            {
                for (var v = 0; v < _strides.Length; v++)
                {
                    runOffsets[v] += _strides[v][axis];
                }
                if (++index[axis] < _shape[axis])
                {
                    break;
                }
                for (var v = 0; v < _strides.Length; v++)
                {
                    runOffsets[v] -= _strides[v][axis] * _shape[axis];
                }
                index[axis] = 0;
            }
        }
    }
}

/// <summary>The work done on one piece of a run: the offsets of its first element in each view, and its length.</summary>
internal interface IPieceAction
{
    void Run(ReadOnlySpan<int> offsets, int length);
}
