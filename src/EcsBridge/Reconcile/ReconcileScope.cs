using System.Collections;

namespace EcsBridge.Reconcile;

/// <summary>The logging scope of one reconcile: structured for JSON logs, readable in text logs.</summary>
internal sealed class ReconcileScope(string controller, string key, string reconcileId) : IReadOnlyList<KeyValuePair<string, object>>
{
    private readonly KeyValuePair<string, object>[] _items =
    [
        new("controller", controller), new("key", key), new("reconcileId", reconcileId),
    ];

    public KeyValuePair<string, object> this[int index] => _items[index];

    public int Count => _items.Length;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => $"{controller} {key} reconcileId={reconcileId}";
}
