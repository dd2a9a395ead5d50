using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Rectify.Core;

/// <summary>What a tool printed and how it ended.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error);

/// <summary>Why a tool gave no result: not installed, past its time limit, or printing past its bound.</summary>
public enum ToolFailure { Missing, TimedOut, TooMuchOutput }

/// <summary>A tool run that gave no result; the message is one Chinese line, the caller may put its own in its place.</summary>
public sealed class ToolException(ToolFailure failure, string tool, string message) : Exception(message)
{
    public ToolFailure Failure { get; } = failure;
    public string Tool { get; } = tool;
}

/// <summary>
/// The one way Rectify starts a program of the server (tesseract, pdftoppm, LibreOffice's soffice; the
/// tests use it too): arguments passed one by one (no shell), stdout and stderr read as UTF-8 at the same
/// time so that neither pipe fills and blocks the tool, each bounded, a time limit after which the tool and
/// everything it started are killed, and a tool that is not installed named in Chinese.
/// </summary>
public static class ExternalTool
{
    /// <summary>What a tool may print on stdout by default (tesseract's TSV of a page is about 100 KB).</summary>
    public const int DefaultMaxOutputChars = 8 * 1024 * 1024;

    const int MaxErrorChars = 64 * 1024;

    /// <summary>Runs <paramref name="tool"/> to its end, or throws <see cref="ToolException"/> (missing, timed out, too much output); cancelling kills it.</summary>
    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, TimeSpan limit, CancellationToken ct = default,
        int maxOutputChars = DefaultMaxOutputChars, IEnumerable<(string Key, string Value)>? environment = null)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? []) psi.Environment[key] = value;
        Process? started;
        try { started = Process.Start(psi); }
        catch (Win32Exception) { started = null; }
        using var process = started ?? throw new ToolException(ToolFailure.Missing, tool, $"服务器上没有安装程序 {Path.GetFileName(tool)}，请系统管理员安装后再试");

        var output = Bounded(process.StandardOutput, maxOutputChars);
        var error = Bounded(process.StandardError, MaxErrorChars);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timer.Token);
            // The pipes close when the tool (and anything it left running) has gone: the text is complete.
            await Task.WhenAll(output, error).WaitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            throw new ToolException(ToolFailure.TimedOut, tool, $"程序 {Path.GetFileName(tool)} 超过 {limit.TotalSeconds:0} 秒未完成，已停止");
        }
        if (output.Result is not { } text)
            throw new ToolException(ToolFailure.TooMuchOutput, tool, $"程序 {Path.GetFileName(tool)} 的输出超过 {maxOutputChars / 1024} KB 的上限，已停止");
        return new ToolResult(process.ExitCode, text, error.Result ?? "");
    }

    /// <summary>The same, for callers that are synchronous (the importer reads a file in one call).</summary>
    public static ToolResult Run(string tool, IEnumerable<string> args, TimeSpan limit, int maxOutputChars = DefaultMaxOutputChars,
        IEnumerable<(string Key, string Value)>? environment = null) =>
        RunAsync(tool, args, limit, CancellationToken.None, maxOutputChars, environment).GetAwaiter().GetResult();

    static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { return; } // it ended just now
        process.WaitForExit();
    }

    /// <summary>The stream to its end, or null once past <paramref name="max"/> characters (the rest is read and dropped, so the tool does not block).</summary>
    static async Task<string?> Bounded(StreamReader reader, int max)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        var over = false;
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            if (over) continue;
            if (text.Length + n > max) { over = true; text.Clear(); continue; }
            text.Append(buffer, 0, n);
        }
        return over ? null : text.ToString();
    }
}
