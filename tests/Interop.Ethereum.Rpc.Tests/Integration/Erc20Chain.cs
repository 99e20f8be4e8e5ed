using System.Numerics;
using Interop.Bridge.Devnet;
using Interop.Contracts;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Rpc.Failover;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;

namespace Interop.Ethereum.Rpc.Tests.Integration;

/// <summary>
/// A private anvil with the compiled TestERC20 ("USDC", 6 decimals) deployed and minted by anvil's first default key,
/// using only our own layers: keys, type-2 transactions signed here and sent raw, the ABI codec and the RPC client.
/// Anvil is this fixture's own (not the shared one) because the tests spend the first account's nonce and balance.
/// </summary>
public sealed class Erc20Chain : IAsyncLifetime
{
    public const ulong ChainId = 31337;

    /// <summary>Anvil's first default private key (mnemonic "test test ... junk", m/44'/60'/0'/0/0).</summary>
    public static readonly EthKey Owner = EthKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    /// <summary>10^6: one USDC in its smallest unit.</summary>
    public static readonly BigInteger Usdc = 1_000_000;

    /// <summary>What the owner mints to itself once deployed.</summary>
    public static readonly BigInteger Minted = 1_000_000 * Usdc;

    private AnvilProcess? _anvil;
    private RpcClient? _client;
    private Address? _token;

    public ContractArtifact Artifact { get; } = ContractArtifacts.Get("TestERC20");

    public ContractAbi Abi { get; }

    public RpcClient Client => _client ?? throw new InvalidOperationException("anvil is not started");

    public Address Token => _token ?? throw new InvalidOperationException("the token is not deployed");

    /// <summary>The receipt of the deployment transaction.</summary>
    public Receipt Deployment { get; private set; } = null!;

    public Erc20Chain() => Abi = ContractAbi.FromJson(Artifact.AbiJson);

    public async Task InitializeAsync()
    {
        _anvil = await AnvilProcess.StartAsync(new AnvilOptions { ChainId = ChainId, Name = "anvil-erc20" });
        try
        {
            _client = RpcClient.Create(_anvil.RpcUrl, new RpcClientOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(10),
                Failover = new FailoverOptions { HeadCheckInterval = null },
            });
            var constructor = Abi.Constructor ?? throw new InvalidOperationException("TestERC20 has no constructor in its ABI");
            var deployment = constructor.EncodeDeployment(Artifact.Bytecode, "USD Coin", "USDC", (byte)6, 100 * Usdc, Owner.Address);
            (_, Deployment) = await SendAsync(null, deployment);
            _token = Deployment.ContractAddress ?? throw new InvalidOperationException("the deployment receipt has no contract address");
            var (_, minted) = await SendAsync(_token, Abi.GetFunction("mint").EncodeCall(Owner.Address, Minted));
            if (!minted.Succeeded) throw new InvalidOperationException("minting the test balance reverted");
        }
        catch (Exception)
        {
            // Do not rely on the runner disposing a fixture whose initialisation threw: stop anvil here.
            await DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        _anvil?.Dispose();
        _anvil = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Builds, signs and sends a type-2 transaction from <see cref="Owner"/> as a relayer would: nonce from the
    /// pending count, fees from eth_feeHistory and eth_maxPriorityFeePerGas, gas estimated unless
    /// <paramref name="gasLimit"/> is given (to send one that eth_estimateGas would refuse). Waits for its receipt,
    /// which may report failure.
    /// </summary>
    public async Task<(SignedTransaction Transaction, Receipt Receipt)> SendAsync(Address? to, byte[] data, ulong? gasLimit = null)
    {
        var nonce = await Client.GetTransactionCountAsync(Owner.Address, BlockParameter.Pending);
        var history = await Client.FeeHistoryAsync(4, BlockParameter.Latest, [50]);
        var tip = await Client.MaxPriorityFeePerGasAsync();
        var gas = gasLimit ?? await Client.EstimateGasAsync(new CallRequest { From = Owner.Address, To = to, Data = data }) * 5 / 4;
        var transaction = new DynamicFeeTransaction
        {
            ChainId = ChainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = tip,
            // Room for the base fee to double before inclusion, as wallets do.
            MaxFeePerGas = 2 * history.NextBaseFeePerGas + tip,
            GasLimit = gas,
            To = to,
            Data = data,
        };
        var signed = transaction.Sign(Owner);
        var hash = await Client.SendRawTransactionAsync(signed.Encode());
        // Anvil hashes the bytes it received; the same hash proves our envelope is what it decoded.
        Assert.Equal(signed.ComputeHash(), hash);
        return (signed, await Client.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10)));
    }

    /// <summary>Calls a view function with eth_call and decodes its outputs.</summary>
    public async Task<AbiValues> CallAsync(string function, params object?[] arguments)
    {
        var abiFunction = Abi.GetFunction(function);
        var output = await Client.EthCallAsync(new CallRequest { To = Token, Data = abiFunction.EncodeCall(arguments) });
        return abiFunction.DecodeOutput(output);
    }

    public async Task<BigInteger> BalanceOfAsync(Address account) => (await CallAsync("balanceOf", account)).Get<BigInteger>(0);
}
