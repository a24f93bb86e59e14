using DeepLearning.Grading.Running;

namespace DeepLearning.Grading.Tests;

/// <summary>
/// A failed hidden test tells the kind of failure in the task's terms, read from the message the learner never sees,
/// and its hint only where the hint is about that kind. The messages here are the ones TensorAssert and the test host
/// write.
/// </summary>
public sealed class HiddenFeedbackTests
{
    private const string NegatedSoftmax = """
        softmax of a (2,3) matrix: 6 of 6 elements differ (tolerance 0.0001); first at [0, 0]: expected 0.538372, got -0.538372
          expected: tensor([[0.5384, 0.2953, 0.1663],
                [0.3942, 0.2739, 0.3319]])
          actual:   tensor([[-0.5384, -0.2953, -0.1663],
                [-0.3942, -0.2739, -0.3319]])
        """;

    [TestCase(NegatedSoftmax, "wrong values: your result is the correct one negated")]
    [TestCase("""
        gradient: 3 of 4 elements differ (tolerance 0.0001); first at [0, 1]: expected 2, got 3
          expected: tensor([[1., 2.],
                [3., 4.]])
          actual:   tensor([[1., 3.],
                [2., 4.]])
        """, "wrong values: your result is the correct one transposed")]
    [TestCase("""
        mean: 3 of 3 values differ (tolerance 0.0001); first at index 0: expected 1, got 5
          expected: [1, 2, -3]
          actual:   [5, 10, -15]
        """, "wrong values: your result is the correct one scaled by a constant factor")]
    [TestCase("""
        softmax of a (2,3) matrix: 6 of 6 elements differ (tolerance 0.0001); first at [0, 0]: expected 0.538372, got 0.5
          expected: tensor([[0.5384, 0.2953, 0.1663],
                [0.3942, 0.2739, 0.3319]])
          actual:   tensor([[0.5000, 0.4412, 0.2684],
                [0.5000, 0.5588, 0.7316]])
        """, "wrong values")]
    [TestCase("dL/dA: expected shape (5, 1), got (1, 5)", "wrong shape: the correct shape with its last two axes swapped")]
    [TestCase("pooled: expected shape (2, 3, 2, 2), got (2, 3, 2)", "wrong shape: 3 axes instead of 4")]
    [TestCase("""
        softmax of very negative logits: 3 of 6 elements differ (tolerance 0.0001); first at [0, 0]: expected 0.665241, got NaN
          expected: tensor([[0.6652, 0.2447, 0.0900]])
          actual:   tensor([[nan, nan, nan]])
        """, "wrong values: your result holds NaN or an infinity (an overflow, or 0/0?)")]
    [TestCase("p-value: expected 1, got ∞ (tolerance 1E-06)", "wrong values: your result holds NaN or an infinity (an overflow, or 0/0?)")]
    [TestCase("odd sizes: expected ArgumentException, but nothing was thrown", "no exception where the task asks for ArgumentException")]
    [TestCase("max pooling of (2,3,5,5) images (N, C, H, W), k = 3, s = 1: your function read or wrote outside a tensor (IndexOutOfRangeException in your Convolution.MaxPool2d (Chapter6.Convolution.cs, line 57): index 5 is out of range); the output should have shape (2,3,3,3)",
        "threw IndexOutOfRangeException in your Convolution.MaxPool2d (Chapter6.Convolution.cs, line 57)")]
    [TestCase("max pooling of (2,3,5,5) images (N, C, H, W), k = 3, s = 1: your function read or wrote outside a tensor (IndexOutOfRangeException in your MaxPool2d: index 5 is out of range); the output should have shape (2,3,3,3)",
        "threw IndexOutOfRangeException in your MaxPool2d")]
    [TestCase("im2col: your function read or wrote outside a tensor (ArgumentOutOfRangeException: index 5); the output should have shape (1,18,4)",
        "threw ArgumentOutOfRangeException in your code")]
    public void AWrongResultIsNamedByItsKind(string message, string kind) =>
        Assert.That(HiddenFeedback.Classify(TestOutcome.Fail("Hidden.Test", FailureKind.WrongResult, message)).Text, Is.EqualTo(kind));

    [Test]
    public void AnExceptionSaysWhereInTheLearnersCodeAndNotItsMessage()
    {
        var outcome = TestOutcome.Fail("Hidden.Test", FailureKind.Exception, "Task 6.5 threw IndexOutOfRangeException in your Convolution.MaxPool2d (Chapter6.Convolution.cs, line 57): index 5 is out of range for axis 3")
            with { ThrownIn = "IndexOutOfRangeException in your Convolution.MaxPool2d (Chapter6.Convolution.cs, line 57)" };
        var feedback = HiddenFeedback.For(Test(hint: "every value may be negative", cause: "WrongValues"), outcome);
        Assert.That(feedback, Is.EqualTo("Hidden test failed: threw IndexOutOfRangeException in your Convolution.MaxPool2d (Chapter6.Convolution.cs, line 57). Its details are not shown."));
    }

    [Test]
    public void APlaceOfAnotherFormFromTheTestHostIsNotRepeated()
    {
        var forged = TestOutcome.Fail("Hidden.Test", FailureKind.Exception, "...") with { ThrownIn = "X in your F (Chapter6.Convolution.cs, line 5)\nexpected: tensor([1, 2])" };
        Assert.That(HiddenFeedback.Classify(forged).Text, Is.EqualTo("threw an exception in your code"));
    }

    [Test]
    public void AHintIsShownOnlyWithTheKindOfFailureItIsAbout()
    {
        var zeroOverZero = Test(hint: "very negative logits must not give 0/0", cause: "NotANumber");
        var nan = TestOutcome.Fail("Hidden.Test", FailureKind.WrongResult, "softmax: 3 of 3 elements differ (tolerance 0.0001); first at [0, 0]: expected 0.09, got NaN");
        Assert.That(HiddenFeedback.For(zeroOverZero, nan), Does.EndWith("\nHint: very negative logits must not give 0/0"));
        Assert.That(HiddenFeedback.For(zeroOverZero, TestOutcome.Fail("Hidden.Test", FailureKind.WrongResult, NegatedSoftmax)), Does.Not.Contain("Hint"), "a sign error is not a 0/0");
        Assert.That(HiddenFeedback.For(zeroOverZero, TestOutcome.Fail("Hidden.Test", FailureKind.Timeout, "timed out")), Does.Not.Contain("Hint"));
        // A hint about the inputs goes with any failure of the task's code, but not with the stub.
        var inputs = Test(hint: "one-element and odd-sized matrices", cause: null);
        Assert.That(HiddenFeedback.For(inputs, TestOutcome.Fail("Hidden.Test", FailureKind.Exception, "Task 9.1: IndexOutOfRangeException: ...")), Does.EndWith("\nHint: one-element and odd-sized matrices"));
        Assert.That(HiddenFeedback.For(inputs, TestOutcome.Fail("Hidden.Test", FailureKind.NotImplemented, "not implemented yet")), Does.Not.Contain("Hint"));
    }

    private static TestCaseInfo Test(string hint, string? cause) =>
        new("Hidden.Test", "3.3", Hidden: true, Weight: 1, hint, TimeLimitSeconds: null, "test") { HintCause = cause };
}
