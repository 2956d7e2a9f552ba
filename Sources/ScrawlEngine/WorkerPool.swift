import Foundation
import Synchronization

/// A fixed set of helpers that run the parallel loops, each always taking the same share of a
/// loop: helper `t` of `T` runs iterations `count * t / T ..< count * (t + 1) / T`, the calling
/// thread being helper 0.
///
/// Each helper is one long-lived work item on a Dispatch queue of its own: it keeps its Dispatch
/// thread for the life of the process, which is what gives it a fixed share (a work item per loop
/// would land on whichever thread Dispatch picks, as `concurrentPerform` does).
///
/// Why not `DispatchQueue.concurrentPerform`: it hands iterations to whichever thread asks first,
/// so the images a convolution wrote on one core are read by the next layer on the other about
/// half the time, and memory-bound layers (BatchNorm, pooling) ran slower on two threads than on
/// one (measured with `scrawl bench --only layers`). With a fixed share, a layer's input is
/// where the layer before left it. Helpers poll for a while after a job (``pollNanoseconds``),
/// so the next layer starts without a wake-up, then sleep.
final class WorkerPool: @unchecked Sendable {
    // Unchecked: `job`, `jobs` and `helpers` are plain vars, written only by the caller that
    // holds `busy` and published to helpers by the sequentially consistent store to `generation`
    // (which they load with acquire); everything else is atomic or the pthread mutex and conditions.
    /// The process-wide pool. Loops started while it is busy (from another thread) fall back to
    /// `concurrentPerform`.
    static let shared = WorkerPool()

    /// How long a thread keeps polling for the next job (or for the helpers to finish) before it
    /// sleeps. Between the layers of a training step the calling thread does serial work (small
    /// layers, the loss, allocations) for tens of microseconds; a helper that slept through such a
    /// gap costs a wake-up at the next layer. 200 µs covers those gaps on the peer CNN's training;
    /// shorter polls left helpers asleep at the next layer (the figures are in the README).
    private static let pollNanoseconds: UInt64 = 200_000

    /// Polls `done` until it holds (true) or ``pollNanoseconds`` pass (false), yielding the core now
    /// and then in case more threads than cores are running.
    private static func poll(_ done: () -> Bool) -> Bool {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while !done() {
            spins += 1
            if spins & 1023 == 0 {
                if DispatchTime.now().uptimeNanoseconds - start > pollNanoseconds { return false }
                if spins & 8191 == 0 { sched_yield() }
            }
        }
        return true
    }

    /// Bumped for each job: the job's count times 256 plus its thread count, so a helper reads
    /// both in one load.
    private let generation = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
    private let sleepingHelpers = Atomic<Int>(0)
    private let callerSleeping = Atomic<Bool>(false)
    private let busy = Atomic<Bool>(false)
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let wake: UnsafeMutablePointer<pthread_cond_t>
    private let done: UnsafeMutablePointer<pthread_cond_t>
    /// The job in progress: (thread index, thread count). Written before `generation` is bumped.
    private var job: ((Int, Int) -> Void)?
    private var jobs = 0
    /// Helper threads started so far (owned by the caller holding `busy`).
    private var helpers = 0

    private init() {
        lock = .allocate(capacity: 1); pthread_mutex_init(lock, nil)
        wake = .allocate(capacity: 1); pthread_cond_init(wake, nil)
        done = .allocate(capacity: 1); pthread_cond_init(done, nil)
    }

    /// Runs `body(t, threads)` for `t` in `0..<threads`, `t == 0` on the calling thread, and returns
    /// when all have finished; `false` (nothing run) when another thread is using the pool or
    /// `threads` is above 255.
    func run(threads: Int, _ body: (Int, Int) -> Void) -> Bool {
        guard threads < 256, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        while helpers < threads - 1 { startHelper(index: helpers + 1); helpers += 1 }
        withoutActuallyEscaping(body) { body in
            job = body
            jobs += 1
            remaining.store(threads - 1, ordering: .sequentiallyConsistent)
            generation.store(jobs << 8 | threads, ordering: .sequentiallyConsistent)
            if sleepingHelpers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(lock); pthread_cond_broadcast(wake); pthread_mutex_unlock(lock)
            }
            body(0, threads)
            waitForHelpers()
            job = nil
        }
        return true
    }

    private func waitForHelpers() {
        if WorkerPool.poll({ remaining.load(ordering: .acquiring) == 0 }) { return }
        pthread_mutex_lock(lock)
        callerSleeping.store(true, ordering: .sequentiallyConsistent)
        while remaining.load(ordering: .sequentiallyConsistent) > 0 { pthread_cond_wait(done, lock) }
        callerSleeping.store(false, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(lock)
    }

    /// Starts helper `index` as a work item that never returns, on its own serial queue (which
    /// Dispatch gives a thread of its own even when the cores are busy). It waits for the job after
    /// the last one published now.
    private func startHelper(index: Int) {
        let seen = generation.load(ordering: .acquiring)
        DispatchQueue(label: "scrawl.worker.\(index)", qos: .userInitiated).async { [self] in
            helperLoop(index: index, seen: seen)
        }
    }

    private func helperLoop(index: Int, seen: Int) -> Never {
        Parallel.markThreadAsWorker()
        var seen = seen
        while true {
            if !WorkerPool.poll({ generation.load(ordering: .acquiring) != seen }) {
                pthread_mutex_lock(lock)
                sleepingHelpers.add(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(wake, lock) }
                sleepingHelpers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(lock)
            }
            seen = generation.load(ordering: .acquiring)
            let threads = seen & 255
            guard index < threads else { continue }   // a smaller job than there are helpers
            job!(index, threads)
            if remaining.subtract(1, ordering: .sequentiallyConsistent).newValue == 0,
               callerSleeping.load(ordering: .sequentiallyConsistent) {
                pthread_mutex_lock(lock); pthread_cond_signal(done); pthread_mutex_unlock(lock)
            }
        }
    }
}
