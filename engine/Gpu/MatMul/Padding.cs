namespace DeepLearning.Gpu.MatMul;

/// <summary>
/// Copies of a row-major matrix with zero rows or columns added or removed. Zero columns of A and zero rows of
/// B add 0·0 terms to each dot product, so C = A·B is unchanged on the original columns.
/// </summary>
public static class Padding
{
    /// <summary>The smallest multiple of <paramref name="multiple"/> that is ≥ <paramref name="size"/>.</summary>
    public static int RoundUp(int size, int multiple) => (size + multiple - 1) / multiple * multiple;

    /// <summary>A (rows × columns) matrix copied into the top-left corner of a zero (newRows × newColumns) one.</summary>
    public static float[] Pad(float[] matrix, int rows, int columns, int newRows, int newColumns)
    {
        if (newRows < rows || newColumns < columns)
        {
            throw new ArgumentException($"pad: ({rows}×{columns}) does not fit in ({newRows}×{newColumns})");
        }
        var padded = new float[newRows * newColumns];
        for (var i = 0; i < rows; i++)
        {
            Array.Copy(matrix, i * columns, padded, i * newColumns, columns);
        }
        return padded;
    }

    /// <summary>The first <paramref name="keptColumns"/> columns of a (rows × columns) matrix.</summary>
    public static float[] KeepColumns(float[] matrix, int rows, int columns, int keptColumns)
    {
        var kept = new float[rows * keptColumns];
        for (var i = 0; i < rows; i++)
        {
            Array.Copy(matrix, i * columns, kept, i * keptColumns, keptColumns);
        }
        return kept;
    }
}
