namespace DeepLearning.Exercises.Tests;

// The expected values were computed from the formulas in each task's comment (z = 1.96).

[TestFixture, Category("task:11.1")]
public sealed class Task11_1_WilsonInterval(Func<int, int, (double Low, double High)> wilsonInterval)
{
    public Task11_1_WilsonInterval() : this(EvaluationStatistics.WilsonInterval) { }

    [Test, Hint("centre (p̂ + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) · √(p̂(1-p̂)/n + z²/4n²)")]
    public void EightyThreePercentOfAThousand() => WilsonAssert.Interval(wilsonInterval, 830, 1000, 0.805465462, 0.852008785);

    [Test, Hint("at p̂ = 1/2 the interval is symmetric around 1/2")]
    public void HalfOfAHundred() => WilsonAssert.Interval(wilsonInterval, 50, 100, 0.403829829, 0.596170171);

    [Test, Hint("at p̂ = 1 the interval still has a width: only its upper end is 1")]
    public void AllOfAHundred() => WilsonAssert.Interval(wilsonInterval, 100, 100, 0.963005193, 1.0);
}

/// <summary>Compares both ends of an interval with the expected ones.</summary>
internal static class WilsonAssert
{
    public static void Interval(Func<int, int, (double Low, double High)> wilsonInterval, int correct, int total, double low, double high)
    {
        var interval = wilsonInterval(correct, total);
        // What the usual slips give for these counts: the Wald interval, and Wilson's without one of its z² terms.
        const double z = 1.96;
        double n = total, share = (double)correct / total;
        var waldHalfWidth = z * Math.Sqrt(share * (1 - share) / n);
        var centre = (share + z * z / (2 * n)) / (1 + z * z / n);
        var shortHalfWidth = z / (1 + z * z / n) * Math.Sqrt(share * (1 - share) / n);
        Comparison Slips(double wald, double withoutTerm) => new()
        {
            Suspects =
            [
                Suspect.Number("the plain normal (Wald) interval p̂ ± z·√(p̂(1-p̂)/n); Wilson's centre and half-width have z² terms", wald),
                Suspect.Number("the half-width lacks the z²/4n² under the square root", withoutTerm),
            ],
        };
        TensorAssert.Close(low, interval.Low, $"the lower end for {correct} correct out of n = {total}", 1e-6, Slips(share - waldHalfWidth, centre - shortHalfWidth));
        TensorAssert.Close(high, interval.High, $"the upper end for {correct} correct out of n = {total}", 1e-6, Slips(share + waldHalfWidth, centre + shortHalfWidth));
    }
}

[TestFixture, Category("task:11.2")]
public sealed class Task11_2_McNemarPValue(Func<int, int, double> mcNemarPValue)
{
    public Task11_2_McNemarPValue() : this(EvaluationStatistics.McNemarPValue) { }

    [Test, Hint("2 Σ_{i ≤ min(b,c)} C(b+c, i) / 2^(b+c), capped at 1")]
    public void FifteenAgainstFive() => TensorAssert.Close(0.04138946533203125, mcNemarPValue(15, 5), "the p-value for b = 15, c = 5", 1e-9, new Comparison
    {
        Suspects = [Suspect.Number("the one-sided tail: the test is two-sided, so double it", 0.04138946533203125 / 2)],
    });

    [Test, Hint("all disagreements on one side: only the i = 0 term, 2 / 2^n")]
    public void SixAgainstNone() => TensorAssert.Close(0.03125, mcNemarPValue(0, 6), "the p-value for b = 0, c = 6", 1e-9);

    [Test, Hint("an even split is no evidence at all: the doubled tail exceeds 1, so cap it")]
    public void AnEvenSplitGivesOne()
    {
        var p = mcNemarPValue(10, 10);
        TensorAssert.Close(1.0, p, "the p-value for b = 10, c = 10", 1e-9, new Comparison
        {
            Suspects = p > 1 ? [Suspect.Number("a p-value above 1: the doubled tail counts the middle term twice; cap it at 1", p)] : [],
        });
    }

    [Test, Hint("with no disagreements at all there is no evidence either way: p = 1")]
    public void NoDisagreementsGiveOne()
    {
        var p = mcNemarPValue(0, 0);
        TensorAssert.Close(1.0, p, "the p-value for b = 0, c = 0 (no disagreements)", 1e-12, new Comparison
        {
            Suspects = [Suspect.Number($"with no disagreements at all (b + c = 0) the p-value is 1, not {p}: the sum has the one term C(0, 0) 2⁰ = 1", p)],
        });
    }

