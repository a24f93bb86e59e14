using DeepLearning;
var x = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).RequireGrad();
var w = Tensor.Randn([3, 2], new Generator(1)).RequireGrad();
var y = x.MatMul(w).Tanh().Sum();
y.Backward();
Console.WriteLine(x);
Console.WriteLine(w);
Console.WriteLine(y);
Console.WriteLine(x.Grad);
Console.WriteLine(w.Grad);
Console.WriteLine(Tensor.Arange(2000).Reshape(2, 10, 100));
Console.WriteLine(Tensor.Arange(24).Reshape(2, 3, 4).Transpose(0, 2));
Console.WriteLine(Tensor.FromArray(1e-5f, 3f, -2f));
Console.WriteLine(x.LogSumExp(1));
Console.WriteLine(x.Max(1));
Console.WriteLine(x.ArgMax(0));
try { x.MatMul(Tensor.Zeros(5, 2)); } catch (Exception e) { Console.WriteLine(e.Message); }
try { _ = x + Tensor.Zeros(4, 3); } catch (Exception e) { Console.WriteLine(e.Message); }
