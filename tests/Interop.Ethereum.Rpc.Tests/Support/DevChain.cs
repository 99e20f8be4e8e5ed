using System.Numerics;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Ethereum.Rpc.Tests.Support;

/// <summary>Anvil's unlocked default accounts and helpers that transact through them (eth_sendTransaction, no signing on our side).</summary>
public static class DevChain
{
    /// <summary>Default account 0 (10000 ETH at genesis).</summary>
    public static readonly Address Account0 = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    /// <summary>Default account 1: deploys the test contracts, so account 0 keeps its genesis balance and nonce.</summary>
    public static readonly Address Deployer = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    /// <summary>Default account 2: sends the plain transfers of the tests.</summary>
    public static readonly Address Sender = Address.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    /// <summary>Sends an unsigned transaction from an unlocked account; returns its hash.</summary>
    public static Task<byte[]> SendTransactionAsync(this RpcClient client, Address from, Address? to, byte[]? data = null,
        BigInteger? value = null, BigInteger? gas = null) =>
        client.CallAsync<byte[]>("eth_sendTransaction", [new { from, to, data, value, gas }]);

    /// <summary>
    /// Sends a transaction and waits for its receipt. Even with automine, anvil answers eth_sendTransaction before
    /// the block is sealed, so a receipt read straight after the hash can be missing.
    /// </summary>
    public static async Task<Receipt> TransactAsync(this RpcClient client, Address from, Address? to, byte[]? data = null,
        BigInteger? value = null, BigInteger? gas = null)
    {
        var hash = await client.SendTransactionAsync(from, to, data, value, gas);
        return await client.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
    }

    /// <summary>Deploys <paramref name="runtime"/> (wrapped in a creation prefix) and returns the contract's address.</summary>
    public static async Task<Address> DeployAsync(this RpcClient client, byte[] runtime)
    {
        var receipt = await client.TransactAsync(Deployer, null, Bytecode.Creation(runtime));
        Assert.True(receipt.Succeeded, "deployment failed");
        return receipt.ContractAddress ?? throw new InvalidOperationException("no contract address in the deployment receipt");
    }

    public static Task MineAsync(this RpcClient client, ulong blocks = 1) =>
        client.CallAsync("anvil_mine", [new BigInteger(blocks)]);

    public static Task SetAutomineAsync(this RpcClient client, bool enabled) =>
        client.CallAsync("evm_setAutomine", [enabled]);

    public static string ToHex(this byte[] bytes) => Hex.Encode(bytes);
}
