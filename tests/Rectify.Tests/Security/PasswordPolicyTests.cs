using Rectify.Core.Security;

namespace Rectify.Tests.Security;

/// <summary>Issue 20 item 4: the password rule and its reasons, on short examples of each class.</summary>
public class PasswordPolicyTests
{
    [Theory]
    [InlineData("Kq7#mountain-river")]
    [InlineData("jiwei-pass-123")]
    [InlineData("城北镇整改-2026-ok")]
    [InlineData("CORRECT horse 42")]
    public void Strong_passwords_pass(string password) => Assert.Empty(PasswordPolicy.Check("zhangsan", password));

    [Theory]
    [InlineData("1234567890", "至少 12 位")]
    [InlineData("abcdefghijklmn", "至少三类")]
    [InlineData("abcdefgh12345", "至少三类")]
    [InlineData("Zhangsan@2024", "不能是用户名")]
    [InlineData("NASGNAHZ-9999", "不能是用户名")]
    [InlineData("1qaz2wsx3edc", "过于常见")]
    [InlineData("Woaini1314", "过于常见")]
    [InlineData("Password@123", "过于常见")]
    [InlineData("01234567890123", "过于常见")]
    [InlineData("aaaaaaaaaaaaaa", "过于常见")]
    [InlineData("qwertyuiopasdf", "过于常见")]
    public void Each_broken_rule_is_named_in_chinese(string password, string reason) =>
        Assert.Contains(PasswordPolicy.Check("zhangsan", password), f => f.Contains(reason, StringComparison.Ordinal));

    [Fact]
    public void A_long_passphrase_is_kept_whole_and_only_an_absurd_length_is_refused()
    {
        var phrase = "巡察整改 一个问题一个问题地销号 2026 Spring";
        Assert.Empty(PasswordPolicy.Check("zhangsan", phrase));
        Assert.Contains(PasswordPolicy.Check("zhangsan", "Aa1-" + new string('x', 200)), f => f.Contains("不能超过 128 位", StringComparison.Ordinal));
    }

    [Fact]
    public void Common_passwords_are_found_whatever_their_case()
    {
        Assert.True(PasswordPolicy.IsCommon("P@SSW0RD123"));
        Assert.False(PasswordPolicy.IsCommon("Kq7#mountain-river"));
    }

    [Fact]
    public void Generated_passwords_always_meet_the_rule()
    {
        for (var i = 0; i < 500; i++)
        {
            var p = PasswordPolicy.Generate();
            Assert.Empty(PasswordPolicy.Check("admin", p));
        }
    }
}
