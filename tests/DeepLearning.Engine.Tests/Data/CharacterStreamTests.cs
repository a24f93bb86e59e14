using DeepLearning.Data;
using DeepLearning.Models;

namespace DeepLearning.Tests.Data;

/// <summary>
/// The stream of words in lanes: each lane a contiguous piece of ".w₁.w₂.…", segments that continue where the last
/// ended, the same predictions as <see cref="CharacterExamples"/>; and the recurrent model's NLL over it.
/// </summary>
public class CharacterStreamTests
{
    private static readonly string[] Words = ["emma", "ava", "olivia", "mia", "isabella", "sophia", "a"];

    [Test]
    public void EveryPredictionIsTheNextTokenOfTheStreamAndCountsLikeTheExamples()
    {
        var stream = CharacterStream.FromWords(Words, lanes: 3, everyPrediction: true);
        var text = CharacterVocabulary.Encode("." + string.Concat(Words.Select(word => word + ".")));
        Assert.That(stream.Predictions, Is.EqualTo(CharacterExamples.FromWords(Words, contextLength: 1).Count));
        var (inputs, targets, time) = stream.Segment(0, stream.LaneLength);
        Assert.That(time, Is.EqualTo(stream.LaneLength));
        // Lane b holds stream positions b·L to (b+1)·L: read lane after lane, the pairs are the stream's, then padding.
        var pairs = inputs.Zip(targets).Where(pair => pair.Second >= 0).ToList();
        Assert.That(pairs, Has.Count.EqualTo(stream.Predictions));
        Assert.That(pairs.Select(pair => pair.First), Is.EqualTo(text[..^1]));
        Assert.That(pairs.Select(pair => pair.Second), Is.EqualTo(text[1..]));
    }

    [Test]
    public void SegmentsContinueEachLaneAndTrainingDropsOnlyTheRemainder()
    {
        var stream = CharacterStream.FromWords(Words, lanes: 4, everyPrediction: false);
        var whole = stream.Segment(0, stream.LaneLength);
        var (first, second) = (stream.Segment(0, 3), stream.Segment(3, 100));
        Assert.That(second.Time, Is.EqualTo(stream.LaneLength - 3), "the last segment is cut at the lane's end");
        for (var lane = 0; lane < 4; lane++)
        {
            var joined = first.Inputs.Skip(lane * 3).Take(3).Concat(second.Inputs.Skip(lane * second.Time).Take(second.Time));
            Assert.That(joined, Is.EqualTo(whole.Inputs.Skip(lane * stream.LaneLength).Take(stream.LaneLength)), $"lane {lane}");
        }
        Assert.That(whole.Targets, Has.All.GreaterThanOrEqualTo(0), "no padding when training");
        Assert.That(CharacterExamples.FromWords(Words, 1).Count - stream.Predictions, Is.InRange(0, 3), "fewer predictions dropped than lanes");
    }

    [Test]
    public void TheRecurrentModelsNllIsTheMeanOverEveryPredictionWhateverTheLanesAndSegments()
    {
        var model = new CharacterRecurrentModel("gru", embed: 4, hidden: 5, new Generator(seed: 7));
        var oneLane = model.Nll(CharacterStream.FromWords(Words, lanes: 1, everyPrediction: true), time: 1000);
        var (inputs, targets) = (CharacterStream.FromWords(Words, 1, true).Segment(0, 1000).Inputs, CharacterStream.FromWords(Words, 1, true).Segment(0, 1000).Targets);
        var logits = model.Forward(inputs, 1, inputs.Length, null).Logits;
        var expected = NN.Losses.CrossEntropy(logits.Reshape(inputs.Length, CharacterVocabulary.Size), targets).Item();
        Assert.That(oneLane, Is.EqualTo(expected).Within(1e-5), "one lane, one segment: the cross-entropy of the whole stream");
        Assert.That(model.Nll(CharacterStream.FromWords(Words, lanes: 1, everyPrediction: true), time: 7), Is.EqualTo(oneLane).Within(1e-5),
            "the state carried from segment to segment gives the same NLL");
    }
}
