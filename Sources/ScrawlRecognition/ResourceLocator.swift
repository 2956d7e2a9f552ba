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

    /// The folder of Scrawl's compiled message catalogs (`LANG/LC_MESSAGES/scrawl.mo`):
    /// `$SCRAWL_LOCALEDIR`, then `locale` beside the executable (a build tree, compiled by
    /// `meson-helper.sh build`), then `../share/locale` (an installed copy). Nil leaves gettext's default.
    public static func catalogFolder() -> String? {
        if let env = ProcessInfo.processInfo.environment["SCRAWL_LOCALEDIR"], !env.isEmpty { return env }
        for exe in executableFolders() {
            for candidate in [exe.appendingPathComponent("locale").path, exe.deletingLastPathComponent().appendingPathComponent("share/locale").path] {
                let languages = (try? FileManager.default.contentsOfDirectory(atPath: candidate)) ?? []
                if languages.contains(where: { FileManager.default.fileExists(atPath: "\(candidate)/\($0)/LC_MESSAGES/scrawl.mo") }) {
                    return candidate
                }
            }
        }
        return nil
    }

    /// The executable's folder as invoked and with its links resolved (`/proc/self/exe`).
    static func executableFolders() -> [URL] {
        var folders = [URL(fileURLWithPath: CommandLine.arguments.first.map { ($0 as NSString).resolvingSymlinksInPath } ?? "").deletingLastPathComponent()]
        if let selfExe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: selfExe).deletingLastPathComponent())
        }
        return folders
    }

    static func candidateFolders() -> [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment["SCRAWL_RESOURCES"], !env.isEmpty { folders.append(env) }
        for exe in executableFolders() {
            var dir = exe
            folders.append(dir.deletingLastPathComponent().appendingPathComponent("share/scrawl").path)
            for _ in 0 ..< 6 {
                folders.append(dir.appendingPathComponent("Resources").path)
                dir = dir.deletingLastPathComponent()
            }
        }
        return folders
    }
}
