using DeepLearning.Data;

namespace DeepLearning.Tests.Data;

/// <summary>
/// Fashion-MNIST loads from a named folder (raw or .gz files), refuses a folder that lacks a file, and the
/// subset embedded in the engine has its promised size and balance. Nothing here needs the Debian package.
/// </summary>
public class FashionMnistTests
{
    private TemporaryFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    /// <summary>
    /// A miniature Fashion-MNIST: 20 train and 10 test 28x28 images, image i filled with the byte i and
    /// labelled i mod 10. The training images are raw, the rest gzip, as a user's folder may mix them.
    /// </summary>
    private void WriteMiniature(byte labelOffset = 0)
    {
        void WriteSplit(string images, string labels, int count, bool gzipImages)
        {
            var pixels = Enumerable.Range(0, count).SelectMany(i => Enumerable.Repeat((byte)i, 28 * 28)).ToArray();
            var classes = Enumerable.Range(0, count).Select(i => (byte)(i % 10 + labelOffset)).ToArray();
            IdxWriter.Write(_folder.File(gzipImages ? images + ".gz" : images), new IdxFile([count, 28, 28], pixels), gzipImages);
            IdxWriter.Write(_folder.File(labels + ".gz"), new IdxFile([count], classes), gzip: true);
        }
        WriteSplit(FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, 20, gzipImages: false);
        WriteSplit(FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile, 10, gzipImages: true);
    }

    [Test]
    public void LoadsANamedFolder()
    {
        WriteMiniature();

        var data = FashionMnist.Load(_folder.Path);

        Assert.That(data.Source, Is.EqualTo($"Fashion-MNIST from {_folder.Path} (20 train, 10 test)"));
        Assert.That(data.Train.Count, Is.EqualTo(20));
        Assert.That(data.Test.Count, Is.EqualTo(10));
        Assert.That(data.Train.ItemShape, Is.EqualTo(new[] { 1, 28, 28 }));
        Assert.That(data.Train.Label(13), Is.EqualTo(3));
        Assert.That(data.Train.Item(13).ToArray(), Is.All.EqualTo(13 / 255f).Within(1e-6f));
    }

    [Test]
    public void AppliesTheNormalisationAsked()
    {
        WriteMiniature();

        var data = FashionMnist.Load(_folder.Path, FashionMnist.Standardization);

        Assert.That(data.Test.Item(0)[0], Is.EqualTo(-FashionMnist.TrainMean / FashionMnist.TrainStd).Within(1e-6f));
    }

    [Test]
    public void ANamedFolderLackingAFileIsAnErrorNotAFallback()
    {
        WriteMiniature();
        File.Delete(_folder.File(FashionMnist.TestLabelsFile + ".gz"));

        Assert.That(() => FashionMnist.Load(_folder.Path), Throws.TypeOf<FileNotFoundException>().With.Message.EqualTo(
            $"Fashion-MNIST: the folder '{_folder.Path}' lacks t10k-labels-idx1-ubyte.gz (or t10k-labels-idx1-ubyte); " +
            "it needs train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, " +
            "each raw or gzip-compressed with .gz"));
    }

    [Test]
    public void AMissingFolderIsAnError()
    {
        var missing = _folder.File("nowhere");

        Assert.That(() => FashionMnist.Load(missing),
            Throws.TypeOf<DirectoryNotFoundException>().With.Message.EqualTo($"Fashion-MNIST: the folder '{missing}' does not exist"));
    }

    [Test]
    public void RejectsALabelOutsideTheTenClasses()
    {
        WriteMiniature(labelOffset: 1);
        var labels = _folder.File(FashionMnist.TrainLabelsFile + ".gz");

        // Image 9 is labelled 9 + 1 = 10; labels start after the 8-byte header of a rank-1 file.
        Assert.That(() => FashionMnist.Load(_folder.Path), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
            $"{labels}: bad label 10 at byte offset 17 (image 9): expected a class from 0 to 9"));
    }

    [Test]
    public void TheEmbeddedSubsetIsBalancedAcrossTheTenClasses()
    {
        var data = FashionMnist.LoadEmbedded();

        Assert.That(data.Source, Does.StartWith("embedded subset of Fashion-MNIST (6000 train, 1000 test;"));
        Assert.That(data.Train.Count, Is.EqualTo(6000));
        Assert.That(data.Test.Count, Is.EqualTo(1000));
        Assert.That(data.Train.ItemShape, Is.EqualTo(new[] { 1, 28, 28 }));
        Assert.That(data.Train.CountPerClass(), Is.EqualTo(Enumerable.Repeat(600, 10)));
        Assert.That(data.Test.CountPerClass(), Is.EqualTo(Enumerable.Repeat(100, 10)));
    }

    [Test]
    public void TheEmbeddedSubsetLooksLikeTheFullTrainingSet()
    {
        // The full split's pixel/255 has mean 0.2860 and std 0.3530; a balanced 10% sample should be close.
        var (mean, std) = FashionMnist.LoadEmbedded().Train.FeatureStatistics();

        Assert.That(mean, Is.EqualTo(FashionMnist.TrainMean).Within(0.01));
        Assert.That(std, Is.EqualTo(FashionMnist.TrainStd).Within(0.01));
    }

    [Test]
    public void NamesTheTenClasses()
    {
        Assert.That(FashionMnist.ClassNames, Has.Count.EqualTo(10));
        Assert.That(FashionMnist.ClassNames[0], Is.EqualTo("T-shirt/top"));
        Assert.That(FashionMnist.ClassNames[9], Is.EqualTo("Ankle boot"));
    }
}
