using System.Collections.Concurrent;
using Akka.Actor;

namespace Interop.Relayers.Tests.Support;

/// <summary>Records every message of type <typeparamref name="T"/> published on an actor system's event stream.</summary>
public sealed class EventTap<T> where T : class
{
    private readonly ConcurrentQueue<T> _seen = new();
    private readonly TaskCompletionSource<T> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<T, bool> _filter;

    private EventTap(Func<T, bool> filter) => _filter = filter;

    public IReadOnlyCollection<T> Seen => _seen;

    /// <summary>The first matching message.</summary>
    public Task<T> First => _first.Task;

    public static EventTap<T> Attach(ActorSystem system, Func<T, bool>? filter = null)
    {
        var tap = new EventTap<T>(filter ?? (_ => true));
        var actor = system.ActorOf(Props.Create(() => new TapActor(tap)));
        system.EventStream.Subscribe(actor, typeof(T));
        return tap;
    }

    private void Add(T message)
    {
        if (!_filter(message)) return;
        _seen.Enqueue(message);
        _first.TrySetResult(message);
    }

    private sealed class TapActor : ReceiveActor
    {
        public TapActor(EventTap<T> tap) => Receive<T>(tap.Add);
    }
}
