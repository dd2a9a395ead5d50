using System.Globalization;
using System.Text;

namespace Rectify.Core.Notices;

/// <summary>Chinese numerals and punctuation as notices write them.</summary>
public static class ChineseText
{
    static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1 → 一, 10 → 十, 14 → 十四, 20 → 二十, 99 → 九十九; beyond 99 in Arabic digits.</summary>
    public static string Numeral(int n) => n switch
    {
        < 0 or > 99 => n.ToString(CultureInfo.InvariantCulture),
        < 10 => Digits[n],
        < 20 => "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
        _ => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
    };

    /// <summary>"2023年9月8日".</summary>
    public static string Date(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    /// <summary>A percentage without needless decimals: 78.6, 100, 33.3.</summary>
    public static string Percent(decimal p) => p.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Yuan as notices give them: "7.132万元" from ten thousand up, else "3500元".</summary>
    public static string Yuan(decimal yuan) => yuan >= 10000
        ? (yuan / 10000).ToString("0.####", CultureInfo.InvariantCulture) + "万元"
        : yuan.ToString("0.##", CultureInfo.InvariantCulture) + "元";

    public static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3000' and <= '\u303f' or >= '\uff00' and <= '\uffef' or '“' or '”' or '‘' or '’';

    /// <summary>
    /// Half-width , : ; ( ) next to Chinese text (as text copied from web pages has them) become
    /// full-width; those between Latin characters and digits (phone numbers, e-mail) stay.
    /// </summary>
    public static string FullWidthPunctuation(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var near = (i > 0 && IsCjk(s[i - 1])) || (i + 1 < s.Length && IsCjk(s[i + 1]));
            sb.Append(near ? c switch { ',' => '，', ':' => '：', ';' => '；', '(' => '（', ')' => '）', '!' => '！', '?' => '？', _ => c } : c);
        }
        return sb.ToString();
    }

    /// <summary>The half-width forms the sample notices use (text copied from web pages).</summary>
    public static string HalfWidthPunctuation(string s) => s
        .Replace('，', ',').Replace('：', ':').Replace('；', ';').Replace('（', '(').Replace('）', ')');
}
