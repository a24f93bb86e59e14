using DeepLearning.Data;
using DeepLearning.NN;
using DeepLearning.Serialization;
using Google.Protobuf;
using Onnx;

namespace DeepLearning.Cli.Export;

/// <summary>
/// Writes a trained Fashion-MNIST <see cref="Sequential"/> as an ONNX model (opset <see cref="Opset"/>), the format
/// ONNX Runtime, and so most of .NET's deployment paths, read. Each engine module becomes the ONNX operator that
/// computes the same thing: Flatten → Flatten(axis 1), Linear → Gemm(transB 1), ReLU → Relu, Conv2d → Conv,
/// MaxPool2d → MaxPool, AvgPool2d → AveragePool (padding counted, as the engine does).
/// </summary>
/// <remarks>
/// The model takes what a user has, pixels scaled to [0, 1] (input <c>pixels</c>, shape (N, 1, 28, 28)), and
/// standardises them itself with the training set's mean and standard deviation, as <c>dlc train</c> did; its output
/// <c>logits</c> has shape (N, 10). Weights are stored as raw little-endian float32 initializers under the engine's
/// parameter names.
/// </remarks>
public static class OnnxExport
{
    public const int Opset = 13;

    private const int Float = (int)TensorProto.Types.DataType.Float;

    public static void Write(Sequential model, PixelNormalization normalization, string path)
    {
        var graph = new GraphProto { Name = "dlc" };
        graph.Input.Add(FloatInput("pixels", "N", 1, 28, 28));
        graph.Output.Add(FloatInput("logits", "N", 10));
        graph.Initializer.Add(Constant("pixel_mean", normalization.Mean));
        graph.Initializer.Add(Constant("pixel_std", normalization.Std));
        graph.Node.Add(Node("Sub", ["pixels", "pixel_mean"], "centred"));
        var current = Node("Div", ["centred", "pixel_std"], "standardized");
        graph.Node.Add(current);
        for (var i = 0; i < model.Layers.Count; i++)
        {
            var output = i == model.Layers.Count - 1 ? "logits" : $"{i}.out";
            current = LayerNode(model.Layers[i], i, current.Output[0], output, graph);
            graph.Node.Add(current);
        }
        var onnx = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "dlc (DeepLearningCourse)",
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        AtomicFile.Write(path, stream => onnx.WriteTo(stream));
    }

    /// <summary>The ONNX node that computes <paramref name="layer"/>; its weights become initializers named as in the checkpoint.</summary>
    private static NodeProto LayerNode(Module layer, int index, string input, string output, GraphProto graph)
    {
        string Weight(string name, Tensor value)
        {
            graph.Initializer.Add(Initializer($"{index}.{name}", value));
            return $"{index}.{name}";
        }

        switch (layer)
        {
            case Flatten:
                return Node("Flatten", [input], output, Int("axis", 1));
            case ReLU:
                return Node("Relu", [input], output);
            case Linear linear:
                // Gemm: Y = A·Bᵀ + C with transB = 1, B the (out, in) weight, exactly the engine's x Wᵀ + b.
                string[] gemmInputs = linear.Bias is null
                    ? [input, Weight("weight", linear.Weight)]
                    : [input, Weight("weight", linear.Weight), Weight("bias", linear.Bias)];
                return Node("Gemm", gemmInputs, output, Int("transB", 1));
            case Conv2d conv:
                string[] convInputs = conv.Bias is null
                    ? [input, Weight("weight", conv.Weight)]
                    : [input, Weight("weight", conv.Weight), Weight("bias", conv.Bias)];
                return Node("Conv", convInputs, output,
                    Ints("kernel_shape", conv.KernelSize, conv.KernelSize), Ints("strides", conv.Stride, conv.Stride),
                    Ints("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding));
            case MaxPool2d pool:
                return Node("MaxPool", [input], output,
                    Ints("kernel_shape", pool.KernelSize, pool.KernelSize), Ints("strides", pool.Stride, pool.Stride));
            case AvgPool2d pool:
                return Node("AveragePool", [input], output,
                    Ints("kernel_shape", pool.KernelSize, pool.KernelSize), Ints("strides", pool.Stride, pool.Stride),
                    Ints("pads", pool.Padding, pool.Padding, pool.Padding, pool.Padding), Int("count_include_pad", 1));
            default:
                throw new NotSupportedException(
                    $"onnx export: layer {index} ({layer}) has no ONNX counterpart here; exportable layers: Flatten, Linear, ReLU, Conv2d, MaxPool2d, AvgPool2d");
        }
    }

    private static NodeProto Node(string operatorType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = operatorType, Name = output.Replace(".out", "") + "_" + operatorType };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static TensorProto Initializer(string name, Tensor value)
    {
        var tensor = new TensorProto { Name = name, DataType = Float };
        tensor.Dims.AddRange(value.Shape.Select(size => (long)size));
        var values = value.ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }
        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }

    /// <summary>A scalar float constant (shape ()), broadcast by Sub and Div.</summary>
    private static TensorProto Constant(string name, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = Float };
        tensor.FloatData.Add(value);
        return tensor;
    }

    /// <summary>A float tensor input or output; a string size is a named dimension (the batch).</summary>
    private static ValueInfoProto FloatInput(string name, params object[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var size in shape)
        {
            tensorShape.Dim.Add(size is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = (int)size });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Float, Shape = tensorShape } },
        };
    }
}
