import HTTPServer
import PolicyStore
import Synchronization
import SystemSupport

/// The current revision's policies per live stack, ready to send: `GET …/policies` is
/// answered from memory, without a database read or a re-render.
///
/// Write-through: a PUT (or restore) that creates a revision stores its entry from the bytes
/// it rendered; a read that misses fills it from the store. An entry holds the JSON
/// representation (the stored bytes put together) and, once a client asked for it, the YAML
/// stream (encoded on the first such request, then kept): each representation is encoded only
/// when asked for.
///
/// Keyed by the paths of stored stacks, checked before they get here (their names are DNS-1123
/// labels): a lookup with any other path misses, so the cached read needs no check of its own.
///
/// Bounded by bytes (``Entry/bytes``: the encodings held, the tag and the stack's path), least
/// recently used entries evicted first. Every change carries the epoch read before the
/// database call behind it; a write-through or invalidation bumps the epoch, so a fill or
/// write-through that raced with another write is dropped (and the stack's entry removed):
/// stale bytes are never stored.
final class PolicyCache: Sendable {
    /// The encoded current policies of one stack. Immutable and shared: a hit hands out one
    /// reference, not each encoding retained.
    final class Entry: Sendable {
        /// The revision number.
        let revision: Int
        /// `"sha256:<hex>"` with quotes: the strong ETag of both representations.
        let etag: String
        /// The render result JSON plus `revision`.
        let json: [UInt8]
        /// Where the canonical policy `List` sits in ``json`` (YAML is encoded from it when its
        /// typed set is not remembered).
        let policiesRange: Range<Int>
        /// The kubectl-ready YAML stream (empty when disabled); nil until asked for.
        let yaml: [UInt8]?
        /// `Content-Type`, `ETag` and `Vary` of a 200 per media type of
        /// ``ContentNegotiation/policies`` (in its order), encoded once for an entry the cache
        /// keeps (``withEncodedFields()``); empty otherwise.
        let fieldLines: [EncodedHeaderFields]

        /// An entry with both encodings given.
        init(
            revision: Int, etag: String, json: [UInt8], yaml: [UInt8]?, policiesRange: Range<Int> = 0..<0,
            fieldLines: [EncodedHeaderFields] = []
        ) {
            self.revision = revision
            self.etag = etag
            self.json = json
            self.yaml = yaml
            self.policiesRange = policiesRange
            self.fieldLines = fieldLines
        }

        /// The fields of a 200 in `type`: `Content-Type`, `ETag`, `Vary: Accept`.
        func fields(for type: MediaType) -> EncodedHeaderFields {
            let offers = ContentNegotiation.policies
            for index in fieldLines.indices where offers[index] == type { return fieldLines[index] }
            return Self.fields(type, etag)
        }

        /// This entry with the fields of every policies media type encoded, for an entry sent
        /// many times.
        func withEncodedFields() -> Entry {
            Entry(
                revision: revision, etag: etag, json: json, yaml: yaml, policiesRange: policiesRange,
                fieldLines: ContentNegotiation.policies.map { Self.fields($0, etag) })
        }

        /// This entry with its YAML stream.
        func withYAML(_ yaml: [UInt8]) -> Entry {
            Entry(
                revision: revision, etag: etag, json: json, yaml: yaml, policiesRange: policiesRange,
                fieldLines: fieldLines)
        }

        private static func fields(_ type: MediaType, _ etag: String) -> EncodedHeaderFields {
            EncodedHeaderFields(HTTPHeaders([("Content-Type", type.contentType), ("ETag", etag), ("Vary", "Accept")]))
        }

        /// The entry of a revision: its JSON representation put together from the stored
        /// bytes (`policiesJSON`, `warningsJSON`); YAML left for when it is asked for.
        convenience init(_ summary: RevisionSummary, policiesJSON: [UInt8], warningsJSON: [UInt8]) {
            let encoded = Representations.policies(summary, policiesJSON: policiesJSON, warningsJSON: warningsJSON)
            self.init(
                revision: summary.number, etag: EntityTags.policies(digest: summary.digest), json: encoded.body, yaml: nil,
                policiesRange: encoded.policies)
        }

        /// The entry of a stored revision.
        convenience init(_ revision: StoredRevision) {
            self.init(revision.summary, policiesJSON: revision.policiesJSON, warningsJSON: revision.warningsJSON)
        }

        /// The policies' digest (the tag without its quotes).
        var digest: String { String(etag.utf8.dropFirst().dropLast())! }

        /// What the entry counts against the budget: its encodings and tag, plus
        /// ``PolicyCache/entryOverhead`` for the key and bookkeeping.
        var bytes: Int {
            json.count + (yaml?.count ?? 0) + etag.utf8.count + fieldLines.reduce(0) { $0 + $1.bytes.count }
                + PolicyCache.entryOverhead
        }
    }

    private struct State {
        var entries: ByteBudgetLRU<StackPath, Entry>
        var epoch: UInt64 = 0
    }

    /// Bytes counted per entry on top of its encodings (stack path, dictionary and list slots).
    static let entryOverhead = 256

    private let state: Mutex<State>
    /// The most bytes the entries may add up to.
    let budget: Int

    /// A cache holding at most `budget` bytes of entries (default 64 MiB).
    init(budget: Int = 64 << 20) {
        self.budget = max(1, budget)
        state = Mutex(State(entries: ByteBudgetLRU(budget: budget)))
    }

    /// The cached entry of a stack (now the most recently used).
    func entry(_ stack: StackPath) -> Entry? {
        state.withLock { $0.entries.value(stack) }
    }

    /// The epoch to pass to `fill` or `writeThrough` (read it before the database call).
    func currentEpoch() -> UInt64 {
        state.withLock { $0.epoch }
    }

    /// Stores an entry read at `epoch`, unless a write changed anything since; evicts the
    /// least recently used entries past the budget (an entry larger than the budget is not kept).
    func fill(_ stack: StackPath, _ entry: Entry, epoch: UInt64) {
        let entry = entry.withEncodedFields()
        state.withLock { state in
            guard state.epoch == epoch else { return }
            state.entries.insert(stack, entry, bytes: entry.bytes)
        }
    }

    /// After a committed write that made a new revision current: stores its entry when no
    /// other write happened since `epoch` (read before the write), else drops the stack's entry
    /// (which write is current is then the store's to say); bars concurrent fills either way.
    func writeThrough(_ stack: StackPath, _ entry: Entry, epoch: UInt64) {
        let entry = entry.withEncodedFields()
        state.withLock { state in
            if state.epoch == epoch {
                state.entries.insert(stack, entry, bytes: entry.bytes)
            } else {
                state.entries.remove(stack)
            }
            state.epoch &+= 1
        }
    }

    /// Keeps the YAML encoding of the stack's entry for `revision`, if that entry is still the
    /// cached one.
    func attachYAML(_ stack: StackPath, revision: Int, _ yaml: [UInt8]) {
        state.withLock { state in
            guard let entry = state.entries.value(stack), entry.revision == revision, entry.yaml == nil else { return }
            let withYAML = entry.withYAML(yaml)
            state.entries.insert(stack, withYAML, bytes: withYAML.bytes)
        }
    }

    /// Drops a stack's entry after a committed write (and bars concurrent fills).
    func invalidate(_ stack: StackPath) {
        state.withLock { state in
            state.epoch &+= 1
            state.entries.remove(stack)
        }
    }

    /// The number of cached stacks.
    var count: Int { state.withLock { $0.entries.count } }

    /// The bytes the cached entries count against the budget.
    var bytes: Int { state.withLock { $0.entries.bytes } }
}
