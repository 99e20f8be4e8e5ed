using System.Globalization;

namespace Interop.Relayers.Claiming;

/// <summary>What a read of a TokenBridge hold (<c>holds(holdId)</c> and the destination's latest block time) decides.</summary>
public enum HoldClaimDecision
{
    /// <summary>Nothing to send now: not mature on the chain's clock, a claim is with the TxSender, or a failed one is not due again.</summary>
    Wait,

    /// <summary>Send <c>claim(holdId)</c> now under <see cref="HoldClaim.RequestId"/>.</summary>
    Claim,

    /// <summary>The hold is gone (claimed by us or anyone): nothing more to do for it.</summary>
    Finished,
}

/// <summary>
/// The claim of one TokenBridge hold (pure, no Akka; used by the relayer network's <see cref="HoldClaimerActor"/> and the
/// filler's rebalancer): when to read the hold, when to claim it, and under which request id. The request ids are stable
/// (<c>{base}</c>, then <c>{base}:{attempt}</c> after each failed claim), so a TxSender (idempotent by request id) never
/// sends a claim twice for one attempt, also after a restart. A claim is sent only when the hold is still there and the
/// chain's time is at or past its release; a failed claim (someone claimed first: UnknownHold; the route is cursed) is
/// retried only after the hold was read again, no sooner than the retry delay, and a hold read as gone is finished.
/// </summary>
public sealed class HoldClaim(string requestIdBase)
{
    /// <summary>The request id of the first attempt (e.g. <c>claim:902:0xbridge:7</c>).</summary>
    public string RequestIdBase { get; } = !string.IsNullOrEmpty(requestIdBase) ? requestIdBase : throw new ArgumentException("a request id base is required", nameof(requestIdBase));

    /// <summary>Failed claims so far; the current attempt's number.</summary>
    public int Attempt { get; private set; }

    /// <summary>A claim is with the TxSender (sent, no outcome yet).</summary>
    public bool Pending { get; private set; }

    /// <summary>Our claim was mined and succeeded.</summary>
    public bool Claimed { get; private set; }

    /// <summary>The hold was read as gone (claimed by anyone).</summary>
    public bool Gone { get; private set; }

    /// <summary>No read and no claim before this (after a failed claim).</summary>
    public DateTimeOffset NotBefore { get; private set; } = DateTimeOffset.MinValue;

    public bool IsFinished => Claimed || Gone;

    /// <summary>The request id of the current attempt: <c>{base}</c>, then <c>{base}:{attempt}</c>.</summary>
    public string RequestId => RequestIdFor(RequestIdBase, Attempt);

    public static string RequestIdFor(string requestIdBase, int attempt) =>
        attempt == 0 ? requestIdBase : string.Create(CultureInfo.InvariantCulture, $"{requestIdBase}:{attempt}");

    /// <summary>Whether the hold should be read now: not finished, no claim with the TxSender, and not inside a retry delay.</summary>
    public bool ShouldRead(DateTimeOffset now) => !IsFinished && !Pending && now >= NotBefore;

    /// <summary>
    /// Decides from a read of the hold: gone -> <see cref="HoldClaimDecision.Finished"/>; there and the chain's latest block time
    /// (<paramref name="headTime"/>, unix seconds) at or past <paramref name="releaseAt"/> -> <see cref="HoldClaimDecision.Claim"/>
    /// (the claim is then pending); otherwise wait. A read taken while it should not be read decides nothing.
    /// </summary>
    public HoldClaimDecision Decide(bool present, ulong headTime, ulong releaseAt, DateTimeOffset now)
    {
        if (IsFinished) return HoldClaimDecision.Finished;
        if (!ShouldRead(now)) return HoldClaimDecision.Wait;
        if (!present)
        {
            Gone = true;
            return HoldClaimDecision.Finished;
        }
        if (headTime < releaseAt) return HoldClaimDecision.Wait;
        Pending = true;
        return HoldClaimDecision.Claim;
    }

    /// <summary>Whether <paramref name="requestId"/> is the outcome of the claim now with the TxSender (older attempts' outcomes are stale).</summary>
    public bool IsCurrent(string requestId) => Pending && string.Equals(requestId, RequestId, StringComparison.Ordinal);

    /// <summary>The claim was mined and succeeded: finished.</summary>
    public void Succeeded()
    {
        Pending = false;
        Claimed = true;
    }

    /// <summary>The claim failed or reverted: the next attempt, after the hold is read again no sooner than <paramref name="retryAfter"/>.</summary>
    public void Failed(DateTimeOffset now, TimeSpan retryAfter)
    {
        Pending = false;
        Attempt++;
        NotBefore = now + retryAfter;
    }
}
