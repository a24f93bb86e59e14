#:project ../../engine/DeepLearning.Engine.csproj
// Writes an engine RNN, GRU and LSTM (random weights, seed 0) as safetensors checkpoints, with an input batch, initial
// states and the engine's outputs and final states beside each, for check_recurrent_checkpoint_in_pytorch.py to
// compare with PyTorch's modules. Run: dotnet run tests/PyTorchChecks/save_recurrent_sample.cs -- OUT_FOLDER
using DeepLearning;
using DeepLearning.NN;
using DeepLearning.Serialization;

var folder = args.Length == 1 ? args[0] : throw new ArgumentException("usage: dotnet run tests/PyTorchChecks/save_recurrent_sample.cs -- OUT_FOLDER");
Directory.CreateDirectory(folder);
const int batch = 4, time = 12, inputSize = 5, hiddenSize = 8;
var generator = new Generator(0);
foreach (var kind in new[] { "rnn", "gru", "lstm" })
{
    var x = Tensor.Randn([batch, time, inputSize], generator);
    var h0 = Tensor.Randn([batch, hiddenSize], generator) * 0.5f;
    var c0 = Tensor.Randn([batch, hiddenSize], generator) * 0.5f;
    var sample = new Dictionary<string, Tensor> { ["x"] = x, ["h0"] = h0 };
    RecurrentWeights module;
    switch (kind)
    {
        case "rnn":
            var rnn = new Rnn(inputSize, hiddenSize, generator);
            (sample["output"], sample["h_n"]) = rnn.Forward(x, h0);
            module = rnn;
            break;
        case "gru":
            var gru = new Gru(inputSize, hiddenSize, generator);
            (sample["output"], sample["h_n"]) = gru.Forward(x, h0);
            module = gru;
            break;
        default:
            var lstm = new Lstm(inputSize, hiddenSize, generator);
            var (output, final) = lstm.Forward(x, new LstmState(h0, c0));
            (sample["c0"], sample["output"], sample["h_n"], sample["c_n"]) = (c0, output, final.Hidden, final.Cell);
            module = lstm;
            break;
    }
    Safetensors.Save(Path.Combine(folder, $"{kind}.safetensors"), module.StateDict().Select(p => KeyValuePair.Create(p.Name, p.Tensor)),
        new Dictionary<string, string> { ["input_size"] = $"{inputSize}", ["hidden_size"] = $"{hiddenSize}" });
    Safetensors.Save(Path.Combine(folder, $"{kind}-sample.safetensors"), sample);
    Console.WriteLine($"{module}: {Path.Combine(folder, kind)}.safetensors and its sample");
}
