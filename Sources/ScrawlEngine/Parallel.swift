import Dispatch
import Foundation
import Synchronization

/// How many threads the kernels split their work across, and the loops that split it.
///
/// The thread count is a task-local value: ``defaultThreads`` (the active cores, or
/// `SCRAWL_THREADS` when set) unless a caller runs its work inside ``withThreads(_:_:)``, which
/// sets it for that work only, on the calling thread and in the tasks it starts. Tests use 1 to
/// check that the parallel path gives the same answer; `--threads` sets it for a command.
public enum Parallel {
    /// The thread count when no caller has set one: `SCRAWL_THREADS`, else the active cores.
    public static let defaultThreads: Int = {
        if let text = ProcessInfo.processInfo.environment["SCRAWL_THREADS"], let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// The thread count in force for the current work.
    @TaskLocal public static var threads: Int = defaultThreads

    /// Runs `body` with kernels split across `count` threads (at least 1).
    public static func withThreads<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        try $threads.withValue(max(1, count), operation: body)
    }

    /// Below this many element-operations, work is not split across threads.
    public static let minimumWork = 1 << 15

    /// Runs `body(i)` for `i` in `0..<count`, spread over `threads` threads, each always taking
    /// the same contiguous share (``WorkerPool``). Called from inside another parallel loop (whole
    /// images per thread running whole layers), it runs on the calling thread: the threads are
    /// already busy.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if count == 1 || isNested || threads == 1 {
            for i in 0 ..< count { body(i) }
            return
        }
        let ran = WorkerPool.shared.run(threads: min(threads, count)) { t, parts in
            let outer = isNested
            isNested = true
            for i in count * t / parts ..< count * (t + 1) / parts { body(i) }
            isNested = outer
        }
        if ran { return }
        withoutActuallyEscaping(body) { body in
            let loop = ConcurrentBody(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let outer = isNested
                isNested = true
                loop.body(i)
                isNested = outer
            }
        }
    }

    /// Runs `body(i)` for `i` in `0..<count` on up to ``threads`` threads, each taking the next
    /// item as soon as it is done with one. For items each worth a thread whose costs differ (a
    /// training example drawn as a saved picture costs several drawn from strokes), where a fixed
    /// share leaves a thread idle at the end. Kernels keep ``forEach(_:_:)``'s fixed shares, which
    /// leave a layer's data on the core that wrote it; `body` here must not care which thread runs it.
    public static func forEachUneven(_ count: Int, _ body: (Int) -> Void) {
        let next = Atomic<Int>(0)
        forEach(min(threads, count)) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                body(i)
            }
        }
    }

    /// A loop body handed to `concurrentPerform`. Unchecked because running it on several threads
    /// at once is the point: every caller gives each iteration its own part of the memory.
    private struct ConcurrentBody: @unchecked Sendable {
        let body: (Int) -> Void
        init(_ body: @escaping (Int) -> Void) { self.body = body }
    }

    /// Marks the calling thread, a pool helper, as always inside a parallel loop.
    static func markThreadAsWorker() { isNested = true }

    /// Whether the current thread is running an iteration of a parallel loop.
    private static var isNested: Bool {
        get { pthread_getspecific(nestingKey) != nil }
        set { pthread_setspecific(nestingKey, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }

    private static let nestingKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// `[transform(0), ..., transform(count - 1)]`, made in chunks on the worker threads
    /// (`cost` as for ``forChunks(_:granule:cost:_:)``; `minimumWork` for items worth a thread each).
    public static func map<T>(_ count: Int, cost: Int = 1, _ transform: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                forChunks(count, cost: cost) { range in
                    for i in range { (base + i).initialize(to: transform(i)) }
                }
            }
            initialized = count
        }
    }

    /// Splits `0..<total` into at most `threads` contiguous chunks (each a multiple of `granule`
    /// where possible) and runs `body(range)` for each in parallel. Work of fewer than
    /// `minimumWork` units (elements times `cost`) runs on the calling thread: waking another
    /// thread costs more than it saves (measured: single-image latency). Items that are each worth a
    /// thread (whole images) pass `cost: minimumWork`.
    @inlinable
    public static func forChunks(_ total: Int, granule: Int = 1, cost: Int = 1, _ body: (Range<Int>) -> Void) {
        if total <= 0 { return }
        if total * cost < minimumWork { body(0 ..< total); return }
        let units = (total + granule - 1) / granule
        let parts = min(threads, units)
        if parts <= 1 { body(0 ..< total); return }
        forEach(parts) { p in
            let lo = min(total, (units * p / parts) * granule)
            let hi = min(total, (units * (p + 1) / parts) * granule)
            if lo < hi { body(lo ..< hi) }
        }
    }
}
