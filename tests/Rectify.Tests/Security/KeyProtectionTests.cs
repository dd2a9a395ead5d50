using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Rectify.Tests.Web;

namespace Rectify.Tests.Security;

/// <summary>
/// Issue 22 item 6: the data-protection keys in the database are encrypted to the configured certificate, so a
/// copy of the database alone holds no key that could forge a session; the app with the certificate reads them
/// back, and a session outlives a restart.
/// </summary>
public sealed class KeyProtectionTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "rectify-keys-" + Guid.NewGuid().ToString("N"));
    string Pfx => Path.Combine(_folder, "keys.pfx");
    const string PfxPassword = "pfx-pass-Secret-1";

    public KeyProtectionTests()
    {
        Directory.CreateDirectory(_folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Rectify keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(Pfx, cert.Export(X509ContentType.Pfx, PfxPassword));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    RectifyApp App(string data, bool withCertificate)
    {
        var app = new RectifyApp { Settings = { ["Rectify:Data"] = data } };
        if (withCertificate)
        {
            app.Settings["Rectify:Security:KeysCertificate"] = Pfx;
            app.Settings["Rectify:Security:KeysCertificatePassword"] = PfxPassword;
        }
        return app;
    }

    /// <summary>The keys table as a copy of the database file shows it: read raw, no app, no certificate.</summary>
    static List<string> RawKeys(string data)
    {
        var copy = Path.Combine(data, "copy.db");
        using (var source = new SqliteConnection($"Data Source={Path.Combine(data, "rectify.db")};Pooling=False"))
        {
            source.Open();
            using var backup = new SqliteConnection($"Data Source={copy};Pooling=False");
            source.BackupDatabase(backup);
        }
        using var c = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT Xml FROM DataProtectionKeys";
        using var r = cmd.ExecuteReader();
        var keys = new List<string>();
        while (r.Read()) keys.Add(r.GetString(0));
        return keys;
    }

    /// <summary>Signs in by the form and returns the session cookie alone, to be sent to another instance.</summary>
    static async Task<string> SessionCookieAsync(RectifyApp app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await client.GetAsync("/account/login");
        var antiforgery = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword,
                ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(await login.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgery));
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("rectify.auth=", StringComparison.Ordinal));
    }

    static async Task<HttpStatusCode> InspectionsWithAsync(RectifyApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/inspections");
        get.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(get)).StatusCode;
    }

    [Fact]
    public async Task Keys_in_a_copy_of_the_database_are_encrypted_and_a_session_survives_a_restart_with_the_certificate()
    {
        var data = Path.Combine(_folder, "data");
        string cookie;
        await using (var first = App(data, withCertificate: true))
        {
            cookie = await SessionCookieAsync(first);
            Assert.Equal(HttpStatusCode.OK, await InspectionsWithAsync(first, cookie));
        }
        var keys = RawKeys(data);
        Assert.NotEmpty(keys);
        foreach (var xml in keys)
        {
            Assert.Contains("<EncryptedData", xml);
            // The form an unencrypted key has: its secret in clear, under a warning.
            Assert.DoesNotContain("<value>", xml);
            Assert.DoesNotContain("unencrypted form", xml);
        }

        // Started again with the certificate: it reads the keys back, and the session goes on.
        await using (var again = App(data, withCertificate: true))
            Assert.Equal(HttpStatusCode.OK, await InspectionsWithAsync(again, cookie));
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_lie_in_the_database_in_clear()
    {
        // The contrast the test above relies on: the raw read does see a key when it is not encrypted.
        var data = Path.Combine(_folder, "plain");
        await using (var app = App(data, withCertificate: false))
            await SessionCookieAsync(app);
        Assert.Contains(RawKeys(data), xml => xml.Contains("<value>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_the_app_with_the_key_named()
    {
        await using var app = App(Path.Combine(_folder, "wrong"), withCertificate: true);
        app.Settings["Rectify:Security:KeysCertificatePassword"] = "not-the-password";
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Rectify:Security:KeysCertificate", e.ToString());
    }
}
