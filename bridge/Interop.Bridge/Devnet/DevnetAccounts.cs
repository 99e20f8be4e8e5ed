namespace Interop.Bridge.Devnet;

/// <summary>
/// Which HD index (m/44'/60'/0'/0/i of the devnet mnemonic) plays which role. anvil funds every one of them.
/// </summary>
public static class DevnetAccounts
{
    /// <summary>How many accounts anvil funds.</summary>
    public const int Count = 20;

    /// <summary>Deploys and owns the contracts.</summary>
    public const int Deployer = 0;

    /// <summary>Validators take indices 1..Validators.</summary>
    public const int FirstValidator = 1;

    /// <summary>Relayer (transaction sender) keys.</summary>
    public const int FirstRelayer = 11;

    /// <summary>Market makers (fillers, routers of collateral).</summary>
    public const int FirstMarketMaker = 14;

    /// <summary>The node's intent filler (funded with USDC on every chain like a market maker).</summary>
    public const int Filler = 17;

    /// <summary>The price oracle signer.</summary>
    public const int Oracle = 19;
}
