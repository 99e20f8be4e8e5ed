using System.Security.Cryptography;
using System.Text.Json;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Interop.Ethereum.Keystore;

/// <summary>
/// A Web3 Secret Storage (keystore v3) file: a private key encrypted with AES-128-CTR under a key stretched from a
/// password by scrypt or PBKDF2, authenticated by MAC = keccak256(derivedKey[16..32] ‖ ciphertext).
/// Immutable; <see cref="ToString"/> shows id, address and KDF only.
/// </summary>
public sealed class KeystoreFile
{
    /// <summary>The only cipher the format defines.</summary>
    public const string Cipher = "aes-128-ctr";

    private const int Version = 3;
    private const int SaltLength = 32;
    private const int IvLength = 16;

    private readonly byte[] _salt;
    private readonly byte[] _iv;
    private readonly byte[] _cipherText;
    private readonly byte[] _mac;

    private KeystoreFile(Guid id, Address? address, KdfParameters kdf, byte[] salt, byte[] iv, byte[] cipherText, byte[] mac)
    {
        Id = id;
        Address = address;
        Kdf = kdf;
        _salt = salt;
        _iv = iv;
        _cipherText = cipherText;
        _mac = mac;
    }

    /// <summary>The file's random UUID.</summary>
    public Guid Id { get; }

    /// <summary>The address the file claims to hold (geth writes it; the spec makes it optional).</summary>
    public Address? Address { get; }

    /// <summary>The key-derivation function and its cost.</summary>
    public KdfParameters Kdf { get; }

