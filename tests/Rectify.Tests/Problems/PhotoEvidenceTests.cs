using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Photos;
using Rectify.Tests.Web;
using SkiaSharp;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Problems;

/// <summary>
/// Photos of a progress entry (issue 19 item 6): the time and place the camera wrote are shown, the original is kept
/// byte for byte with its hash, and a large photo is scaled only for display.
/// </summary>
public sealed class PhotoEvidenceTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public async ValueTask InitializeAsync() => await CreateUsersAsync(_app);
    public ValueTask DisposeAsync() => _app.DisposeAsync();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly (int, int, int) Lat = ExifPhotos.Lat, Lon = ExifPhotos.Lon;

    [Fact]
    public void The_time_and_place_a_camera_wrote_are_read_and_a_photo_without_them_or_a_broken_file_gives_none()
    {
        var m = PhotoMetadata.Read(ExifPhotos.Jpeg(64, 48, lat: Lat, lon: Lon))!;
        Assert.Equal(new DateTime(2026, 11, 30, 14, 5, 9), m.TakenAt);
        Assert.Equal(30 + 16 / 60.0 + 26.70 / 3600, m.Latitude!.Value, 6);
        Assert.Equal(120 + 9 / 60.0 + 18.30 / 3600, m.Longitude!.Value, 6);
        Assert.Equal("拍摄于 2026-11-30 14:05", m.TakenText);
        Assert.Equal("北纬 30.274083°，东经 120.155083°", m.PlaceText);

        using var plain = SKImage.FromBitmap(new SKBitmap(8, 8));
        Assert.Null(PhotoMetadata.Read(plain.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray()));
        var cut = ExifPhotos.Jpeg(16, 16, lat: Lat, lon: Lon)[..60];
        Assert.Null(PhotoMetadata.Read(cut));
        Assert.Null(PhotoMetadata.Read("%PDF-1.4"u8));
    }

    [Fact]
    public async Task An_uploaded_photo_keeps_its_original_and_hash_shows_its_time_and_place_and_is_scaled_only_for_display()
    {
        var photo = ExifPhotos.Jpeg(2400, 1800, lat: Lat, lon: Lon);
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("现场已复耕,附照片", v, ("现场.jpg", photo)), Ct);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        int id; string sha;
        await using (var db = _app.CreateDb())
        {
            var e = await db.Evidence.SingleAsync(x => x.FileName == "现场.jpg", Ct);
            (id, sha) = (e.Id, e.Sha256);
        }
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), sha.ToLowerInvariant());
        // The original, byte for byte.
        Assert.Equal(photo, await client.GetByteArrayAsync($"/api/evidence/{id}", Ct));

        foreach (var (query, edge) in new[] { ("?size=thumb", 320), ("", 1600) })
        {
            var preview = await client.GetAsync($"/api/evidence/{id}/preview{query}", Ct);
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);
            using var shown = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal((edge, edge * 3 / 4), (shown.Width, shown.Height));
        }
        // Previews leave the evidence as it was.
        await using (var db = _app.CreateDb())
            Assert.Equal(sha, (await db.Evidence.SingleAsync(x => x.Id == id, Ct)).Sha256);

        var page = await client.GetStringAsync($"/problems/{Phased}", Ct);
        Assert.Contains($"src=\"/api/evidence/{id}/preview?size=thumb\"", page);
        Assert.Contains("拍摄于 2026-11-30 14:05", page);
        // The place as one text, each coordinate in a span kept on one line.
        Assert.Contains("北纬 30.274083°，东经 120.155083°", System.Text.RegularExpressions.Regex.Replace(page, "<[^>]+>", ""));
        Assert.Contains("<span class=\"nowrap\">东经 120.155083°</span>", page);

        // Another unit's editor gets no preview either.
        var outsider = await _app.As("outsider");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/evidence/{id}/preview", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_portrait_photo_the_phone_stored_sideways_with_an_orientation_tag_is_shown_upright_and_the_original_is_kept()
    {
        // A phone held upright stores 2400×1800 pixels and the tag 6: "turn 90° clockwise to view".
        var photo = ExifPhotos.Jpeg(2400, 1800, lat: Lat, lon: Lon, orientation: 6);
        using (var codec = SKCodec.Create(new SKMemoryStream(photo)))
            Assert.Equal((SKEncodedOrigin.RightTop, 2400, 1800), (codec.EncodedOrigin, codec.Info.Width, codec.Info.Height));
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("整改后现场，竖拍", v, ("竖拍.jpg", photo)), Ct);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        int id; string sha;
        await using (var db = _app.CreateDb())
        {
            var e = await db.Evidence.SingleAsync(x => x.FileName == "竖拍.jpg", Ct);
            (id, sha) = (e.Id, e.Sha256);
        }

        foreach (var (query, edge) in new[] { ("?size=thumb", 320), ("", 1600) })
        {
            var preview = await client.GetAsync($"/api/evidence/{id}/preview{query}", Ct);
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var bytes = await preview.Content.ReadAsByteArrayAsync(Ct);
            // The preview carries no orientation of its own: its pixels are what every viewer shows.
            using (var codec = SKCodec.Create(new SKMemoryStream(bytes)))
                Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
            using var shown = SKBitmap.Decode(bytes);
            Assert.Equal((edge * 3 / 4, edge), (shown.Width, shown.Height));
            // Turned clockwise, not mirrored or the other way: the stored top left corner is now the top right.
            var inset = shown.Width / 20;
            Assert.True(Reddish(shown.GetPixel(shown.Width - 1 - inset, inset)), $"top right at {edge}: {shown.GetPixel(shown.Width - 1 - inset, inset)}");
            foreach (var (x, y) in new[] { (inset, inset), (inset, shown.Height - 1 - inset), (shown.Width - 1 - inset, shown.Height - 1 - inset) })
                Assert.False(Reddish(shown.GetPixel(x, y)), $"({x}, {y}) at {edge}: {shown.GetPixel(x, y)}");
        }

        // The evidence is the camera's file as it came, tag and all.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), sha.ToLowerInvariant());
        Assert.Equal(photo, await client.GetByteArrayAsync($"/api/evidence/{id}", Ct));
        await using (var db = _app.CreateDb())
            Assert.Equal(sha, (await db.Evidence.SingleAsync(x => x.Id == id, Ct)).Sha256);
    }

    static bool Reddish(SKColor c) => c.Red > 180 && c.Green < 90 && c.Blue < 90;
}
