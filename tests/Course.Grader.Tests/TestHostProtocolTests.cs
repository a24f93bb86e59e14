using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>The pieces between the grader and its test host: bounded output, and signed events in order.</summary>
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
    public void EventsRoundTripOnlyWithTheKeyAndInOrder()
    {
        var key = HostProtocol.NewKey();
        var outcome = TestOutcome.Fail("Fixture.Method", FailureKind.WrongResult, "expected 1, got 2", "printed", 0.25);
        var line = HostProtocol.Encode(key, 3, new HostEvent(HostEventKind.End, Id: outcome.Id, Outcome: outcome));
        Assert.That(HostProtocol.Decode(key, 3, line)!.Outcome, Is.EqualTo(outcome));
        Assert.That(HostProtocol.Decode(HostProtocol.NewKey(), 3, line), Is.Null, "signed with another key");
        Assert.That(HostProtocol.Decode(key, 4, line), Is.Null, "a replayed or reordered event");
        Assert.That(HostProtocol.Decode(key, 3, line.Replace("WrongResult", "Crash")), Is.Null, "an altered event");
        Assert.That(HostProtocol.Decode(key, 0, "{\"Kind\":\"Done\"}"), Is.Null, "an unsigned line, even if it looks like an event");
    }

    [Test]
    public void AForgedPassWithoutTheKeyIsNotAnEvent()
    {
        // What code under test can make: the grader's own encoder, with a key of its choosing.
        var forged = HostProtocol.Encode(HostProtocol.NewKey(), 1, new HostEvent(HostEventKind.End, "Fixture.Method", new TestOutcome("Fixture.Method", true, null, "", "", 0)));
        Assert.That(HostProtocol.Decode(HostProtocol.NewKey(), 1, forged), Is.Null);
    }

    [Test]
    public void TestNamesReadAsWords() =>
        Assert.That(TestDiscovery.Words("RowsOfAMatrix"), Is.EqualTo("rows of a matrix"));
}
