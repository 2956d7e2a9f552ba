import Foundation
import XCTest
import ScrawlRecognition
import ScrawlTestSupport

/// Draw, recognize and clear many times in one session of the real window: memory stays flat
/// (no leak of surfaces, GObjects or Swift boxes per drawing). The 1,000-cycle figure in README
/// comes from `SCRAWL_SOAK_CYCLES=1000`; the suite runs 150.
final class SoakTests: DesktopTestCase {
    func residentMiB(_ pid: pid_t) throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kib = try XCTUnwrap(Double(line.split(separator: " ").dropFirst().first ?? ""))
        return kib / 1024
    }

    func testDrawingAndClearingManyTimesKeepsMemoryFlat() throws {
        let cycles = Int(ProcessInfo.processInfo.environment["SCRAWL_SOAK_CYCLES"] ?? "") ?? 150
        let warmUp = 30
        let app = try session.launch()
        let window = try XCTUnwrap(session.windowID(named: "^Scrawl$"))
        let o = try session.origin(of: window)
        var start = 0.0
        let began = Date()
        for cycle in 0 ..< cycles {
            // A "1" or a "7", in one xdotool call: press, move, release; then wait until it is recorded.
            let x = o.x + 250 + (cycle % 5) * 10, y = o.y + 200
            var points = [(x, y)]
            if cycle % 2 == 1 { points.append((x + 120, y)) }
            for step in 1 ... 6 { points.append((x + (cycle % 2) * (120 - step * 15), y + step * 45)) }
            try session.quickDrag(points)
            try session.waitUntil("drawing \(cycle + 1) is recorded", timeout: 15) {
                try self.history().count == cycle + 1
            }
            if cycle == cycles - 1 { try session.screenshot(to: shots + "/soak-last-drawing.png") }
            try session.xdotool(["key", "Delete"])
            if cycle + 1 == warmUp { start = try residentMiB(app.pid) }
        }
        let end = try residentMiB(app.pid)
        print(String(format: "soak: %d draw-recognize-clear cycles in %.0f s, RSS %.1f MiB after %d, %.1f MiB at the end",
                     cycles, Date().timeIntervalSince(began), start, warmUp, end))
        // A leaked 560x560 surface per drawing alone would add 1.2 MiB a cycle.
        XCTAssertLessThan(end - start, 30, "memory grows with every drawing: \(start) -> \(end) MiB")
        try session.key("ctrl+q")
        try session.waitUntil("the app exits", timeout: 10) { !app.isRunning }
    }
}
