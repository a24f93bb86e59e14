using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace DeepLearning.Notebooks.Tests.Support;

/// <summary>
/// Debian's Jupyter Notebook (the classic web UI, <c>jupyter notebook</c>) serving a folder as a learner starts it:
/// on 127.0.0.1, a free port, a random token. Ready once its REST API answers; stopped, with its kernels, on
/// <see cref="Dispose"/>. Everything it logged is kept for a failure message.
/// </summary>
public sealed class JupyterServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private JupyterServer(Process process, int port, string token)
    {
        _process = process;
        Port = port;
        Token = token;
    }

    public int Port { get; }

    public string Token { get; }

    /// <summary>What the server printed so far (its log goes to stderr).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The page of a notebook, e.g. <c>notebooks/00-start-here.ipynb</c> relative to the served folder, with the token.</summary>
    public string NotebookUrl(string relativePath) => $"http://127.0.0.1:{Port}/notebooks/{relativePath}?token={Token}";

    /// <summary>Starts <c>jupyter notebook</c> on <paramref name="root"/>; its kernels inherit <paramref name="environment"/>.</summary>
    public static JupyterServer Start(string root, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var (port, token) = (FreePort(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        var start = new ProcessStartInfo("jupyter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
                 {
                     "notebook", "--no-browser", "--ip=127.0.0.1", $"--port={port}", "--NotebookApp.port_retries=0",
                     $"--NotebookApp.token={token}", $"--notebook-dir={root}", "--allow-root",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var server = new JupyterServer(Process.Start(start)!, port, token);
        server._process.OutputDataReceived += (_, line) => server.Append(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        server.WaitUntilReady(timeout);
        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }

    private void WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"jupyter notebook exited with code {_process.ExitCode} before it served anything:\n{ChildProcess.Tail(Log)}");
            }
            try
            {
                if (http.GetAsync($"http://127.0.0.1:{Port}/api/status?token={Token}").Result.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (AggregateException)
            {
                // Not listening yet.
            }
            Thread.Sleep(200);
        }
        Dispose();
        Assert.Fail($"jupyter notebook did not answer within {timeout.TotalSeconds:F0} s:\n{ChildProcess.Tail(Log)}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
