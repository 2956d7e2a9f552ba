import Foundation

/// Finds Scrawl's data files: `$SCRAWL_RESOURCES`, then `../share/scrawl` beside the executable
/// (an installed copy), then a `Resources` folder in any parent of the executable (a build tree).
public enum ResourceLocator {
    /// The shipped model's file name.
    public static let modelName = "scrawl-model.scrawl"

    /// Full path of the resource `name`, or nil when no candidate folder has it.
    public static func path(of name: String) -> String? {
        for folder in candidateFolders() {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// `Assets/icons` of the source tree the executable was built in, if any (an installed copy
    /// finds its icons in the hicolor theme instead).
    public static func developmentIconFolder() -> String? {
        for folder in candidateFolders() where folder.hasSuffix("/Resources") {
            let icons = (folder as NSString).deletingLastPathComponent + "/Assets/icons"
            if FileManager.default.fileExists(atPath: icons + "/io.github.scrawl.Scrawl.svg") { return icons }
        }
        return nil
    }

    static func candidateFolders() -> [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment["SCRAWL_RESOURCES"], !env.isEmpty { folders.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first.map { ($0 as NSString).resolvingSymlinksInPath } ?? "")
        var dir = exe.deletingLastPathComponent()
        folders.append(dir.deletingLastPathComponent().appendingPathComponent("share/scrawl").path)
        for _ in 0 ..< 6 {
            folders.append(dir.appendingPathComponent("Resources").path)
            dir = dir.deletingLastPathComponent()
        }
        if let selfExe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var d = URL(fileURLWithPath: selfExe).deletingLastPathComponent()
            folders.append(d.deletingLastPathComponent().appendingPathComponent("share/scrawl").path)
            for _ in 0 ..< 6 {
                folders.append(d.appendingPathComponent("Resources").path)
                d = d.deletingLastPathComponent()
            }
        }
        return folders
    }
}
