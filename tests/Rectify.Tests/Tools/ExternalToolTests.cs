using System.Diagnostics;
using Rectify.Core;

namespace Rectify.Tests.Tools;

/// <summary>The one runner of the server's programs (OCR, PDF): what they print, their time limit, and a tool not installed.</summary>
public class ExternalToolTests
{
    [Fact]
    public async Task Stdout_stderr_and_the_exit_code_come_back_as_the_tool_gave_them()
    {
        var r = await ExternalTool.RunAsync("sh", ["-c", "printf '识别结果'; printf '警告' >&2; exit 3"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("识别结果", r.Output);
        Assert.Equal("警告", r.Error);
    }

    [Fact]
    public void A_tool_that_is_not_installed_is_named_in_chinese()
    {
        var e = Assert.Throws<ToolException>(() => ExternalTool.Run("rectify-no-such-tool", [], TimeSpan.FromMinutes(1)));
        Assert.Equal(ToolFailure.Missing, e.Failure);
        Assert.Equal("服务器上没有安装程序 rectify-no-such-tool，请系统管理员安装后再试", e.Message);
    }

    [Fact]
    public async Task A_tool_past_its_time_is_killed_with_what_it_started()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"rectify-tool-{Guid.NewGuid():N}.pid");
        try
        {
            var clock = Stopwatch.StartNew();
            // A shell that starts a long child and waits for it, as soffice's launcher waits for soffice.bin.
            var e = await Assert.ThrowsAsync<ToolException>(() => ExternalTool.RunAsync("sh", ["-c", $"sleep 300 & echo $! > {pidFile}; wait"], TimeSpan.FromSeconds(2),
                TestContext.Current.CancellationToken));
            Assert.Equal(ToolFailure.TimedOut, e.Failure);
            Assert.Equal("程序 sh 超过 2 秒未完成，已停止", e.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"returned after {clock.Elapsed}");
            var child = int.Parse(File.ReadAllText(pidFile).Trim());
            // The child goes with its parent (the kill is sent before the runner returns; reaping may lag on a busy machine).
            var deadline = Stopwatch.StartNew();
            while (Alive(child) && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50, TestContext.Current.CancellationToken);
            Assert.False(Alive(child), $"sleep {child} still runs");
        }
        finally { File.Delete(pidFile); }
    }

    [Fact]
    public void A_tool_printing_past_its_bound_is_stopped()
    {
        var e = Assert.Throws<ToolException>(() => ExternalTool.Run("sh", ["-c", "head -c 200000 /dev/zero"], TimeSpan.FromMinutes(1), maxOutputChars: 1000));
        Assert.Equal(ToolFailure.TooMuchOutput, e.Failure);
    }

    /// <summary>A process that is running (a zombie, killed but not yet reaped by its parent, counts as gone).</summary>
    static bool Alive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try { return !File.ReadAllText(stat).Split(')').Last().TrimStart().StartsWith('Z'); }
        catch (IOException) { return false; }
    }
}
