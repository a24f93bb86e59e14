namespace DeepLearning.Data;

/// <summary>
/// The words of a list as one stream of tokens, <c>.emma.ava.…</c>, cut into <see cref="Lanes"/> lanes that are read
/// side by side, <c>T</c> tokens at a time: what a recurrent model trains on with truncated backpropagation through
/// time. Lane b is a contiguous piece of the stream, so the hidden state that one segment of lane b ends with is the
/// right state to start its next segment from.
/// </summary>
/// <remarks>
/// Taught in chapter 7, section 7.5 (notebooks/07-recurrent-networks.ipynb). The stream predicts every letter of every
/// word and every word's end, each after the '.' that ends the word before: the same predictions that
/// <see cref="CharacterExamples"/> makes of the same words, so the NLLs of the two kinds of model compare. Each lane
/// is (stream length − 1) / lanes predictions long: rounded up when every prediction must count (evaluation: the
/// targets past the stream's end are then −1, none), rounded down for training (the last few predictions, fewer than
/// one a lane, are left out, so every target is a token).
/// </remarks>
public sealed class CharacterStream
{
    private readonly int[] _inputs;
    private readonly int[] _targets;

    private CharacterStream(int[] inputs, int[] targets, int lanes, int laneLength, int predictions)
    {
        (_inputs, _targets, Lanes, LaneLength, Predictions) = (inputs, targets, lanes, laneLength, predictions);
    }

    /// <summary>B, the lanes read side by side (the batch).</summary>
    public int Lanes { get; }

    /// <summary>The positions of each lane.</summary>
    public int LaneLength { get; }

    /// <summary>The predictions the lanes hold: with <c>everyPrediction</c>, the letters of every word plus one end a word.</summary>
    public int Predictions { get; }

    /// <summary>
    /// The stream ".w₁.w₂.….wₙ." cut into <paramref name="lanes"/> lanes; input t is followed by target t. With
    /// <paramref name="everyPrediction"/> the last lane is padded (targets −1) so that no prediction is left out.
    /// </summary>
    public static CharacterStream FromWords(IEnumerable<string> words, int lanes, bool everyPrediction)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lanes);
        var stream = CharacterVocabulary.Encode(CharacterVocabulary.EndOfWord + string.Concat(words.Select(word => word + CharacterVocabulary.EndOfWord)));
        var laneLength = everyPrediction ? (stream.Length - 1 + lanes - 1) / lanes : (stream.Length - 1) / lanes;
        var predictions = everyPrediction ? stream.Length - 1 : lanes * laneLength;
        var (inputs, targets) = (new int[lanes * laneLength], new int[lanes * laneLength]);
        Array.Fill(targets, -1);
        for (var position = 0; position < predictions; position++)
        {
            // Position p of the stream is step p % L of lane p / L: lanes stored one after another, (B, L) row-major.
            inputs[position] = stream[position];
            targets[position] = stream[position + 1];
        }
        return new CharacterStream(inputs, targets, lanes, laneLength, predictions);
    }

    /// <summary>
    /// Steps <paramref name="start"/> to start + <paramref name="length"/> of every lane (cut at the lane's end):
    /// inputs and targets (B, T) row-major, T the steps actually taken.
    /// </summary>
    public (int[] Inputs, int[] Targets, int Time) Segment(int start, int length)
    {
        var time = Math.Min(length, LaneLength - start);
        var (inputs, targets) = (new int[Lanes * time], new int[Lanes * time]);
        for (var lane = 0; lane < Lanes; lane++)
        {
            Array.Copy(_inputs, lane * LaneLength + start, inputs, lane * time, time);
            Array.Copy(_targets, lane * LaneLength + start, targets, lane * time, time);
        }
        return (inputs, targets, time);
    }
}
