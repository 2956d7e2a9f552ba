import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes through posix_spawn and waitpid. (Foundation's `Process.waitUntilExit` was seen
/// to hang forever on Linux when a child exited while others were running.) The bench uses it to
/// run the peer scripts and `scrawl recognize`; the tests, to drive the app.
public final class Subprocess {
    public let pid: pid_t
    private var output: Int32 = -1
    private var reaped: Int32?

    /// Starts `executable` with `arguments`; stdout is captured when `captureOutput`, else discarded;
    /// stderr goes to `errorPath` (or is discarded).
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, captureOutput: Bool = false,
                errorPath: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeFDs: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&pipeFDs) == 0 else { throw CocoaError(.fileReadUnknown) }
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
            posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, errorPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, argv, envp)
        if captureOutput { close(pipeFDs[1]) }
        guard rc == 0 else {
            if captureOutput { close(pipeFDs[0]) }
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable])
        }
        pid = child
        output = pipeFDs[0]
    }

    /// Runs to completion; returns the exit status and what it printed.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           errorPath: String? = nil) throws -> (status: Int32, output: String) {
        let p = try Subprocess(executable, arguments, environment: environment, captureOutput: true, errorPath: errorPath)
        let text = p.readAll()
        return (p.wait(), text)
    }

    /// Everything the child writes to stdout until it closes it.
    public func readAll() -> String {
        guard output >= 0 else { return "" }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(output, &buffer, buffer.count)
            if n > 0 { data += buffer[0 ..< n] } else if n == 0 || errno != EINTR { break }
        }
        close(output)
        output = -1
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits for the exit status (128 + signal when killed).
    @discardableResult
    public func wait() -> Int32 {
        if let reaped { return reaped }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        reaped = code
        return code
    }

    /// True while the child has not exited (reaps it when it has).
    public var isRunning: Bool {
        if reaped != nil { return false }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid {
            reaped = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return false
        }
        return r == 0
    }

    public func terminate() {
        if isRunning { kill(pid, SIGTERM) }
    }

    deinit {
        if output >= 0 { close(output) }
    }
}
