using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rlp;

namespace Interop.Ethereum.Transactions;

/// <summary>One EIP-2930 access-list entry: an address and the 32-byte storage keys the transaction will touch.</summary>
public sealed record AccessListItem
{
    /// <summary>An entry for <paramref name="address"/>; each storage key is copied and must be 32 bytes.</summary>
    public AccessListItem(Address address, params IEnumerable<byte[]> storageKeys)
    {
        ArgumentNullException.ThrowIfNull(storageKeys);
        var keys = ImmutableArray.CreateBuilder<byte[]>();
        foreach (var key in storageKeys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(storageKeys));
            if (key.Length != 32)
                throw new ArgumentException($"storage key {keys.Count} of {address} must be 32 bytes, got {key.Length}", nameof(storageKeys));
            keys.Add(key.ToArray());
        }
        Address = address;
        StorageKeys = keys.ToImmutable();
    }

    public Address Address { get; }

    /// <summary>The 32-byte storage keys. The arrays are this entry's own copies: do not modify them.</summary>
    public ImmutableArray<byte[]> StorageKeys { get; }

    public bool Equals(AccessListItem? other)
    {
        if (other is null || other.Address != Address || other.StorageKeys.Length != StorageKeys.Length) return false;
        for (var i = 0; i < StorageKeys.Length; i++)
            if (!StorageKeys[i].AsSpan().SequenceEqual(other.StorageKeys[i])) return false;
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Address, StorageKeys.Length);

    public override string ToString() =>
        $"{Address} [{string.Join(", ", StorageKeys.Select(k => Hex.Encode(k)))}]";

    internal RlpList ToRlp()
    {
        var keys = new RlpItem[StorageKeys.Length];
        for (var i = 0; i < keys.Length; i++) keys[i] = new RlpString(StorageKeys[i]);
        return new RlpList(RlpString.FromAddress(Address), new RlpList(keys));
    }

    internal static AccessListItem FromRlp(RlpItem item, int index)
    {
        var fields = item.AsList($"access list entry {index}").RequireCount(2, $"access list entry {index}");
        var address = fields[0].AsString($"access list entry {index} address").ToAddress($"access list entry {index} address");
        var keyItems = fields[1].AsList($"access list entry {index} storage keys");
        var keys = new byte[keyItems.Count][];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keyItems[i].AsString($"access list entry {index} storage key {i}");
            if (key.Length != 32)
                throw new FormatException($"access list entry {index} storage key {i} must be 32 bytes, got {key.Length}");
            keys[i] = key.ToArray();
        }
        return new AccessListItem(address, keys);
    }
}

/// <summary>An EIP-2930 access list: immutable, compared by value, writable as a collection expression.</summary>
[CollectionBuilder(typeof(AccessList), nameof(Create))]
public sealed class AccessList : IReadOnlyList<AccessListItem>, IEquatable<AccessList>
{
    /// <summary>The empty access list.</summary>
    public static readonly AccessList Empty = new(ImmutableArray<AccessListItem>.Empty);

    private readonly ImmutableArray<AccessListItem> _items;

    private AccessList(ImmutableArray<AccessListItem> items) => _items = items;

    /// <summary>An access list of the given entries (used by collection expressions).</summary>
    public static AccessList Create(ReadOnlySpan<AccessListItem> items)
    {
        if (items.IsEmpty) return Empty;
        foreach (var item in items) ArgumentNullException.ThrowIfNull(item, nameof(items));
        return new AccessList(ImmutableArray.Create(items));
    }

    /// <summary>An access list of the given entries.</summary>
    public static AccessList Create(IEnumerable<AccessListItem> items) =>
        Create([.. items ?? throw new ArgumentNullException(nameof(items))]);

    public int Count => _items.Length;

    public AccessListItem this[int index] => _items[index];

    public ImmutableArray<AccessListItem>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<AccessListItem> IEnumerable<AccessListItem>.GetEnumerator() => ((IEnumerable<AccessListItem>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    public bool Equals(AccessList? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as AccessList);

    public override int GetHashCode() => _items.Length == 0 ? 0 : HashCode.Combine(_items.Length, _items[0]);

    public override string ToString() => $"[{string.Join("; ", _items)}]";

    internal RlpList ToRlp()
    {
        var entries = new RlpItem[_items.Length];
        for (var i = 0; i < entries.Length; i++) entries[i] = _items[i].ToRlp();
        return new RlpList(entries);
    }

    internal static AccessList FromRlp(RlpItem item)
    {
        var entries = item.AsList("access list");
        var items = new AccessListItem[entries.Count];
        for (var i = 0; i < items.Length; i++) items[i] = AccessListItem.FromRlp(entries[i], i);
        return Create(items);
    }
}
