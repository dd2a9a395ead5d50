using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Features.Notices;

/// <summary>A problem as the published notice states it; a withheld one keeps no title.</summary>
public sealed record PublishedProblem(int ProblemId, int Ordinal, int CategoryOrdinal, string? Title, string Status, string StatusText,
    string? ExpectedCompletion, bool Withheld, string? WithheldReason);

/// <summary>
/// What publishing freezes (Notice.PublishedJson): the composed blocks, the counts and each problem's
/// published status, so that a public page and the .docx render from it and never from the live ledger;
/// and the document with its GB/T 9704 frame as published (版头, 主送机关, 附注, 版记), as an upward report
/// freezes it when signed, so that settings changed later on /admin/documents do not rewrite a notice
/// that is out. Notices published before the frame was kept have none and take today's settings.
/// </summary>
public sealed record PublishedNotice(string Title, string Issuer, DateOnly Date, DateOnly AsOf, NoticeDocumentKind DocumentKind,
    LedgerCounts Counts, IReadOnlyList<NoticeBlock> Blocks, IReadOnlyList<PublishedProblem> Problems, Core.Documents.OfficialDocument? Document = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // Chinese stays readable in the stored JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static PublishedNotice Of(ComposedNotice composed, NoticeInput input, IReadOnlyDictionary<int, int> problemIdsByOrdinal) => new(
        composed.Title, composed.Issuer, composed.Date, input.AsOf, input.DocumentKind, composed.Counts, composed.Blocks,
        input.Categories.SelectMany(c => c.Problems.Select(p => new PublishedProblem(
            problemIdsByOrdinal.GetValueOrDefault(p.Ordinal), p.Ordinal, c.Ordinal, p.Withheld ? null : p.Title, p.Status.Code(), p.Status.Chinese(),
            p.ExpectedCompletion?.ToString(), p.Withheld, p.Withheld ? p.WithheldReason : null))).ToList());

    public ComposedNotice ToComposed() => new(Title, Blocks, Counts, Issuer, Date);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PublishedNotice FromJson(string json) =>
        JsonSerializer.Deserialize<PublishedNotice>(json, Json) ?? throw new InvalidOperationException("published notice JSON is empty");

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text, as stored in Notice.PublishedSha256.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
