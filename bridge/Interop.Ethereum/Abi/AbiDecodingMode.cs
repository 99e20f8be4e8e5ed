namespace Interop.Ethereum.Abi;

/// <summary>How much non-canonical encoding the decoder tolerates.</summary>
public enum AbiDecodingMode
{
    /// <summary>
    /// What Solidity's own decoder accepts: every offset and length must stay inside the data and every value must be
    /// clean (no dirty high bits in addresses, bools, small integers; no bytes after a bytesN), but offsets may leave
    /// gaps, tails may be unpadded and trailing bytes are ignored.
    /// </summary>
    Standard,

    /// <summary>
    /// Only the canonical encoding the specification's strict mode (and every Solidity encoder) produces: tails exactly
    /// where expected with no gaps or overlaps, zero padding after bytes and strings, and no trailing data.
    /// </summary>
    Strict,
}
