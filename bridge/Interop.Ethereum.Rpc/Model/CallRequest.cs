using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Rpc.Json;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>A transaction to simulate with eth_call or eth_estimateGas; every field is optional except what the call needs.</summary>
public sealed record CallRequest
{
    public Address? From { get; init; }

    /// <summary>The callee; null simulates a contract creation with <see cref="Data"/> as init code.</summary>
    public Address? To { get; init; }

    public ulong? Gas { get; init; }
    public BigInteger? GasPrice { get; init; }
    public BigInteger? MaxFeePerGas { get; init; }
    public BigInteger? MaxPriorityFeePerGas { get; init; }
    public BigInteger? Value { get; init; }
    public ulong? Nonce { get; init; }

    /// <summary>Calldata (sent as "data", which every client accepts; "input" is newer).</summary>
    public byte[]? Data { get; init; }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteAddress("from", From);
        writer.WriteAddress("to", To);
        writer.WriteQuantity("gas", Gas);
        writer.WriteQuantity("gasPrice", GasPrice);
        writer.WriteQuantity("maxFeePerGas", MaxFeePerGas);
        writer.WriteQuantity("maxPriorityFeePerGas", MaxPriorityFeePerGas);
        writer.WriteQuantity("value", Value);
        writer.WriteQuantity("nonce", Nonce);
        if (Data is not null)
        {
            writer.WritePropertyName("data");
            writer.WriteData(Data);
        }
        writer.WriteEndObject();
    }
}
