using System.Text.Json;
using Interop.Ethereum.Rpc.Json;

namespace Interop.Ethereum.Rpc;

/// <summary>
/// One JSON-RPC call ready to send: the method and its "params" array, serialized once so that failover can resend
/// the same bytes to another endpoint.
/// </summary>
public class RpcRequest
{
    /// <summary>A request whose params are already a JSON array (UTF-8).</summary>
    public RpcRequest(string method, ReadOnlyMemory<byte> paramsJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        Method = method;
        ParamsJson = paramsJson;
    }

    /// <summary>The JSON-RPC method name, e.g. "eth_getLogs".</summary>
    public string Method { get; }

    /// <summary>The "params" member: a UTF-8 JSON array.</summary>
    public ReadOnlyMemory<byte> ParamsJson { get; }

    /// <summary>
    /// A request with ad-hoc parameters (for anvil_/evm_/debug_ methods), serialized with Ethereum encodings:
    /// byte[] as 0x-hex, BigInteger as a hex quantity, <see cref="Address"/> as hex, ulong as a JSON number,
    /// anonymous objects and dictionaries as JSON objects with camelCase names.
    /// </summary>
    public static RpcRequest<T> Create<T>(string method, IReadOnlyList<object?>? parameters = null) =>
        new(method, SerializeParams(parameters), result => result.Deserialize<T>(RpcJson.Options)!);

    internal static byte[] SerializeParams(IReadOnlyList<object?>? parameters) =>
        parameters is null || parameters.Count == 0
            ? JsonParams.Empty
            : JsonSerializer.SerializeToUtf8Bytes(parameters.ToArray(), RpcJson.Options);

    public override string ToString() => Method;
}

/// <summary>A JSON-RPC call that knows how to read its result into <typeparamref name="T"/>.</summary>
public sealed class RpcRequest<T> : RpcRequest
{
    private readonly Func<JsonElement, T> _parse;

    /// <summary>A request with pre-serialized params and a parser for the "result" member.</summary>
    public RpcRequest(string method, ReadOnlyMemory<byte> paramsJson, Func<JsonElement, T> parse) : base(method, paramsJson)
    {
        ArgumentNullException.ThrowIfNull(parse);
        _parse = parse;
    }

    /// <summary>Reads the "result" member; throws <see cref="Errors.RpcResponseFormatException"/> naming the method and endpoint when it has the wrong shape.</summary>
    public T ParseResult(RpcResponse response)
    {
        try
        {
            return _parse(response.Result);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or OverflowException or ArgumentException or NotSupportedException)
        {
            throw new Errors.RpcResponseFormatException(Method, response.Endpoint, e.Message, e);
        }
    }
}

/// <summary>The "result" of a successful JSON-RPC call and the (redacted) endpoint that answered it.</summary>
/// <param name="Result">The result value, detached from the response document so it outlives it.</param>
/// <param name="Endpoint">The redacted endpoint name.</param>
public readonly record struct RpcResponse(JsonElement Result, string Endpoint);