    [Test, Hint("C(200, 100) is about 9·10⁵⁸, past a long, and 200! is past a double: sum the terms in log space, with Math.Log and Math.Exp")]
    public void TwoHundredDisagreements()
    {
        var p = mcNemarPValue(110, 90);
        TensorAssert.Close(0.17896403953325127, p, "the p-value for b = 110, c = 90", 1e-9, new Comparison
        {
            Suspects = double.IsFinite(p) && p >= 0 ? [] : [Suspect.Number("the binomial coefficients overflowed (200! is about 10³⁷⁵): sum the terms in log space, with Math.Log and Math.Exp", p)],
        });
    }
}

[TestFixture, Category("task:11.3")]
public sealed class Task11_3_ExpectedCalibrationError(Func<double[], bool[], int, double> expectedCalibrationError)
{
    public Task11_3_ExpectedCalibrationError() : this(EvaluationStatistics.ExpectedCalibrationError) { }

    [Test, Hint("bin ⌊c·bins⌋; each bin's gap |accuracy − mean confidence| weighs its share of the predictions")]
    public void TwoPredictions() =>
        TensorAssert.Close(0.35, expectedCalibrationError([0.9, 0.6], [true, false], 10), "the ECE of 0.9 (right) and 0.6 (wrong), 10 bins", 1e-9, new Comparison
        {
            Suspects =
            [
                Suspect.Number("the gaps are averaged over all 10 bins; weigh each bin's gap by its share of the predictions", 0.07),
                Suspect.Number("the gaps are signed: take |accuracy − mean confidence|", -0.25),
            ],
        });

    [Test, Hint("a confidence of exactly 1 belongs to the last bin, not to a bin past the end")]
    public void AConfidenceOfOne() =>
        TensorAssert.Close(0.48333333333333334, expectedCalibrationError([1.0, 1.0, 0.55], [true, false, true], 5),
            "the ECE of 1.0 (right), 1.0 (wrong) and 0.55 (right), 5 bins", 1e-9, new Comparison
            {
                Suspects = [Suspect.Number("each non-empty bin's gap counts the same; weigh it by its share of the predictions (2 of 3, 1 of 3)", 0.475)],
            });

    [Test, Hint("bin b holds [(b-1)/B, b/B): a confidence on a bin's lower edge belongs to that bin, bin ⌊c·bins⌋")]
    public void ALowerEdgeBelongsToItsBin() =>
        TensorAssert.Close(0.525, expectedCalibrationError([0.5, 0.45], [false, true], 2), "the ECE of 0.5 (wrong) and 0.45 (right), 2 bins", 1e-9, new Comparison
        {
            Suspects = [Suspect.Number("c = 0.5 went into the first bin, [0, 0.5); the bins include their lower edge, so it belongs to bin ⌊c·bins⌋ = 1, [0.5, 1]", 0.025)],
        });
}

[TestFixture, Category("task:11.4")]
public sealed class Task11_4_FitTemperature(Func<float[,], int[], double> fitTemperature)
{
    public Task11_4_FitTemperature() : this(EvaluationStatistics.FitTemperature) { }

    // Two classes, every row of logits (a, 0), the first `right` of `total` targets class 0: the NLL is smallest where
    // softmax's p(class 0) = sigmoid(a / T) equals right / total, so T = a / ln(right / (total - right)).

    [Test, Hint("minimise NLL(T) = mean_i [log Σ_j exp(z_ij / T) - z_i,target / T] over T, for example by golden-section search over log T")]
    public void AnOverconfidentModelGetsATemperatureAboveOne() =>
        TemperatureAssert.Fits(fitTemperature, logit: 4f, right: 3, total: 4, expected: 4 / Math.Log(3));

    [Test, Hint("a model whose confidence already matches its accuracy keeps T = 1")]
    public void ACalibratedModelKeepsTemperatureOne() =>
        TemperatureAssert.Fits(fitTemperature, logit: (float)Math.Log(3), right: 3, total: 4, expected: Math.Log(3) / Math.Log(3));

    [Test, Hint("logits (-1000, -1004) give z / T = -10⁵ at T = 0.01, where exp underflows to 0 and log 0 = -∞: subtract the row's largest z / T before exp")]
    public void VeryNegativeLogitsStayFinite() =>
        TemperatureAssert.Fits(fitTemperature, logit: 4f, right: 3, total: 4, expected: 4 / Math.Log(3), offset: -1004f);
}

