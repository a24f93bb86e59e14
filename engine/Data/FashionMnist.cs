namespace DeepLearning.Data;

/// <summary>The two splits of Fashion-MNIST and a human-readable account of where they were read from.</summary>
public sealed record FashionMnistData(Dataset Train, Dataset Test, string Source);

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28x28 grey images of clothing in 10 classes,
/// 60000 for training and 10000 for testing, as four IDX files (see <see cref="IdxFile"/>).
/// Items have shape (1,28,28): one channel, as convolutions expect.
/// </summary>
/// <remarks>
/// <see cref="Load"/> looks, in order, in the folder the caller names, in <see cref="DebianFolder"/>
/// (Debian package <c>dataset-fashion-mnist</c>, which ships the four files gzip-compressed), and last
/// in the subset embedded in this assembly (the first 600 training and 100 test images of each class,
/// made by <c>engine/MakeEmbeddedSubset</c>), so examples run offline and on machines without the package.
/// </remarks>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The file names, without the .gz that the distributed (and the Debian) files carry.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    /// <summary>
    /// The mean of pixel/255 over all 47,040,000 training pixels (0.28604) and its population standard
    /// deviation (0.35302), computed from the Debian package's files with
    /// <c>dotnet run --project engine/MakeEmbeddedSubset -c Release</c> (it prints them), and checked with
    /// <c>python3 -c "import gzip;d=gzip.open('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz').read()[16:];n=len(d);m=sum(d)/n;print(m/255,(sum(x*x for x in d)/n-m*m)**.5/255)"</c>.
    /// </summary>
    public const float TrainMean = 0.2860f;

    /// <inheritdoc cref="TrainMean"/>
    public const float TrainStd = 0.3530f;

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>(pixel/255 - 0.2860) / 0.3530: standardisation with the training set's statistics.</summary>
    public static PixelNormalization Standardization => PixelNormalization.Standardize(TrainMean, TrainStd);

    private const string EmbeddedResourcePrefix = "DeepLearning.Data.Embedded.fashion-mnist.";

    /// <summary>
    /// Loads both splits: from <paramref name="folder"/> when given (an error if it lacks a file, never a
    /// silent fallback), else from <see cref="DebianFolder"/> when all four files are there, else the embedded subset.
    /// </summary>
    /// <param name="folder">A folder holding the four files, or null to look in the usual places.</param>
    /// <param name="normalization">How pixels become floats; pixel/255 when null.</param>
    public static FashionMnistData Load(string? folder = null, PixelNormalization? normalization = null)
    {
        if (folder is not null)
        {
            return LoadFolder(folder, normalization);
        }
        if (AllFiles.All(name => FindFile(DebianFolder, name) is not null))
        {
            return LoadFolder(DebianFolder, normalization);
        }
        var embedded = LoadEmbedded(normalization);
        return embedded with
        {
            Source = $"{embedded.Source}; {DebianFolder} was not found (apt-get install dataset-fashion-mnist gives all 70000 images)",
        };
    }

    /// <summary>Loads both splits from a folder holding the four files, each raw or with .gz.</summary>
    public static FashionMnistData LoadFolder(string folder, PixelNormalization? normalization = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Fashion-MNIST: the folder '{folder}' does not exist");
        }
        var missing = AllFiles.Where(name => FindFile(folder, name) is null).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"Fashion-MNIST: the folder '{folder}' lacks {string.Join(" and ", missing.Select(name => $"{name}.gz (or {name})"))}; " +
                $"it needs {string.Join(", ", AllFiles)}, each raw or gzip-compressed with .gz");
        }
        (IdxFile File, string Name) Read(string name)
        {
            var path = FindFile(folder, name)!;
            return (IdxReader.Read(path), path);
        }
        var train = MakeSplit(Read(TrainImagesFile), Read(TrainLabelsFile), normalization);
        var test = MakeSplit(Read(TestImagesFile), Read(TestLabelsFile), normalization);
        var source = $"Fashion-MNIST from {Path.TrimEndingDirectorySeparator(folder)} ({train.Count} train, {test.Count} test)";
        return new FashionMnistData(train, test, source);
    }

    /// <summary>Loads the class-balanced subset embedded in this assembly: 6000 train and 1000 test images.</summary>
    public static FashionMnistData LoadEmbedded(PixelNormalization? normalization = null)
    {
        var train = MakeSplit(ReadEmbedded(TrainImagesFile), ReadEmbedded(TrainLabelsFile), normalization);
        var test = MakeSplit(ReadEmbedded(TestImagesFile), ReadEmbedded(TestLabelsFile), normalization);
        var source = $"embedded subset of Fashion-MNIST ({train.Count} train, {test.Count} test; " +
                     $"the first {train.Count / ClassNames.Count} train and {test.Count / ClassNames.Count} test images of each class)";
        return new FashionMnistData(train, test, source);
    }

    private static string[] AllFiles => [TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile];

    /// <summary>The .gz file if there is one, else the raw file, else null.</summary>
    private static string? FindFile(string folder, string name) =>
        new[] { Path.Combine(folder, name + ".gz"), Path.Combine(folder, name) }.FirstOrDefault(File.Exists);

    private static (IdxFile File, string Name) ReadEmbedded(string name)
    {
        var resource = EmbeddedResourcePrefix + name + ".gz";
        using var stream = typeof(FashionMnist).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Fashion-MNIST: the embedded resource {resource} is missing from the engine assembly");
        var description = "embedded resource " + resource;
        return (IdxReader.Read(stream, description), description);
    }

    /// <summary>Checks that images and labels belong together before they become a dataset.</summary>
    private static Dataset MakeSplit((IdxFile File, string Name) imageFile, (IdxFile File, string Name) labelFile,
        PixelNormalization? normalization)
    {
        var (images, labels) = (imageFile.File, labelFile.File);
        if (images.Dimensions.Length != 3)
        {
            throw new InvalidDataException(
                $"{imageFile.Name}: Fashion-MNIST images must have 3 dimensions (count x height x width), found {images.DimensionsText}");
        }
        if (labels.Dimensions.Length != 1 || labels.Count != images.Count)
        {
            throw new InvalidDataException(
                $"{labelFile.Name}: the {images.Count} images of {imageFile.Name} need labels of dimensions {images.Count}, " +
                $"found {labels.DimensionsText}");
        }
        var badLabel = Array.FindIndex(labels.Data, label => label >= ClassNames.Count);
        if (badLabel >= 0)
        {
            // A rank-1 IDX header is 8 bytes, so label i lives at byte offset 8 + i.
            throw new InvalidDataException(
                $"{labelFile.Name}: bad label {labels.Data[badLabel]} at byte offset {8 + badLabel} (image {badLabel}): " +
                $"expected a class from 0 to {ClassNames.Count - 1}");
        }
        int[] itemShape = [1, images.Dimensions[1], images.Dimensions[2]];
        return Dataset.FromBytes(images.Data, labels.Data, itemShape, normalization);
    }
}
