using System.Runtime.InteropServices;
using System.Text.Json;
using DeepLearning.Data;
using DeepLearning.Training;

namespace DeepLearning.Tests.TrainingTests;

/// <summary>The manifest that <c>dlc train</c> writes: its fields in order, the same text for the same run, the data's hash.</summary>
public sealed class RunManifestTests
{
    [Test]
    public void The_fields_come_in_order_with_numbers_as_numbers_and_the_packages_sorted()
    {
        var json = RunManifest.ToJson("abc123", 42, "a source", "00ff", "fast-cpu", 2,
            new Dictionary<string, string> { ["ILGPU"] = "1.5.3", [".NET"] = "10.0.1" });
        using var manifest = JsonDocument.Parse(json);
        var root = manifest.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(field => field.Name),
                Is.EqualTo(new[] { "commit", "seed", "data_source", "data_sha256", "backend", "threads", "packages" }));
            Assert.That(root.GetProperty("seed").GetUInt64(), Is.EqualTo(42));
            Assert.That(root.GetProperty("threads").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("packages").EnumerateObject().Select(package => package.Name), Is.EqualTo(new[] { ".NET", "ILGPU" }));
        });
    }

    [Test]
    public void The_same_run_gives_the_same_text_whatever_order_the_packages_were_listed_in()
    {
        var oneWay = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["C"] = "3" };
        var otherWay = new Dictionary<string, string> { ["C"] = "3", ["a"] = "1", ["b"] = "2" };
        Assert.That(RunManifest.ToJson("c", 1, "s", "h", "reference", 1, otherWay), Is.EqualTo(RunManifest.ToJson("c", 1, "s", "h", "reference", 1, oneWay)));
    }

    [Test]
    public void The_hash_of_datasets_is_the_hash_of_their_features_then_labels_as_bytes()
    {
        var first = new Dataset([1f, 2f, 3f, 4f], [0, 1], [2]);
        var second = new Dataset([5f, 6f], [1], [2]);
        byte[] bytes =
        [
            .. MemoryMarshal.AsBytes(first.Features), .. MemoryMarshal.AsBytes(first.Labels),
            .. MemoryMarshal.AsBytes(second.Features), .. MemoryMarshal.AsBytes(second.Labels),
        ];
        Assert.Multiple(() =>
        {
            Assert.That(RunManifest.Sha256(first, second), Is.EqualTo(RunManifest.Sha256(bytes)));
            Assert.That(RunManifest.Sha256("abc"u8), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
            Assert.That(RunManifest.Sha256(second, first), Is.Not.EqualTo(RunManifest.Sha256(first, second)), "the order of the datasets counts");
        });
    }
}