/// <summary>
/// Fits a temperature to two-class logits (a + offset, offset) and compares it with the one that solves
/// sigmoid(a / T) = right / total (softmax ignores the offset).
/// </summary>
internal static class TemperatureAssert
{
    public static void Fits(Func<float[,], int[], double> fitTemperature, float logit, int right, int total, double expected, float offset = 0)
    {
        var logits = new float[total, 2];
        for (var i = 0; i < total; i++)
        {
            (logits[i, 0], logits[i, 1]) = (logit + offset, offset);
        }
        var targets = Enumerable.Range(0, total).Select(i => i < right ? 0 : 1).ToArray();
        var temperature = fitTemperature(logits, targets);
        TensorAssert.Close(expected, temperature, $"the temperature for logits ({logit + offset}, {offset}) with {right} of {total} targets class 0", 1e-4 * expected, new Comparison
        {
            Suspects =
            [
                Suspect.Number("this is 1 / T: softmax(z / T) divides the logits by T; multiplying them by it fits the reciprocal", 1 / expected),
                Suspect.Number("this is T on a grid of steps of 0.1: the minimum lies between grid points; search T continuously (golden-section search over log T)", Math.Round(expected, 1)),
                Suspect.Number("this is T on a grid of steps of 0.01: the minimum lies between grid points; search T continuously (golden-section search over log T)", Math.Round(expected, 2)),
            ],
        });
    }
}

[TestFixture, Category("task:11.5")]
public sealed class Task11_5_BalancedAccuracy(Func<int[], int[], int, double> balancedAccuracy)
{
    public Task11_5_BalancedAccuracy() : this(EvaluationStatistics.BalancedAccuracy) { }

    [Test, Hint("each class's recall, (examples of c predicted c) / (examples of c), then their mean")]
    public void ARareClassCountsAsMuchAsACommonOne() =>
        TensorAssert.Close(0.75, balancedAccuracy([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 1], 2),
            "the balanced accuracy of predictions 0,0,0,0,0,1 for classes 0,0,0,0,1,1", 1e-12, new Comparison
            {
                Suspects =
                [
                    Suspect.Number("this is the plain accuracy, 5 of 6: average the per-class recalls instead, so that class 1 with 2 examples weighs as much as class 0 with 4", 5.0 / 6),
                    Suspect.Number("this is the mean precision, (predicted c and right) / (predicted c): recall divides by the examples of class c instead", 0.9),
                ],
            });

    [Test, Hint("a class that never occurs in actual has no recall: leave it out of the mean")]
    public void AClassAbsentFromActualIsLeftOut() =>
        TensorAssert.Close(0.5, balancedAccuracy([0, 1, 1, 2], [0, 0, 1, 1], 3),
            "the balanced accuracy of predictions 0,1,1,2 for classes 0,0,1,1, with 3 classes", 1e-12, new Comparison
            {
                Suspects =
                [
                    Suspect.Number("class 2 never occurs in actual, yet it was counted as a recall of 0 (the mean over all 3 classes): leave it out", 1.0 / 3),
                    Suspect.Number("class 2 never occurs in actual, yet it was counted as a recall of 1: leave it out", 2.0 / 3),
                ],
            });
}

[TestFixture, Category("task:11.6"), WriteItYourself("RunManifest")]
public sealed class Task11_6_RunManifestJson(Func<string, ulong, string, byte[], string, int, IReadOnlyDictionary<string, string>, string> runManifestJson)
{
    public Task11_6_RunManifestJson() : this(EvaluationStatistics.RunManifestJson) { }

    [Test, Hint("a JSON object with commit, seed, data_source, data_sha256, backend, threads and packages, in that order; seed and threads as numbers")]
    public void TheFieldsInOrder()
    {
        var manifest = ManifestAssert.Parse(runManifestJson("0123abc", 42, "three bytes", "abc"u8.ToArray(), "fast-cpu", 2,
            new Dictionary<string, string> { ["ILGPU"] = "1.5.3" }));
        ManifestAssert.Fields(manifest, "0123abc", 42, "three bytes", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "fast-cpu", 2);
    }

    [Test, Hint("sort the packages by name (StringComparer.Ordinal): a dictionary's order is how it was filled, not a property of the run")]
    public void ThePackagesInOrdinalOrderWhateverTheDictionary()
    {
        var filledOneWay = new Dictionary<string, string> { ["System.Numerics.Tensors"] = "10.0.0", [".NET"] = "10.0.1", ["ILGPU"] = "1.5.3" };
        var filledTheOther = new Dictionary<string, string> { ["ILGPU"] = "1.5.3", [".NET"] = "10.0.1", ["System.Numerics.Tensors"] = "10.0.0" };
        var first = runManifestJson("c", 7, "s", [1, 2, 3], "reference", 1, filledOneWay);
        var second = runManifestJson("c", 7, "s", [1, 2, 3], "reference", 1, filledTheOther);
        var names = ManifestAssert.Parse(first)["packages"]?.AsObject().Select(package => package.Key).ToArray() ?? [];
        Assert.That(names, Is.EqualTo(new[] { ".NET", "ILGPU", "System.Numerics.Tensors" }),
            $"the packages must be listed by name in ordinal order (StringComparer.Ordinal), not in the order the dictionary was filled; got {string.Join(", ", names)}");
        Assert.That(second, Is.EqualTo(first), "the same run must give the same manifest, whatever order its packages dictionary was filled in");
    }

