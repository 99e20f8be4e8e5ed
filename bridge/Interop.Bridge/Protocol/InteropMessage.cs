using Interop.Ethereum;
using System.Buffers.Binary;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Bridge.Protocol;

/// <summary>
/// A protocol v1 message, packed big-endian:
/// <c>version u8 | nonce u64 | origin u32 | sender b32 | destination u32 | recipient b32 | gasLimit u32 | body</c>.
/// Its id is the Keccak-256 of that encoding; the nonce is also its leaf index in the origin Merkle tree.
/// </summary>
public sealed record InteropMessage
{
    /// <summary>The only protocol version this node speaks.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>Bytes before the body.</summary>
    public const int HeaderLength = 1 + 8 + 4 + 32 + 4 + 32 + 4;

    public required byte Version { get; init; }
    public required ulong Nonce { get; init; }
    public required uint Origin { get; init; }
    public required Bytes32 Sender { get; init; }
    public required uint Destination { get; init; }
    public required Bytes32 Recipient { get; init; }
    public required uint GasLimit { get; init; }
    public required byte[] Body { get; init; }

    /// <summary>keccak256 of the packed encoding.</summary>
    public Bytes32 Id => new(Keccak256.Hash(Encode()));

    /// <summary>The packed encoding that the origin mailbox emits and the destination mailbox parses.</summary>
    public byte[] Encode()
    {
        var buffer = new byte[HeaderLength + Body.Length];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], Nonce);
        BinaryPrimitives.WriteUInt32BigEndian(span[9..], Origin);
        Sender.Span.CopyTo(span[13..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[45..], Destination);
        Recipient.Span.CopyTo(span[49..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[81..], GasLimit);
        Body.CopyTo(span[HeaderLength..]);
        return buffer;
    }

    /// <summary>Parses the packed encoding.</summary>
    /// <exception cref="FormatException">Shorter than the header or an unknown version.</exception>
    public static InteropMessage Decode(ReadOnlySpan<byte> packed)
    {
        if (packed.Length < HeaderLength)
            throw new FormatException($"a message is at least {HeaderLength} bytes, got {packed.Length}");
        if (packed[0] != CurrentVersion)
            throw new FormatException($"unsupported message version {packed[0]} (this node speaks version {CurrentVersion})");
        return new InteropMessage
        {
            Version = packed[0],
            Nonce = BinaryPrimitives.ReadUInt64BigEndian(packed[1..]),
            Origin = BinaryPrimitives.ReadUInt32BigEndian(packed[9..]),
            Sender = new Bytes32(packed[13..45]),
            Destination = BinaryPrimitives.ReadUInt32BigEndian(packed[45..]),
            Recipient = new Bytes32(packed[49..81]),
            GasLimit = BinaryPrimitives.ReadUInt32BigEndian(packed[81..]),
            Body = packed[HeaderLength..].ToArray(),
        };
    }

    public bool Equals(InteropMessage? other) => other is not null && Encode().AsSpan().SequenceEqual(other.Encode());

    public override int GetHashCode() => HashCode.Combine(Nonce, Origin, Destination);

    public override string ToString() => $"message {Id} ({Origin}->{Destination} nonce {Nonce})";
}
