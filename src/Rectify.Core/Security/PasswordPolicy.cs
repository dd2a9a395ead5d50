using System.Security.Cryptography;

namespace Rectify.Core.Security;

/// <summary>
/// The one password rule (等保 2.0 level 3 鉴别: complexity; OWASP ASVS V2.1): at least 12
/// characters, three of the four classes (lower case, upper case, digits, symbols), not the
/// account name, not a common password. Each failure is said in Chinese, so a user knows which
/// rule to meet. Every path that sets a password (sign-up by an administrator, reset, change,
/// the first administrator, the command line) goes through it.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    /// <summary>Long passphrases are welcome; beyond this a "password" is a denial-of-service on the hash (ASVS 2.1.2).</summary>
    public const int MaximumLength = 128;

    /// <summary>The rule in one sentence, as the security settings page shows it.</summary>
    public static string Described =>
        $"至少 {MinimumLength} 位、至多 {MaximumLength} 位；小写字母、大写字母、数字、符号中至少三类；不能是用户名；不能是常用弱密码";

    /// <summary>The rules this password breaks; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Check(string? userName, string password)
    {
        var failures = new List<string>();
        if (password.Length < MinimumLength) failures.Add($"密码至少 {MinimumLength} 位（现为 {password.Length} 位）");
        if (password.Length > MaximumLength) failures.Add($"密码不能超过 {MaximumLength} 位");
        var classes = Classes(password);
        if (classes < 3) failures.Add($"密码须包含小写字母、大写字母、数字、符号中的至少三类（现为 {classes} 类）");
        if (IsAccountName(userName, password)) failures.Add("密码不能是用户名（或用户名加数字、符号）");
        if (IsCommon(password)) failures.Add("密码过于常见（在常用弱密码清单中），请换一个");
        return failures;
    }

    /// <summary>
    /// The account name, either way round, with only digits and symbols around or inside it
    /// ("Zhangsan@2024", "admin123456!"): the first guesses against a known account.
    /// </summary>
    static bool IsAccountName(string? userName, string password)
    {
        var name = new string((userName ?? "").Where(char.IsLetter).ToArray()).ToLowerInvariant();
        if (name.Length == 0) return false;
        var letters = new string(password.Where(char.IsLetter).ToArray()).ToLowerInvariant();
        return letters == name || letters == Reverse(name);
    }

    static int Classes(string password) =>
        (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
        + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);

    /// <summary>
    /// In the shipped list of common passwords (compared without case), or a run that a keyboard
    /// or a counter makes (1234567890…, abcdef…, qwerty…), or one character repeated: those are
    /// guessed first whatever list an attacker uses.
    /// </summary>
    public static bool IsCommon(string password)
    {
        var p = password.ToLowerInvariant();
        if (Common.Value.Contains(p)) return true;
        if (p.Distinct().Count() <= 2) return true;
        foreach (var run in Runs)
            if (run.Contains(p, StringComparison.Ordinal) || Reverse(run).Contains(p, StringComparison.Ordinal)) return true;
        return false;
    }

    static readonly string[] Runs =
    [
        "01234567890123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "!qaz@wsx#edc$rfv%tgb^yhn&ujm*ik,(ol.)p;/",
        "qazwsxedcrfvtgbyhnujmikolp", "zaqxswcdevfrbgtnhymjukilop",
    ];

    static string Reverse(string s) => new(s.Reverse().ToArray());

    static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Rectify.Core.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt missing from the build");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim().ToLowerInvariant());
        return set;
    });

    /// <summary>A password that meets the rule: 16 characters without look-alikes (0/O, 1/l), every class but symbols present.</summary>
    public static string Generate()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz";
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        const string all = lower + upper + digits;
        while (true)
        {
            var chars = new char[16];
            for (var i = 0; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
            var made = new string(chars);
            if (Classes(made) == 3 && !IsCommon(made)) return made;
        }
    }
}
