using Interop.Ethereum.Signing;

namespace Interop.Ethereum.HdWallet;

/// <summary>
/// Ethereum accounts of one BIP-39 mnemonic (and optional passphrase) along BIP-44 paths. Holds the master key;
/// <see cref="ToString"/> shows only its fingerprint.
/// </summary>
public sealed class EthereumHdWallet
{
    private readonly ExtendedPrivateKey _master;

    /// <summary>Derives the BIP-39 seed (2048 PBKDF2 rounds, a few milliseconds) and its master key.</summary>
    public EthereumHdWallet(Mnemonic mnemonic, string passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        var seed = mnemonic.ToSeed(passphrase);
        try
        {
            _master = ExtendedPrivateKey.FromSeed(seed);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The key at m/44'/60'/<paramref name="account"/>'/0/<paramref name="index"/>.</summary>
    public EthKey GetKey(int index, int account = 0) => GetKey(Bip44.EthereumPath(account, index));

    /// <summary>The key at any path below the master.</summary>
    public EthKey GetKey(KeyPath path) => _master.Derive(path).ToEthKey();

    /// <summary>The address at m/44'/60'/<paramref name="account"/>'/0/<paramref name="index"/>.</summary>
    public Address GetAddress(int index, int account = 0) => GetKey(index, account).Address;

    /// <summary>
    /// <paramref name="count"/> consecutive accounts from <paramref name="startIndex"/>, deriving the shared
    /// m/44'/60'/account'/0 parent once.
    /// </summary>
    public IEnumerable<(KeyPath Path, EthKey Key)> GetKeys(int account, int startIndex, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var chainPath = Bip44.EthereumChain(account);
        var chain = _master.Derive(chainPath);
        for (var i = 0; i < count; i++)
        {
            var index = checked((uint)(startIndex + i));
            yield return (chainPath.Child(index), chain.Derive(index).ToEthKey());
        }
    }

    /// <summary>The master extended private key. Secret.</summary>
    public ExtendedPrivateKey MasterKey => _master;

    public override string ToString() => $"EthereumHdWallet(master fingerprint {_master.Fingerprint:x8})";
}
