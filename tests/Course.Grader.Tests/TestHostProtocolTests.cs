using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>The pieces between the grader and its test host: bounded output, and events told apart from stray output.</summary>
public sealed class TestHostProtocolTests
{
    [Test]
    public void BoundedWriterKeepsTheStartAndCountsTheRest()
    {
        var writer = new BoundedTextWriter(10);
        writer.Write("0123456789abcdef");
        writer.Write('x');
        Assert.That(writer.ToString(), Is.EqualTo("0123456789\n... [output truncated: 7 more characters]"));
        Assert.That(writer.TakeText(), Does.StartWith("0123456789"));
        Assert.That(writer.ToString(), Is.Empty, "taking the text empties the writer");
    }

    [Test]
    public void EventsRoundTripAndOtherLinesAreNotEvents()
    {
        var outcome = TestOutcome.Fail("Fixture.Method", FailureKind.WrongResult, "expected 1, got 2", "printed", 0.25);
        var line = HostProtocol.Encode("nonce", new HostEvent(HostEventKind.End, Id: outcome.Id, Outcome: outcome));
        Assert.That(HostProtocol.Decode("nonce", line)!.Outcome, Is.EqualTo(outcome));
        Assert.That(HostProtocol.Decode("other-nonce", line), Is.Null, "a line with another run's prefix is output");
        Assert.That(HostProtocol.Decode("nonce", "{\"Kind\":\"Done\"}"), Is.Null, "an unprefixed line is output, even if it looks like an event");
        Assert.That(HostProtocol.Decode("nonce", HostProtocol.Prefix("nonce") + "{not json"), Is.Null);
    }

    [Test]
    public void TestNamesReadAsWords() =>
        Assert.That(TestDiscovery.Words("RowsOfAMatrix"), Is.EqualTo("rows of a matrix"));
}
