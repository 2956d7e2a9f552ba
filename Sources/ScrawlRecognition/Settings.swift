import Foundation

/// What the window remembers between runs, in `$XDG_CONFIG_HOME/scrawl/settings.json`: the model
/// in use, live recognition, the pen width and the window's size. Written atomically; a missing file means the
/// defaults, and a damaged one too (said once: the next save replaces it). Missing keys (a file
/// from an older Scrawl) mean their defaults.
public struct Settings: Codable, Equatable, Sendable {
    /// The selected model: nil for the built-in model, else a personal model's name.
    public var model: String?
    /// Recognize as you draw (default on).
    public var live: Bool?
    /// Pen diameter in canvas pixels (default 22).
    public var penWidth: Double?
    /// The main window's size when it was last closed (unmaximized), and whether it was maximized.
    public var windowWidth: Int?, windowHeight: Int?, maximized: Bool?

    public init(model: String? = nil, live: Bool? = nil, penWidth: Double? = nil,
                windowWidth: Int? = nil, windowHeight: Int? = nil, maximized: Bool? = nil) {
        self.model = model
        self.live = live
        self.penWidth = penWidth
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
        self.maximized = maximized
    }

    /// `$XDG_CONFIG_HOME/scrawl/settings.json` (`~/.config` when unset).
    public static func defaultPath() -> String {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (home + "/.config")
        return base + "/scrawl/settings.json"
    }

    /// The settings at `path`, and a note when the file was there but could not be read.
    public static func load(path: String) -> (settings: Settings, note: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return (Settings(), nil) }
        guard let data = FileManager.default.contents(atPath: path), let settings = try? JSONDecoder().decode(Settings.self, from: data) else {
            return (Settings(), tr("The settings file {file} could not be read; the defaults are used and it is rewritten on the next change.", ["file": path]))
        }
        return (settings, nil)
    }

    /// Writes the settings atomically, creating the folder.
    public func save(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: path)
    }
}
