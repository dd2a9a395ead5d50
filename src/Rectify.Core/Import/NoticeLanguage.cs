namespace Rectify.Core.Import;

/// <summary>
/// Notices are Chinese. A text whose letters are mostly of another script (an English or German page,
/// Japanese with its kana, Korean) is refused as such, rather than with a vaguer "not a notice".
/// </summary>
public static class NoticeLanguage
{
    public const string Refusal = "文件的文字不是中文，不像是巡察整改情况通报";

    public static void Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int letters = 0, han = 0, kana = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF') han++;
            else if (c is >= '\u3040' and <= '\u30FF') kana++;
        }
        // A Chinese notice quotes English names, file numbers and URLs, but its letters are Han far above a fifth.
        if (letters >= 20 && (han * 5 < letters || kana * 10 > letters)) throw new ImportRefusedException(Refusal);
    }
}
