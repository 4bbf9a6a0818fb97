using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.ServiceDefaults.Privacy;

/// <summary>A customer's name and phone, as sealed into an event for the services that need them.</summary>
public sealed record Contact(string Name, string Phone);

/// <summary>
/// Seals a customer's contact into the events integrators can bind to: AES-256-GCM under a key derived (HKDF-SHA256,
/// its own label) from the Auth:SigningKey every PowerMicro process already shares and integrators never hold. So the
/// published event carries only the masked contact in clear; a service that needs the real one (complaint) opens the
/// seal. Format: base64url(nonce 12 | tag 16 | ciphertext).
/// </summary>
public sealed class ContactSeal
{
    private static readonly byte[] Label = "powermicro contact seal v1"u8.ToArray();
    private readonly byte[] _key;

    public ContactSeal(AuthOptions auth) =>
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(auth.SigningKey), 32, info: Label);

    public string Seal(Contact contact)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(contact);
        var sealedBytes = new byte[12 + 16 + plain.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
        return Convert.ToBase64String(sealedBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The contact, or null when the text is not a seal made with this key.</summary>
    public Contact? Open(string? sealedText)
    {
        if (string.IsNullOrEmpty(sealedText)) return null;
        try
        {
            var b64 = sealedText.Replace('-', '+').Replace('_', '/');
            var bytes = Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
            if (bytes.Length < 28) return null;
            var plain = new byte[bytes.Length - 28];
            using var aes = new AesGcm(_key, 16);
            aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain);
            return JsonSerializer.Deserialize<Contact>(plain);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or JsonException)
        {
            return null;
        }
    }
}