    /// <summary>Encrypts <paramref name="key"/> under <paramref name="password"/> with a fresh salt, IV and id.</summary>
    /// <param name="kdf">Defaults to <see cref="ScryptParameters"/>() (n = 262144, r = 8, p = 1).</param>
    public static KeystoreFile Encrypt(EthKey key, string password, KdfParameters? kdf = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var privateKey = key.ExportPrivateKey();
        try
        {
            return Encrypt(privateKey, password, kdf ?? new ScryptParameters(),
                RandomNumberGenerator.GetBytes(SaltLength), RandomNumberGenerator.GetBytes(IvLength), Guid.NewGuid());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Deterministic form of <see cref="Encrypt(EthKey, string, KdfParameters?)"/>, for reproducing published vectors.</summary>
    internal static KeystoreFile Encrypt(byte[] privateKey, string password, KdfParameters kdf, byte[] salt, byte[] iv, Guid id)
    {
        ArgumentNullException.ThrowIfNull(password);
        kdf.Validate();
        var address = new EthKey(privateKey).Address;
        var derivedKey = DeriveKey(kdf, password, salt);
        try
        {
            var cipherText = AesCtr(derivedKey.AsSpan(0, 16), iv, privateKey);
            return new KeystoreFile(id, address, kdf, salt, iv, cipherText, Mac(derivedKey, cipherText));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
        }
    }

    /// <summary>Decrypts the private key.</summary>
    /// <exception cref="WrongKeystorePasswordException">The MAC does not match: wrong password (or altered ciphertext).</exception>
    /// <exception cref="InvalidKeystoreException">The plaintext is not a valid key, or not the key of <see cref="Address"/>.</exception>
    public EthKey Decrypt(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var derivedKey = DeriveKey(Kdf, password, _salt);
        byte[]? privateKey = null;
        try
        {
            // Constant-time, so the comparison leaks nothing about how close a guess was.
            if (!CryptographicOperations.FixedTimeEquals(Mac(derivedKey, _cipherText), _mac))
                throw new WrongKeystorePasswordException();
            privateKey = AesCtr(derivedKey.AsSpan(0, 16), _iv, _cipherText);
            if (!Secp256k1.IsValidPrivateKey(privateKey))
                throw new InvalidKeystoreException($"the decrypted key is not a valid secp256k1 private key ({privateKey.Length} bytes)");
            var key = new EthKey(privateKey);
            if (Address is { } claimed && claimed != key.Address)
                throw new InvalidKeystoreException($"the keystore claims address {claimed} but holds the key of {key.Address}");
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
            if (privateKey is not null) CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Parses and decrypts in one step.</summary>
    public static EthKey Decrypt(string json, string password) => Parse(json).Decrypt(password);

    /// <summary>The JSON document, in the layout geth and Foundry write (hex without 0x).</summary>
    public string ToJson(bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            writer.WriteStartObject();
            if (Address is { } address) writer.WriteString("address", Hex.Encode(address.Bytes, prefix: false));
            writer.WriteStartObject("crypto");
            writer.WriteString("cipher", Cipher);
            writer.WriteString("ciphertext", Hex.Encode(_cipherText, prefix: false));
            writer.WriteStartObject("cipherparams");
            writer.WriteString("iv", Hex.Encode(_iv, prefix: false));
            writer.WriteEndObject();
            writer.WriteString("kdf", Kdf.Name);
            writer.WriteStartObject("kdfparams");
            writer.WriteNumber("dklen", KdfParameters.DerivedKeyLength);
            switch (Kdf)
            {
                case ScryptParameters scrypt:
                    writer.WriteNumber("n", scrypt.N);
                    writer.WriteNumber("p", scrypt.P);
                    writer.WriteNumber("r", scrypt.R);
                    break;
                case Pbkdf2Parameters pbkdf2:
                    writer.WriteNumber("c", pbkdf2.Iterations);
                    writer.WriteString("prf", Pbkdf2Parameters.Prf);
                    break;
            }
            writer.WriteString("salt", Hex.Encode(_salt, prefix: false));
            writer.WriteEndObject();
            writer.WriteString("mac", Hex.Encode(_mac, prefix: false));
            writer.WriteEndObject();
            writer.WriteString("id", Id.ToString("D"));
            writer.WriteNumber("version", Version);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses a v3 keystore. Field names are matched case-insensitively (old geth wrote "Crypto").</summary>
    /// <exception cref="InvalidKeystoreException">Not JSON, not version 3, an unsupported cipher or KDF, or a missing or malformed field (named).</exception>
    public static KeystoreFile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidKeystoreException($"the keystore is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidKeystoreException("the keystore must be a JSON object");

            var version = Required(root, "version", JsonValueKind.Number, "version");
            if (!version.TryGetInt32(out var v) || v != Version)
                throw new InvalidKeystoreException($"unsupported keystore version {version.GetRawText()}; only version 3 (Web3 Secret Storage) is supported");

            var crypto = Required(root, "crypto", JsonValueKind.Object, "crypto");
            var cipher = Required(crypto, "cipher", JsonValueKind.String, "crypto.cipher").GetString();
            if (!string.Equals(cipher, Cipher, StringComparison.OrdinalIgnoreCase))
                throw new InvalidKeystoreException($"unsupported cipher '{cipher}'; only {Cipher} is supported");

            var iv = HexField(Required(Required(crypto, "cipherparams", JsonValueKind.Object, "crypto.cipherparams"), "iv", JsonValueKind.String, "crypto.cipherparams.iv"), "crypto.cipherparams.iv", IvLength);
            var cipherText = HexField(Required(crypto, "ciphertext", JsonValueKind.String, "crypto.ciphertext"), "crypto.ciphertext", null);
            var mac = HexField(Required(crypto, "mac", JsonValueKind.String, "crypto.mac"), "crypto.mac", Keccak256.Size);

            var kdfName = Required(crypto, "kdf", JsonValueKind.String, "crypto.kdf").GetString();
            var kdfParams = Required(crypto, "kdfparams", JsonValueKind.Object, "crypto.kdfparams");
            var salt = HexField(Required(kdfParams, "salt", JsonValueKind.String, "crypto.kdfparams.salt"), "crypto.kdfparams.salt", null);
            var dkLen = Int(kdfParams, "dklen");
            if (dkLen != KdfParameters.DerivedKeyLength)
                throw new InvalidKeystoreException($"crypto.kdfparams.dklen must be {KdfParameters.DerivedKeyLength}, got {dkLen}");

            KdfParameters kdf = kdfName?.ToLowerInvariant() switch
            {
                "scrypt" => new ScryptParameters(Int(kdfParams, "n"), Int(kdfParams, "r"), Int(kdfParams, "p")),
                "pbkdf2" => ParsePbkdf2(kdfParams),
                _ => throw new InvalidKeystoreException($"unsupported kdf '{kdfName}'; only scrypt and pbkdf2 are supported"),
            };
            try
            {
                kdf.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InvalidKeystoreException($"crypto.kdfparams: {e.Message}", e);
            }

            Address? address = null;
            if (TryGet(root, "address", out var addressElement) && addressElement.ValueKind == JsonValueKind.String)
            {
                var text = addressElement.GetString()!;
                try
                {
                    address = new Address(Hex.DecodeFixed(text, 20, "address"));
                }
                catch (FormatException e)
                {
                    throw new InvalidKeystoreException($"address: {e.Message}", e);
                }
            }

            var id = TryGet(root, "id", out var idElement) && Guid.TryParse(idElement.GetString(), out var parsed) ? parsed : Guid.Empty;
            return new KeystoreFile(id, address, kdf, salt, iv, cipherText, mac);
        }
    }

    public override string ToString() => $"KeystoreFile(id {Id}, address {Address?.ToString() ?? "not stated"}, {Kdf})";

    private static Pbkdf2Parameters ParsePbkdf2(JsonElement kdfParams)
    {
        var prf = Required(kdfParams, "prf", JsonValueKind.String, "crypto.kdfparams.prf").GetString();
        if (!string.Equals(prf, Pbkdf2Parameters.Prf, StringComparison.OrdinalIgnoreCase))
            throw new InvalidKeystoreException($"unsupported pbkdf2 prf '{prf}'; only {Pbkdf2Parameters.Prf} is supported");
        return new Pbkdf2Parameters(Int(kdfParams, "c"));
    }

    private static byte[] DeriveKey(KdfParameters kdf, string password, byte[] salt)
    {
        var passwordBytes = System.Text.Encoding.UTF8.GetBytes(password);
        try
        {
            return kdf.DeriveKey(passwordBytes, salt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private static byte[] Mac(byte[] derivedKey, byte[] cipherText) => Keccak256.HashConcat(derivedKey[16..32], cipherText);

    /// <summary>AES-128 in counter mode: the 16-byte IV is the initial big-endian counter block.</summary>
    private static byte[] AesCtr(ReadOnlySpan<byte> key, byte[] iv, byte[] input)
    {
        var cipher = new SicBlockCipher(new AesEngine());
        var keyParameter = new KeyParameter(key);
        cipher.Init(true, new ParametersWithIV(keyParameter, iv));
        var output = new byte[input.Length];
        Span<byte> block = stackalloc byte[16];
        for (var offset = 0; offset < input.Length; offset += 16)
        {
            // CTR is a stream cipher: pad the last partial block, keep only the bytes that were there.
            var length = Math.Min(16, input.Length - offset);
            block.Clear();
            input.AsSpan(offset, length).CopyTo(block);
            cipher.ProcessBlock(block, block);
            block[..length].CopyTo(output.AsSpan(offset));
        }
        block.Clear();
        return output;
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!TryGet(parent, name, out var value))
            throw new InvalidKeystoreException($"the keystore has no {path} field");
        if (value.ValueKind != kind)
            throw new InvalidKeystoreException($"{path} must be a JSON {kind.ToString().ToLowerInvariant()}, got {value.ValueKind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static int Int(JsonElement kdfParams, string name)
    {
        var element = Required(kdfParams, name, JsonValueKind.Number, $"crypto.kdfparams.{name}");
        return element.TryGetInt32(out var value)
            ? value
            : throw new InvalidKeystoreException($"crypto.kdfparams.{name} must be a 32-bit integer, got {element.GetRawText()}");
    }

    private static byte[] HexField(JsonElement element, string path, int? length)
    {
        var text = element.GetString()!;
        try
        {
            var bytes = Hex.Decode(text);
            if (length is { } expected && bytes.Length != expected)
                throw new InvalidKeystoreException($"{path} must be {expected} bytes, got {bytes.Length}");
            if (bytes.Length == 0) throw new InvalidKeystoreException($"{path} is empty");
            return bytes;
        }
        catch (FormatException e)
        {
            throw new InvalidKeystoreException($"{path} is not hex: {e.Message}", e);
        }
    }
}
