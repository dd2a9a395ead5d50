using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// The data-protection keys sign and encrypt the sign-in cookies and antiforgery tokens; every instance reads
/// them from the database (DataProtectionKeys). With Rectify:Security:KeysCertificate each key is stored there
/// encrypted to that certificate (XML encryption: an AES key per key, itself encrypted with the certificate's
/// RSA key), so a copy of the database alone — a backup, a dump — does not let anyone forge a session: that
/// takes the certificate's private key too, which lives in the secret store beside the database, never in it.
/// Keys written before the certificate was set stay readable; new keys are encrypted.
/// </summary>
/// <remarks>
/// Not ProtectKeysWithCertificate: it wants the certificate while the services are registered, before the
/// settings are read and checked, and its decryptor finds the certificate only in a certificate store.
/// </remarks>
public static class KeyProtection
{
    public static IServiceCollection AddKeyProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Rectify").PersistKeysToDbContext<RectifyDb>();
        services.AddSingleton(sp => new KeysCertificate(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.LoadKeysCertificate()));
        services.AddOptions<KeyManagementOptions>().Configure<KeysCertificate>((o, keys) =>
        {
            if (keys.Certificate is { } cert) o.XmlEncryptor = new CertificateKeyEncryptor(cert);
        });
        return services;
    }
}

/// <summary>The certificate of Rectify:Security:KeysCertificate, loaded once; null when none is configured.</summary>
public sealed record KeysCertificate(X509Certificate2? Certificate);

/// <summary>Encrypts a key's XML to the certificate; the stored XML names <see cref="CertificateKeyDecryptor"/> to read it back.</summary>
sealed class CertificateKeyEncryptor(X509Certificate2 certificate) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        using (var reader = new XElement("root", plaintextElement).CreateReader()) document.Load(reader);
        var encrypted = new EncryptedXml(document).Encrypt((XmlElement)document.DocumentElement!.FirstChild!, certificate);
        return new EncryptedXmlInfo(XElement.Parse(encrypted.GetXml().OuterXml), typeof(CertificateKeyDecryptor));
    }
}

/// <summary>Decrypts a key's XML with the configured certificate's private key (made by the data-protection system with its services).</summary>
sealed class CertificateKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var certificate = services.GetRequiredService<KeysCertificate>().Certificate
            ?? throw new CryptographicException("会话密钥已用证书加密，但未配置 Rectify:Security:KeysCertificate");
        using var rsa = certificate.GetRSAPrivateKey() ?? throw new CryptographicException("证书不含 RSA 私钥");
        var document = new XmlDocument { PreserveWhitespace = true };
        using (var reader = new XElement("root", encryptedElement).CreateReader()) document.Load(reader);
        new WithPrivateKey(document, rsa).DecryptDocument();
        return XElement.Load(document.DocumentElement!.FirstChild!.CreateNavigator()!.ReadSubtree());
    }

    /// <summary>EncryptedXml that opens the AES key with the given RSA key instead of looking for it in a certificate store.</summary>
    sealed class WithPrivateKey(XmlDocument document, RSA rsa) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey) =>
            DecryptKey(encryptedKey.CipherData.CipherValue!, rsa, encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl);
    }
}
