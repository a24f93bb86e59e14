using System.Text.Json;
using DeepLearning.Backends;
using DeepLearning.NN;
using DeepLearning.Tests.Support;

namespace DeepLearning.Tests.NNTests;

/// <summary>
/// RNN, GRU and LSTM, as cells and as layers: gradient-checked by central differences through the input, the initial
/// state and every parameter; compared with PyTorch 1.13 (Golden/make_recurrent_golden.py wrote recurrent.json:
/// each case's state dict loads under PyTorch's own parameter names, so a mismatch in names, gate order or shapes
/// fails here); and their shape errors named. On every backend.
/// </summary>
[OnEveryBackend]
public sealed class RecurrentLayerTests(IBackend backend) : BackendFixture(backend)
{
    private const float Tolerance = 2e-4f;
    private static readonly JsonElement Cases = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "recurrent.json"))).RootElement.GetProperty("cases");

    private static readonly string[] CaseNames =
        ["rnn", "rnn_cell", "rnn_long_no_bias", "gru", "gru_cell", "gru_long_no_bias", "lstm", "lstm_cell", "lstm_long_no_bias"];

    [TestCaseSource(nameof(CaseNames))]
    public void Outputs_final_states_and_every_gradient_match_pytorch(string name)
    {
        var c = Cases.GetProperty(name);
        var module = Create(name);
        module.LoadStateDict(c.GetProperty("state_dict").EnumerateObject().ToDictionary(p => p.Name, p => ReadTensor(p.Value)));
        var x = Read(c, "x").RequireGrad();
        var states = c.GetProperty("states").EnumerateArray().Select(s => ReadTensor(s).RequireGrad()).ToArray();

        var (output, finals) = Run(module, x, states);
        var qs = c.GetProperty("qs").EnumerateArray().Select(ReadTensor).ToArray();
        var loss = (output * Read(c, "r")).Sum();
        for (var k = 0; k < finals.Length; k++)
        {
            loss += (finals[k] * qs[k]).Sum();
        }
        loss.Backward();

        AssertClose(output, Read(c, "output"), $"{name} output");
        var expectedFinals = c.GetProperty("finals").EnumerateArray().Select(ReadTensor).ToArray();
        var expectedStateGrads = c.GetProperty("grad_states").EnumerateArray().Select(ReadTensor).ToArray();
        for (var k = 0; k < finals.Length; k++)
        {
            AssertClose(finals[k], expectedFinals[k], $"{name} final state {k}");
            AssertClose(states[k].Grad!, expectedStateGrads[k], $"{name} gradient of initial state {k}");
        }
        AssertClose(x.Grad!, Read(c, "grad_x"), $"{name} input gradient");
        foreach (var (parameterName, parameter) in module.NamedParameters())
        {
            AssertClose(parameter.Grad!, ReadTensor(c.GetProperty("grad_parameters").GetProperty(parameterName)), $"{name} gradient of {parameterName}");
        }
    }

    [TestCase("rnn"), TestCase("gru"), TestCase("lstm")]
    public void A_layer_passes_the_gradient_check_through_input_state_and_parameters(string kind)
    {
        var module = Create(kind);
        var generators = new TensorGenerators(7);
        var x = generators.Create([2, 3, 4]);
        var states = Enumerable.Range(0, kind == "lstm" ? 2 : 1).Select(_ => generators.Create([2, 6])).ToArray();

        GradientChecker.Check(inputs =>
        {
            var (output, finals) = Run(module, inputs[0], inputs[1..(1 + states.Length)]);
            // The output and the final cell state (an LSTM's c is not part of its output) are both checked.
            return Tensor.Concat([output.Reshape(-1), .. finals.Select(f => f.Reshape(-1))]);
        }, [x, .. states, .. module.Parameters()]);
    }

    [TestCase("rnn_cell"), TestCase("gru_cell"), TestCase("lstm_cell")]
    public void A_cell_passes_the_gradient_check_through_input_state_and_parameters(string kind)
    {
        var module = Create(kind);
        var generators = new TensorGenerators(8);
        var x = generators.Create([3, 4]);
        var states = Enumerable.Range(0, kind == "lstm_cell" ? 2 : 1).Select(_ => generators.Create([3, 6])).ToArray();

        GradientChecker.Check(inputs =>
        {
            var (_, finals) = Run(module, inputs[0], inputs[1..(1 + states.Length)]);
            return Tensor.Concat([.. finals.Select(f => f.Reshape(-1))]);
        }, [x, .. states, .. module.Parameters()]);
    }

    [Test]
    public void A_missing_initial_state_is_zeros()
    {
        var gru = new Gru(4, 6, new Generator(3));
        var x = Tensor.Randn([2, 5, 4], new Generator(4));

        var (withZeros, _) = gru.Forward(x, Tensor.Zeros(2, 6));

        Assert.That(gru.Forward(x).ToArray(), Is.EqualTo(withZeros.ToArray()));
    }

    [Test]
    public void Parameters_carry_pytorch_names_and_shapes()
    {
        var lstm = new Lstm(4, 6, new Generator(5));
        var cell = new GruCell(4, 6, new Generator(5), bias: false);

        Assert.That(lstm.NamedParameters().Select(p => $"{p.Name} {p.Parameter.ShapeText}"),
            Is.EqualTo(new[] { "weight_ih_l0 (24,4)", "weight_hh_l0 (24,6)", "bias_ih_l0 (24)", "bias_hh_l0 (24)" }));
        Assert.That(cell.NamedParameters().Select(p => $"{p.Name} {p.Parameter.ShapeText}"),
            Is.EqualTo(new[] { "weight_ih (18,4)", "weight_hh (18,6)" }));
    }

    [Test]
    public void Shape_errors_name_the_module_and_the_shapes()
    {
        var lstm = new Lstm(4, 6, new Generator(6));

        Assert.That(() => lstm.Forward(Tensor.Zeros(2, 4)), Throws.ArgumentException.With.Message.EqualTo(
            "LSTM(4 → 6): the input sequence has shape (2,4), expected (batch, time, 4) (batch first)"));
        Assert.That(() => lstm.Forward(Tensor.Zeros(2, 3, 4), new LstmState(Tensor.Zeros(3, 6), Tensor.Zeros(2, 6))),
            Throws.ArgumentException.With.Message.EqualTo("LSTM(4 → 6): the hidden state has shape (3,6), expected (batch, hidden) = (2,6)"));
        Assert.That(() => new RnnCell(4, 6, new Generator(6)).Forward(Tensor.Zeros(2, 5)),
            Throws.ArgumentException.With.Message.EqualTo("RNNCell(4 → 6): a step's input has shape (2,5), expected (batch, 4)"));
    }

    private static RecurrentWeights Create(string name) => name switch
    {
        "rnn" => new Rnn(4, 6, new Generator(1)),
        "gru" => new Gru(4, 6, new Generator(1)),
        "lstm" => new Lstm(4, 6, new Generator(1)),
        "rnn_cell" => new RnnCell(4, 6, new Generator(1)),
        "gru_cell" => new GruCell(4, 6, new Generator(1)),
        "lstm_cell" => new LstmCell(4, 6, new Generator(1)),
        "rnn_long_no_bias" => new Rnn(4, 6, new Generator(1), bias: false),
        "gru_long_no_bias" => new Gru(4, 6, new Generator(1), bias: false),
        "lstm_long_no_bias" => new Lstm(4, 6, new Generator(1), bias: false),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The module's output and its final states (h, and c for an LSTM), from the given initial states.</summary>
    private static (Tensor Output, Tensor[] Finals) Run(RecurrentWeights module, Tensor x, Tensor[] states)
    {
        switch (module)
        {
            case Rnn rnn:
                var (rnnOutput, rnnHidden) = rnn.Forward(x, states[0]);
                return (rnnOutput, [rnnHidden]);
            case Gru gru:
                var (gruOutput, gruHidden) = gru.Forward(x, states[0]);
                return (gruOutput, [gruHidden]);
            case Lstm lstm:
                var (lstmOutput, lstmState) = lstm.Forward(x, new LstmState(states[0], states[1]));
                return (lstmOutput, [lstmState.Hidden, lstmState.Cell]);
            case RnnCell rnnCell:
                var h = rnnCell.Forward(x, states[0]);
                return (h, [h]);
            case GruCell gruCell:
                var g = gruCell.Forward(x, states[0]);
                return (g, [g]);
            case LstmCell lstmCell:
                var next = lstmCell.Forward(x, new LstmState(states[0], states[1]));
                return (next.Hidden, [next.Hidden, next.Cell]);
            default:
                throw new ArgumentException(module.ToString());
        }
    }

    private static Tensor Read(JsonElement testCase, string name) => ReadTensor(testCase.GetProperty(name));

    private static Tensor ReadTensor(JsonElement tensor) => Tensor.FromArray(
        tensor.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
        tensor.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray());

    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
        var (actualValues, expectedValues) = (actual.ToArray(), expected.ToArray());
        for (var i = 0; i < expectedValues.Length; i++)
        {
            Assert.That(actualValues[i], Is.EqualTo(expectedValues[i]).Within(Tolerance * (1 + Math.Abs(expectedValues[i]))),
                $"{what}[{i}] (flat index) differs from PyTorch");
        }
    }
}
