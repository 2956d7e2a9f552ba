import Foundation
import Synchronization
import XCTest
@testable import ScrawlEngine

final class WorkerPoolTests: XCTestCase {
    /// Runs `Parallel.forEach(count)` and returns how often each iteration ran and on which thread.
    private func record(_ count: Int) -> (runs: [Int], threads: [pthread_t]) {
        let runs = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: count)
        let threads = UnsafeMutablePointer<pthread_t>.allocate(capacity: count)
        defer { runs.deallocate(); threads.deallocate() }
        for i in 0 ..< count { (runs + i).initialize(to: Atomic(0)) }
        Parallel.forEach(count) { i in
            runs[i].add(1, ordering: .relaxed)
            threads[i] = pthread_self()
        }
        return ((0 ..< count).map { runs[$0].load(ordering: .relaxed) }, (0 ..< count).map { threads[$0] })
    }

    func testEveryIterationRunsOnceInContiguousSharesPerThread() {
        for threads in [1, 2, 3, 4] {
            for count in [1, 2, 7, 64] {
                let (runs, ids) = Parallel.withThreads(threads) { record(count) }
                XCTAssertEqual(runs, [Int](repeating: 1, count: count), "\(threads) threads, \(count) iterations")
                // Thread t of T takes iterations count*t/T ..< count*(t+1)/T; the caller takes the first share.
                let parts = min(threads, count)
                for t in 0 ..< parts {
                    let share = count * t / parts ..< count * (t + 1) / parts
                    XCTAssertTrue(share.allSatisfy { pthread_equal(ids[$0], ids[share.lowerBound]) != 0 }, "share \(t)")
                    if t > 0 { XCTAssertEqual(pthread_equal(ids[share.lowerBound], ids[0]), 0, "share \(t) on a helper") }
                }
                XCTAssertNotEqual(pthread_equal(ids[0], pthread_self()), 0, "the caller runs the first share")
            }
        }
    }

    func testUnevenItemsEachRunOnceWhateverTheirCost() {
        for threads in [1, 2, 3] {
            for count in [0, 1, 5, 64] {
                let runs = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: max(1, count))
                defer { runs.deallocate() }
                for i in 0 ..< count { (runs + i).initialize(to: Atomic(0)) }
                Parallel.withThreads(threads) {
                    Parallel.forEachUneven(count) { i in
                        if i % 7 == 0 { usleep(200) }   // a few items far dearer than the rest
                        runs[i].add(1, ordering: .relaxed)
                    }
                }
                XCTAssertEqual((0 ..< count).map { runs[$0].load(ordering: .relaxed) }, [Int](repeating: 1, count: count),
                               "\(threads) threads, \(count) items")
            }
        }
    }

    func testTheSameShareGoesToTheSameThreadEveryTime() {
        let first = Parallel.withThreads(2) { record(8).threads }
        for _ in 0 ..< 20 {
            let again = Parallel.withThreads(2) { record(8).threads }
            XCTAssertTrue((0 ..< 8).allSatisfy { pthread_equal(first[$0], again[$0]) != 0 })
        }
        // After the helpers have gone to sleep too.
        usleep(5000)
        let late = Parallel.withThreads(2) { record(8).threads }
        XCTAssertTrue((0 ..< 8).allSatisfy { pthread_equal(first[$0], late[$0]) != 0 })
    }

    func testLoopsFromSeveralThreadsAtOnceAndNestedLoopsAllFinish() {
        let total = Atomic<Int>(0)
        // Four threads start loops at once: one gets the pool, the others fall back; each
        // iteration starts a nested loop, which runs inline.
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            Parallel.withThreads(2) {
                for _ in 0 ..< 50 {
                    Parallel.forEach(6) { _ in
                        Parallel.forEach(3) { _ in total.add(1, ordering: .relaxed) }
                    }
                }
            }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 4 * 50 * 6 * 3)
    }
}
