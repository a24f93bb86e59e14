// Builds the data embedded in the engine assembly (engine/Data/Embedded), from the Debian packages
// dataset-fashion-mnist and wamerican, so that the course runs on machines that lack them:
//   fashion-mnist/*-ubyte.gz  the first 600 training and the first 100 test images of each class, in file
//                             order, as gzip IDX files (a class-balanced 10% of the split each)
//   words.txt                 every 16th lower-case a-z word of /usr/share/dict/words, one a line
// It also prints the mean and standard deviation of pixel/255 over the full training split, the
// constants FashionMnist.TrainMean and TrainStd. Run from the repository root:
//   apt-get install -y dataset-fashion-mnist wamerican
//   dotnet run --project engine/MakeEmbeddedSubset -c Release [-- FASHION_MNIST_FOLDER WORDS_FILE OUTPUT_FOLDER]
// The output depends only on the input files: the same packages give the same bytes.
using DeepLearning.Data;

const int TrainPerClass = 600;
const int TestPerClass = 100;
const int WordStride = 16;

var fashionFolder = args.Length > 0 ? args[0] : FashionMnist.DebianFolder;
var wordsFile = args.Length > 1 ? args[1] : WordList.SystemPath;
var outputFolder = args.Length > 2 ? args[2] : Path.Combine(FindRepositoryRoot(), "engine", "Data", "Embedded");
var fashionOutput = Path.Combine(outputFolder, "fashion-mnist");
Directory.CreateDirectory(fashionOutput);

var full = FashionMnist.LoadFolder(fashionFolder);
Console.WriteLine(full.Source);
var (mean, std) = full.Train.FeatureStatistics();
Console.WriteLine($"train pixel/255: mean {mean:F6}, std {std:F6}");

WriteBalancedSubset(FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, TrainPerClass);
WriteBalancedSubset(FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile, TestPerClass);

var words = WordList.LoadFile(wordsFile);
var sample = words.Words.Where((_, index) => index % WordStride == 0).ToList();
var wordsPath = Path.Combine(outputFolder, "words.txt");
File.WriteAllText(wordsPath, string.Join('\n', sample) + "\n");
Console.WriteLine($"{wordsPath}: {sample.Count} words, every {WordStride}th of {words.Source}");
return 0;

// Reads the IDX files themselves rather than the normalised dataset, so the subset keeps the original bytes.
void WriteBalancedSubset(string imagesName, string labelsName, int perClass)
{
    var images = IdxReader.Read(FindInput(imagesName));
    var labels = IdxReader.Read(FindInput(labelsName));
    var taken = new int[FashionMnist.ClassNames.Count];
    var chosen = Enumerable.Range(0, labels.Count).Where(index => taken[labels.Data[index]]++ < perClass).ToList();
    var imageBytes = images.Dimensions[1] * images.Dimensions[2];
    var subsetImages = new byte[chosen.Count * imageBytes];
    var subsetLabels = new byte[chosen.Count];
    for (var row = 0; row < chosen.Count; row++)
    {
        images.Data.AsSpan(chosen[row] * imageBytes, imageBytes).CopyTo(subsetImages.AsSpan(row * imageBytes));
        subsetLabels[row] = labels.Data[chosen[row]];
    }
    Write(imagesName, new IdxFile([chosen.Count, images.Dimensions[1], images.Dimensions[2]], subsetImages));
    Write(labelsName, new IdxFile([chosen.Count], subsetLabels));
}

void Write(string name, IdxFile file)
{
    var path = Path.Combine(fashionOutput, name + ".gz");
    IdxWriter.Write(path, file, gzip: true);
    Console.WriteLine($"{path}: {file.DimensionsText}, {new FileInfo(path).Length} bytes");
}

string FindInput(string name) =>
    new[] { Path.Combine(fashionFolder, name + ".gz"), Path.Combine(fashionFolder, name) }.First(File.Exists);

static string FindRepositoryRoot()
{
    for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "DeepLearningCourse.sln")))
        {
            return folder.FullName;
        }
    }
    throw new InvalidOperationException("run from inside the repository, or name the output folder as the third argument");
}
