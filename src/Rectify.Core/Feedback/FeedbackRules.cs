using System.Security.Cryptography;
using Rectify.Core.Domain;

namespace Rectify.Core.Feedback;

/// <summary>
/// 监督意见: what a comment from the public must satisfy, its tracking code, when it must be
/// answered, and how staff move it (已受理 / 已转办 / 已答复 / 不予受理).
/// </summary>
public static class FeedbackRules
{
    public const int MinLength = 10;
    public const int MaxLength = 2000;
    public const int NameMaxLength = 50;
    public const int ContactMaxLength = 100;
    public const int ReplyMaxLength = 4000;

    /// <summary>Crockford base32: no I, L, O, U, so a code read aloud or copied by hand survives.</summary>
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int CodeLength = 12;

    /// <summary>12 random base32 characters: 60 bits, not guessable.</summary>
    public static string NewTrackingCode() =>
        string.Create(CodeLength, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        });

    /// <summary>A code as typed ("abcd-efgh-jkmn", "O" for "0"), or null when it cannot be one.</summary>
    public static string? NormalizeCode(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var chars = new List<char>(CodeLength);
        foreach (var c0 in typed)
        {
            if (c0 is '-' or ' ' or '\u3000') continue;
            var c = char.ToUpperInvariant(c0) switch { 'O' => '0', 'I' or 'L' => '1', var x => x };
            if (!Alphabet.Contains(c)) return null;
            chars.Add(c);
        }
        return chars.Count == CodeLength ? new string([.. chars]) : null;
    }

    /// <summary>"ABCD-EFGH-JKMN", easier to read and copy.</summary>
    public static string Display(string code) =>
        code.Length == CodeLength ? $"{code[..4]}-{code[4..8]}-{code[8..]}" : code;

    /// <summary>Characters as a reader counts them (an emoji is one).</summary>
    public static int Length(string s) => s.EnumerateRunes().Count();

    /// <summary>The refusals of a comment, field by field, in Chinese; empty when it may be stored.</summary>
    public static IReadOnlyList<(string Field, string Message)> Check(string? name, string? contact, string? content, bool replyWanted)
    {
        var errors = new List<(string, string)>();
        var text = content?.Trim() ?? "";
        if (text.Length == 0) errors.Add(("Content", "请填写意见内容"));
        else if (Length(text) < MinLength) errors.Add(("Content", $"意见内容至少 {MinLength} 个字，现在只有 {Length(text)} 个字"));
        else if (Length(text) > MaxLength) errors.Add(("Content", $"意见内容最多 {MaxLength} 个字，现在有 {Length(text)} 个字，请精简后再提交"));
        if (name is not null && Length(name.Trim()) > NameMaxLength) errors.Add(("Name", $"姓名最多 {NameMaxLength} 个字"));
        if (contact is not null && Length(contact.Trim()) > ContactMaxLength) errors.Add(("Contact", $"联系方式最多 {ContactMaxLength} 个字"));
        if (replyWanted && string.IsNullOrWhiteSpace(contact)) errors.Add(("Contact", "希望得到答复时须留下联系方式（电话或电子邮箱）"));
        return errors;
    }

    public static string Chinese(this FeedbackState s) => s switch
    {
        FeedbackState.Received => "待处理",
        FeedbackState.Accepted => "已受理",
        FeedbackState.Forwarded => "已转办",
        FeedbackState.Answered => "已答复",
        _ => "不予受理",
    };

    /// <summary>Still waiting for an answer: counts against the reply time.</summary>
    public static bool IsOpen(this FeedbackState s) => s is FeedbackState.Received or FeedbackState.Accepted or FeedbackState.Forwarded;

    /// <summary>A staff decision on a comment. Forwarding and refusing need a reason; answering needs a reply.</summary>
    public static void ChangeState(PublicFeedback f, FeedbackState to, string? reason)
    {
        if (to == FeedbackState.Received) throw new DomainException("不能把意见改回“待处理”");
        if (to is FeedbackState.Forwarded && string.IsNullOrWhiteSpace(reason))
            throw new DomainException("转办须写明转给谁、为什么");
        if (to is FeedbackState.Refused && string.IsNullOrWhiteSpace(reason))
            throw new DomainException("不予受理须说明理由（理由会在查询页上公开）");
        if (to is FeedbackState.Answered && string.IsNullOrWhiteSpace(f.Reply))
            throw new DomainException("标记为“已答复”前须先写答复内容");
        if (to == f.State && string.Equals(reason?.Trim(), f.StateReason, StringComparison.Ordinal))
            throw new DomainException($"已是“{to.Chinese()}”，没有变化");
        f.State = to;
        f.StateReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    /// <summary>Writes (or rewrites) the reply; a reply answers the comment unless it was refused.</summary>
    public static void Answer(PublicFeedback f, string? reply, bool publish, DateTimeOffset at)
    {
        var text = reply?.Trim() ?? "";
        if (text.Length == 0) throw new DomainException("答复内容不能为空");
        if (Length(text) > ReplyMaxLength) throw new DomainException($"答复最多 {ReplyMaxLength} 个字，现在有 {Length(text)} 个字");
        f.Reply = text;
        f.ReplyPublished = publish;
        f.RepliedAt = at;
        if (f.State != FeedbackState.Refused) f.State = FeedbackState.Answered;
    }

    /// <summary>The last day to answer: <paramref name="workingDays"/> working days (Mon–Fri) after the day it came in.</summary>
    public static DateOnly ReplyDue(DateOnly received, int workingDays)
    {
        var d = received;
        for (var left = workingDays; left > 0;)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) left--;
        }
        return d;
    }

    /// <summary>Red: still open after its last day to answer. <paramref name="received"/> and <paramref name="today"/> are the office's dates.</summary>
    public static bool IsOverdue(PublicFeedback f, DateOnly received, DateOnly today, int workingDays) =>
        f.State.IsOpen() && today > ReplyDue(received, workingDays);
}