    [Test, Hint("the engine's dlc train writes the same manifest (RunManifest.ToJson): the same fields with the same values")]
    public void TheSameManifestAsDlcTrainWrites()
    {
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var packages = new Dictionary<string, string> { ["DeepLearning.Engine"] = "1.0.0", [".NET"] = "10.0.1" };
        var learners = ManifestAssert.Parse(runManifestJson("unknown", ulong.MaxValue, "embedded subset \"x\"", data, "gpu (cpu-accelerator)", 16, packages));
        var engines = System.Text.Json.Nodes.JsonNode.Parse(DeepLearning.Training.RunManifest.ToJson("unknown", ulong.MaxValue, "embedded subset \"x\"",
            "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880", "gpu (cpu-accelerator)", 16, packages));
        Assert.That(System.Text.Json.Nodes.JsonNode.DeepEquals(learners, engines), Is.True,
            $"the manifest differs from the one dlc train writes for the same run:\n  yours:  {learners.ToJsonString()}\n  engine: {engines!.ToJsonString()}");
    }
}

/// <summary>Reads a manifest and checks its fields, naming the one that is wrong.</summary>
internal static class ManifestAssert
{
    public static System.Text.Json.Nodes.JsonObject Parse(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json) as System.Text.Json.Nodes.JsonObject
                   ?? throw new AssertionException($"the manifest must be a JSON object {{ ... }}, got: {json}");
        }
        catch (System.Text.Json.JsonException problem)
        {
            throw new AssertionException($"the manifest is not valid JSON ({problem.Message}): {json}");
        }
    }

    public static void Fields(System.Text.Json.Nodes.JsonObject manifest, string commit, ulong seed, string dataSource, string sha256, string backend, int threads)
    {
        string[] order = ["commit", "seed", "data_source", "data_sha256", "backend", "threads", "packages"];
        var names = manifest.Select(field => field.Key).ToArray();
        Assert.That(names, Is.EqualTo(order), $"the fields must be {string.Join(", ", order)}, in that order; got {string.Join(", ", names)}");
        foreach (var name in new[] { "seed", "threads" })
        {
            Assert.That(manifest[name]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number),
                $"{name} must be a number in the JSON, not {manifest[name]!.GetValueKind()}: {manifest[name]!.ToJsonString()}");
        }
        var hash = manifest["data_sha256"]!.ToString();
        var cause = hash == sha256.ToUpperInvariant() ? " (the right hash in upper case: write it as 64 lower-case hex digits, as sha256sum does, for example with Convert.ToHexStringLower)"
            : hash == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataSource))) ? " (the hash of the data source's name: hash the data's bytes)"
            : "";
        Assert.That(hash, Is.EqualTo(sha256), $"data_sha256 must be the SHA-256 of the data bytes{cause}");
        Assert.That(manifest["commit"]!.ToString(), Is.EqualTo(commit), "commit");
        Assert.That(manifest["seed"]!.GetValue<ulong>(), Is.EqualTo(seed), "seed");
        Assert.That(manifest["data_source"]!.ToString(), Is.EqualTo(dataSource), "data_source");
        Assert.That(manifest["backend"]!.ToString(), Is.EqualTo(backend), "backend");
        Assert.That(manifest["threads"]!.GetValue<int>(), Is.EqualTo(threads), "threads");
    }
}

// Quick questions: each test compares a salted hash of the answer (Answers.Hash), so the answer is not written here.

[TestFixture, Category("task:11.a")]
public sealed class Question11_a(Func<char> answer)
{
    public Question11_a() : this(EvaluationStatistics.Question11A) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("11.a", answer(), "930121786fb109734cd83a326ee1cca24d670db8959c1d19b338ef41907c0eee",
            lookAgainAt: "the √n in the interval's half-width");
}

[TestFixture, Category("task:11.b")]
public sealed class Question11_b(Func<char> answer)
{
    public Question11_b() : this(EvaluationStatistics.Question11B) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("11.b", answer(), "5a1c84ce5eb297f5e1909d0eff3721d0b34529a766cd7ddf3d6918f8e05a6d6b",
            lookAgainAt: "what McNemar's test counts: the split of the disagreements, not their difference");
}

[TestFixture, Category("task:11.c")]
public sealed class Question11_c(Func<int> answer)
{
    public Question11_c() : this(EvaluationStatistics.Question11C) { }

    [Test]
    public void IsTheAnswer() =>
        Answers.Check("11.c", answer(), "ed8393bb9f2ea6ff1aae215d6520fed136785e00fd2b01d7dbcedd21d1e5cb86",
            lookAgainAt: "one bin holds all four predictions: its accuracy against its confidence");
}
