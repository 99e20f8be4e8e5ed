using System.Globalization;

namespace Interop.Ethereum.Keystore;

/// <summary>The password-stretching function of a keystore and its cost; the salt is drawn fresh per file.</summary>
public abstract record KdfParameters
{
    /// <summary>Derived key length in bytes: 16 for the AES key, 16 for the MAC key.</summary>
    public const int DerivedKeyLength = 32;

    private protected KdfParameters()
    {
    }

    /// <summary>The "kdf" name in the JSON file.</summary>
    public abstract string Name { get; }

    /// <summary>Checks the cost parameters; also applied to files read from disk, so a hostile file cannot demand unbounded work.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public abstract void Validate();

    internal abstract byte[] DeriveKey(byte[] password, byte[] salt);
}

/// <summary>
/// scrypt cost parameters. The default (n = 2^18, r = 8, p = 1) is geth's "standard" setting: about a second and
/// 256 MiB per attempt, which is what makes guessing a password expensive.
/// </summary>
public sealed record ScryptParameters(int N = 262144, int R = 8, int P = 1) : KdfParameters
{
    /// <summary>The most memory (128·n·r bytes) a keystore may ask for: 1 GiB.</summary>
    public const long MaxMemoryBytes = 1L << 30;

    public override string Name => "scrypt";

    public override void Validate()
    {
        if (N < 2 || (N & (N - 1)) != 0)
            throw new ArgumentException($"scrypt n must be a power of two of at least 2, got {N}", nameof(N));
        if (R < 1) throw new ArgumentException($"scrypt r must be at least 1, got {R}", nameof(R));
        if (P < 1) throw new ArgumentException($"scrypt p must be at least 1, got {P}", nameof(P));
        if (128L * N * R > MaxMemoryBytes)
            throw new ArgumentException($"scrypt n={N}, r={R} needs {128L * N * R / (1 << 20)} MiB; the limit is {MaxMemoryBytes / (1 << 20)} MiB", nameof(N));
        if ((long)P * R > 1 << 20)
            throw new ArgumentException($"scrypt p·r = {(long)P * R} is unreasonably large", nameof(P));
    }

    internal override byte[] DeriveKey(byte[] password, byte[] salt) =>
        Scrypt.DeriveKey(password, salt, N, R, P, DerivedKeyLength);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"scrypt(n={N}, r={R}, p={P})");
}

/// <summary>PBKDF2-HMAC-SHA256 cost parameters, the keystore format's alternative to scrypt.</summary>
public sealed record Pbkdf2Parameters(int Iterations = 262144) : KdfParameters
{
    /// <summary>The only pseudo-random function the format defines.</summary>
    public const string Prf = "hmac-sha256";

    /// <summary>The most iterations a keystore may ask for (tens of seconds of work).</summary>
    public const int MaxIterations = 100_000_000;

    public override string Name => "pbkdf2";

    public override void Validate()
    {
        if (Iterations is < 1 or > MaxIterations)
            throw new ArgumentException($"pbkdf2 iterations (c) must be 1..{MaxIterations}, got {Iterations}", nameof(Iterations));
    }

    internal override byte[] DeriveKey(byte[] password, byte[] salt) =>
        System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations,
            System.Security.Cryptography.HashAlgorithmName.SHA256, DerivedKeyLength);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"pbkdf2(c={Iterations}, prf={Prf})");
}
