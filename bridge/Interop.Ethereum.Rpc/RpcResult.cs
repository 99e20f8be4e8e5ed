using System.Runtime.ExceptionServices;
using Interop.Ethereum.Rpc.Errors;

namespace Interop.Ethereum.Rpc;

/// <summary>The outcome of one item of a batch: a value or the item's own error.</summary>
public readonly struct RpcResult<T>
{
    private readonly T? _value;

    private RpcResult(T? value, RpcException? error)
    {
        _value = value;
        Error = error;
    }

    public static RpcResult<T> Success(T value) => new(value, null);

    public static RpcResult<T> Failure(RpcException error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>The item's error, or null on success.</summary>
    public RpcException? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>The value; throws the item's <see cref="RpcException"/> when it failed.</summary>
    public T Value
    {
        get
        {
            if (Error is not null) ExceptionDispatchInfo.Throw(Error);
            return _value!;
        }
    }

    public override string ToString() => Error is null ? $"Success({_value})" : $"Failure({Error.Message})";
}
