namespace Interop.Ethereum.HdWallet;

/// <summary>BIP-44 paths for Ethereum: m/44'/60'/account'/0/index, the layout MetaMask, Ledger and Foundry use.</summary>
public static class Bip44
{
    /// <summary>Ethereum's SLIP-44 coin type.</summary>
    public const uint EthereumCoinType = 60;

    /// <summary>m/44'/60'/<paramref name="account"/>'/0/<paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">account or index is negative.</exception>
    public static KeyPath EthereumPath(int account = 0, int index = 0) => EthereumChain(account).Child(CheckIndex(index, nameof(index)));

    /// <summary>m/44'/60'/<paramref name="account"/>'/0: the parent of that account's external addresses.</summary>
    public static KeyPath EthereumChain(int account = 0) =>
        KeyPath.Master.Child(44, hardened: true).Child(EthereumCoinType, hardened: true)
            .Child(CheckIndex(account, nameof(account)), hardened: true).Child(0);

    private static uint CheckIndex(int value, string name) =>
        value >= 0 ? (uint)value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be 0 or more");
}
