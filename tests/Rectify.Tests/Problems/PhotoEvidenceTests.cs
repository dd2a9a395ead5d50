using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>A JPEG of the given size carrying EXIF DateTimeOriginal and a GPS position, the EXIF written byte by byte here.</summary>
    public static byte[] PhotoWithExif(int width, int height, string taken = "2026:11:30 14:05:09", (int D, int M, int S100) lat = default, (int D, int M, int S100) lon = default)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) { canvas.Clear(new SKColor(0x33, 0x88, 0x55)); canvas.DrawCircle(width / 2f, height / 2f, height / 3f, new SKPaint { Color = SKColors.Orange }); }
        using var image = SKImage.FromBitmap(bitmap);
        var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray();
        var app1 = Exif(taken, lat, lon);
        // After SOI (FF D8): the APP1 segment, then the rest of the file as encoded.
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>APP1 "Exif": a big-endian TIFF with IFD0 → Exif IFD (DateTimeOriginal) and GPS IFD (N/E, degrees minutes seconds).</summary>
    static byte[] Exif(string taken, (int D, int M, int S100) lat, (int D, int M, int S100) lon)
    {
        var t = new List<byte>();
        void U16(int v) { t.Add((byte)(v >> 8)); t.Add((byte)v); }
        void U32(long v) { t.Add((byte)(v >> 24)); t.Add((byte)(v >> 16)); t.Add((byte)(v >> 8)); t.Add((byte)v); }
        void Entry(int tag, int type, int count, long value) { U16(tag); U16(type); U32(count); U32(value); }
        // Layout: header 8 | IFD0 at 8 (2 entries: 2+24+4 = 30) → 38 | Exif IFD at 38 (1 entry: 18) → 56 | GPS IFD at 56 (4 entries: 54) → 110 | data.
        const int exifIfd = 38, gpsIfd = 56, data = 110;
        var date = Encoding.ASCII.GetBytes(taken + "\0"); // 20 bytes
        t.AddRange("MM"u8.ToArray()); U16(42); U32(8);
        U16(2); Entry(0x8769, 4, 1, exifIfd); Entry(0x8825, 4, 1, gpsIfd); U32(0);
        U16(1); Entry(0x9003, 2, date.Length, data); U32(0);
        U16(4);
        t.AddRange([0, 1, 0, 2, 0, 0, 0, 2, (byte)'N', 0, 0, 0]);            // GPSLatitudeRef "N"
        Entry(2, 5, 3, data + date.Length);                                   // GPSLatitude
        t.AddRange([0, 3, 0, 2, 0, 0, 0, 2, (byte)'E', 0, 0, 0]);            // GPSLongitudeRef "E"
        Entry(4, 5, 3, data + date.Length + 24);                              // GPSLongitude
        U32(0);
        Assert.Equal(data, t.Count);
        t.AddRange(date);
        foreach (var (v, d) in new[] { (lat.D, 1), (lat.M, 1), (lat.S100, 100), (lon.D, 1), (lon.M, 1), (lon.S100, 100) }) { U32(v); U32(d); }
        var body = "Exif\0\0"u8.ToArray().Concat(t).ToArray();
        var segment = new byte[4 + body.Length];
        segment[0] = 0xFF; segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(body.Length + 2));
        body.CopyTo(segment, 4);
        return segment;
    }

    static readonly (int, int, int) Lat = (30, 16, 2670), Lon = (120, 9, 1830); // 30°16'26.70" N, 120°9'18.30" E

    [Fact]
    public void The_time_and_place_a_camera_wrote_are_read_and_a_photo_without_them_or_a_broken_file_gives_none()
    {
        var m = PhotoMetadata.Read(PhotoWithExif(64, 48, lat: Lat, lon: Lon))!;
        Assert.Equal(new DateTime(2026, 11, 30, 14, 5, 9), m.TakenAt);
        Assert.Equal(30 + 16 / 60.0 + 26.70 / 3600, m.Latitude!.Value, 6);
        Assert.Equal(120 + 9 / 60.0 + 18.30 / 3600, m.Longitude!.Value, 6);
        Assert.Equal("拍摄于 2026-11-30 14:05", m.TakenText);
        Assert.Equal("北纬 30.274083°，东经 120.155083°", m.PlaceText);

        using var plain = SKImage.FromBitmap(new SKBitmap(8, 8));
        Assert.Null(PhotoMetadata.Read(plain.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray()));
        var cut = PhotoWithExif(16, 16, lat: Lat, lon: Lon)[..60];
        Assert.Null(PhotoMetadata.Read(cut));
        Assert.Null(PhotoMetadata.Read("%PDF-1.4"u8));
    }

    [Fact]
    public async Task An_uploaded_photo_keeps_its_original_and_hash_shows_its_time_and_place_and_is_scaled_only_for_display()
    {
        var photo = PhotoWithExif(2400, 1800, lat: Lat, lon: Lon);
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
        Assert.Contains("北纬 30.274083°，东经 120.155083°", page);

        // Another unit's editor gets no preview either.
        var outsider = await _app.As("outsider");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/evidence/{id}/preview", Ct)).StatusCode);
    }
}
