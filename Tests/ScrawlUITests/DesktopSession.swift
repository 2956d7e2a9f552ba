import Foundation
import ScrawlCLI
import XCTest
import ScrawlTestSupport

/// A private X display (Xvfb) with a D-Bus session, a scratch home folder, and the Scrawl window
/// in it, driven with xdotool as a person would: real mouse drags and key presses.
final class DesktopSession {
    let display: String
    let home: String
    let dataFolder: String
    let pictures: String
    private var xvfb: Subprocess?
    private var busPID: pid_t?
    /// The private session bus (single-instance checks go through it).
    private(set) var busAddress = ""
    private(set) var app: Subprocess?

    init() throws {
        for tool in ["/usr/bin/Xvfb", "/usr/bin/xdotool", "/usr/bin/dbus-daemon", "/usr/bin/import"] {
            guard FileManager.default.isExecutableFile(atPath: tool) else {
                throw XCTSkip("\(tool) is missing: run the UI tests through ./meson-helper.sh test, which installs it")
            }
        }
        home = try ScrawlProcess.temporaryFolder("scrawl-ui")
        dataFolder = home + "/data"
        pictures = home + "/Pictures"
        try FileManager.default.createDirectory(atPath: pictures, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/config", withIntermediateDirectories: true)
        try "XDG_PICTURES_DIR=\"$HOME/Pictures\"\n".write(toFile: home + "/config/user-dirs.dirs", atomically: true, encoding: .utf8)
        var number = 90 + Int(getpid() % 100)
        while FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)") { number += 1 }
        display = ":\(number)"
        // -noreset: by default Xvfb resets when its last client leaves (here the xdotool probe
        // below), and a reset drops any client that connected meanwhile; the app then fails with
        // "cannot open display" (xorg/xserver issue 1102).
        xvfb = try Subprocess("/usr/bin/Xvfb", [display, "-screen", "0", "1280x900x24", "-nolisten", "tcp", "-noreset"])
        try waitUntil("Xvfb \(display) is up", timeout: 10) { FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)") }
        // The socket appears before the server takes clients; an app started in between cannot
        // open the display and never shows a window.
        try waitUntil("Xvfb \(display) answers", timeout: 10) {
            (try? Subprocess.run("/usr/bin/xdotool", ["getdisplaygeometry"], environment: ["DISPLAY": display]).status) == 0
        }
        let bus = try Subprocess.run("/usr/bin/dbus-daemon", ["--session", "--fork", "--print-address=1", "--print-pid=1"])
        let lines = bus.output.split(separator: "\n").map(String.init)
        guard bus.status == 0, lines.count >= 2, let pid = pid_t(lines[1]) else { throw XCTSkip("could not start a D-Bus session: \(bus.output)") }
        busAddress = lines[0]
        busPID = pid
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["DISPLAY"] = display
        env["HOME"] = home
        env["XDG_DATA_HOME"] = dataFolder
        env["XDG_CONFIG_HOME"] = home + "/config"
        env["GDK_BACKEND"] = "x11"
        env["GSETTINGS_BACKEND"] = "memory"
        env["NO_AT_BRIDGE"] = "1"
        env["GTK_A11Y"] = "none"
        // English unless a test asks otherwise: windows are found by their titles.
        for key in env.keys where key.hasPrefix("LC_") || key == "LANGUAGE" { env.removeValue(forKey: key) }
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "WAYLAND_DISPLAY")
        env["DBUS_SESSION_BUS_ADDRESS"] = busAddress
        return env
    }

    /// Starts `scrawl` on the private display and bus, and waits for its window; `locale` adds or
    /// (with an empty value) removes variables such as `LANG`.
    func launch(_ arguments: [String] = [], locale: [String: String] = [:]) throws -> Subprocess {
        try launch(try ScrawlProcess.binary(), arguments, environment: environment.merging(locale) { $1 }.filter { !$0.value.isEmpty })
    }

    /// Starts `executable` (which shows Scrawl's window: the app, or a script that runs it) with
    /// `environment`, and waits up to `timeout` seconds for the window.
    ///
    /// One that quits before its window shows is started once more, its error output printed:
    /// in CI a first start on a fresh display has now and then exited at once with status 1. A
    /// second early exit fails the test with that output.
    func launch(_ executable: String, _ arguments: [String], environment env: [String: String], timeout: Double = 40) throws -> Subprocess {
        for attempt in 1 ... 2 {
            let log = home + "/scrawl-stderr-\(UUID().uuidString).log"
            let p = try Subprocess(executable, arguments, environment: env, errorPath: log)
            app = p
            do {
                // Generous: a slow first start on a loaded machine is not a failure, an app that quit is.
                try waitUntil("the Scrawl window appears", timeout: timeout) {
                    guard p.isRunning else {
                        throw LaunchError(status: p.wait(), output: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
                    }
                    return self.windowID(named: "^Scrawl$") != nil
                }
            } catch let error as LaunchError where attempt == 1 {
                print("\(error); starting it once more")
                continue
            }
            usleep(500_000)
            return p
        }
        fatalError("unreachable: the second attempt returns or throws")
    }

    struct LaunchError: Error, CustomStringConvertible {
        let status: Int32
        /// What it wrote to stderr, when that was kept.
        var output = ""
        var description: String { "scrawl exited with status \(status) before showing its window: \(output.suffix(1500))" }
    }

    /// Runs xdotool with `arguments`; returns its output.
    @discardableResult
    func xdotool(_ arguments: [String]) throws -> String {
        try Subprocess.run("/usr/bin/xdotool", arguments, environment: environment).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func windowID(named pattern: String) -> String? {
        let ids = (try? xdotool(["search", "--onlyvisible", "--name", pattern])) ?? ""
        return ids.split(separator: "\n").first.map(String.init)
    }

    func windowCount(named pattern: String) -> Int {
        ((try? xdotool(["search", "--onlyvisible", "--name", pattern])) ?? "").split(separator: "\n").count
    }

    /// Top-left corner of a window on the screen.
    func origin(of window: String) throws -> (x: Int, y: Int) {
        let g = try geometry(of: window)
        return (g.x, g.y)
    }

    /// Where a window is on the screen and how large it is.
    func geometry(of window: String) throws -> (x: Int, y: Int, width: Int, height: Int) {
        let text = try xdotool(["getwindowgeometry", "--shell", window])
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=")
            if parts.count == 2 { values[String(parts[0])] = Int(parts[1]) }
        }
        return (values["X"] ?? 0, values["Y"] ?? 0, values["WIDTH"] ?? 0, values["HEIGHT"] ?? 0)
    }

    func key(_ combo: String) throws {
        try xdotool(["key", "--clearmodifiers", combo])
        usleep(300_000)
    }

    func type(_ text: String) throws {
        try xdotool(["type", "--delay", "20", text])
    }

    /// Presses the primary button at the first point, moves through the others, releases.
    func drag(_ points: [(Int, Int)]) throws {
        guard let first = points.first else { return }
        try xdotool(["mousemove", String(first.0), String(first.1), "mousedown", "1"])
        for p in points.dropFirst() {
            try xdotool(["mousemove", String(p.0), String(p.1)])
            usleep(15_000)
        }
        try xdotool(["mouseup", "1"])
        usleep(200_000)
    }

    /// The same as ``drag(_:)`` in one xdotool call, without pauses: for drawing many times fast.
    func quickDrag(_ points: [(Int, Int)]) throws {
        guard let first = points.first else { return }
        var moves = ["mousemove", String(first.0), String(first.1), "mousedown", "1"]
        for p in points.dropFirst() { moves += ["mousemove", String(p.0), String(p.1)] }
        try xdotool(moves + ["mouseup", "1"])
    }

    func screenshot(to path: String) throws {
        try Subprocess.run("/usr/bin/import", ["-window", "root", path], environment: environment)
    }

    func waitUntil(_ what: String, timeout: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(100_000)
        }
        let shot = ScrawlProcess.projectRoot.appendingPathComponent(".build/ui-screenshots").path
        try? FileManager.default.createDirectory(atPath: shot, withIntermediateDirectories: true)
        try? screenshot(to: shot + "/timeout.png")
        throw TimedOut(description: "timed out waiting until \(what) (screen: .build/ui-screenshots/timeout.png)")
    }

    func stop() {
        for p in [app, xvfb].compactMap({ $0 }) where p.isRunning {
            p.terminate()
            p.wait()
        }
        if let busPID { kill(busPID, SIGTERM) }
        try? FileManager.default.removeItem(atPath: home)
    }
}
